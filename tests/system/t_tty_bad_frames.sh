# A hostile client of a tty instance: after "connect repl.1", a frame of an unknown type, a keys frame of 4097 bytes, a size frame of 3 or 5 bytes, a frame only muster sends: each gets the client dropped (the connection closed) with nothing typed, the process and muster running on; well-formed frames are typed, and a real client works after them all.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
EOP
printf '[repl]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

# dropped EXPR: frames after the request get the client dropped; what
# follows the bad frame (a line typed) is not typed.
dropped() {
	raw_connect "$sock" 'b"connect repl.1\n" + '"$1"' + frame(b"k", b"typed after\r")' >raw.out
	assert_eq "connected repl.1
<closed>" "$(cat raw.out)" "the answer to $1"
	alive "$repl" || fail "repl.1 ended after $1"
	alive "$MUSTER_PID" || fail "muster ended after $1"
}
dropped 'frame(b"z", b"x")'
dropped 'b"\xff\x00\x00"'
dropped 'frame(b"k", b"A" * 4097)'
dropped 'b"k\x10\x01" + b"A" * 4097'
dropped 'b"k\xff\xff"'
dropped 'frame(b"w", b"\x00\x18\x00")'
dropped 'frame(b"w", b"\x00\x18\x00\x50\x00")'
dropped 'frame(b"o", b"output")'
dropped 'frame(b"x", b"exited")'
dropped 'frame(b"d", b"detached")'
# The same, sent after the request on its own, once connected.
"$PYTHON" - "$sock" >raw.out <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"connect repl.1\n")
s.settimeout(10)
data = b""
while b"\n" not in data:
    data += s.recv(4096)
s.sendall(b"k\x10\x01" + b"B" * 4097 + b"k\x00\x07after\r\n")
try:
    while s.recv(65536):
        pass
    print("<closed>")
except ConnectionResetError:
    print("<closed>")
except socket.timeout:
    print("<open>")
EOF
assert_eq "<closed>" "$(cat raw.out)" "a keys frame of 4097 bytes once connected"

# Well-formed frames from a raw client are taken: keys in pieces of any
# size (0 too), a size of 0x0 (ignored); the connection stays open (1 s).
raw_connect "$sock" 'b"connect repl.1\n" + frame(b"w", b"\0\0\0\0") + frame(b"k", b"") + frame(b"k", b"wel") + frame(b"k", b"l formed\r")' 1 >raw.out
assert_eq "connected repl.1
<open>" "$(cat raw.out)" "the answer to well-formed frames"
wait_for 'grep -q "repl\.1 *| got: well formed$" out'

drive_ok c expect '> ' send 'real\r' expect 'got: real\r\n> ' send '\x1c' exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c)" "connect after the hostile clients"
assert_eq "started with pid $repl
> well formed
got: well formed
> real
got: real" "$(stream_lines repl.1)" "what repl.1 was typed"
ctl_expect 0 status repl.1
assert_eq "repl.1 $repl running" "$(awk 'NR == 2 { print $1, $2, $3 }' ctl.out)" "repl.1 at the end"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

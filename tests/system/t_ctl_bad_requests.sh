# Raw requests muster must refuse: one of 20 000 bytes, bytes that are not text, an unknown verb, an empty line, bad operands: each gets "error ..." and "end 2" and nothing else; one request per connection; a request sent in pieces or ending in CRLF is served. muster stays unharmed: nothing relayed, the same processes, status answers. (t_ctl_close_after_answer: the connection is closed after the answer.)
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out'
web=$(pid_of_instance web.1)
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"
lines=$(wc -l <out)

# refused EXPR ERROR: the request's answer is "error ERROR" and "end 2".
refused() {
	raw_request "$sock" "$1" 0 >raw.out
	assert_eq "error $2" "$(sed -n 1p raw.out)" "error for $1"
	assert_eq "end 2" "$(sed -n 2p raw.out)" "end for $1"
	assert_eq 3 "$(wc -l <raw.out)" "lines of the answer to $1: $(cat raw.out)"
	alive "$MUSTER_PID" || fail "muster ended after $1"
}

refused 'b"status " + b"a" * 20000 + b"\n"' "request longer than 4096 bytes"
refused 'b"status" + b" " * 4091 + b"\n"' "request longer than 4096 bytes"
refused 'b"x" * 100000' "request longer than 4096 bytes"
refused 'b"\x00\xff\n"' "request is not printable text"
refused 'b"status \x1b[31mweb\n"' "request is not printable text"
refused 'b"status web\xc3\xa9\n"' "request is not printable text"
refused 'b"frobnicate web\n"' "unknown verb 'frobnicate'"
refused 'b"STATUS\n"' "unknown verb 'STATUS'"
refused 'b"\n"' "empty request"
refused 'b"   \n"' "empty request"
refused 'b"logs many\n"' "invalid line count 'many'"
refused 'b"kill NOPE web\n"' "invalid signal 'NOPE'"
refused 'b"restart\n"' "restart needs a process name"
raw_request "$sock" 'b"status nope\n"' 0 >raw.out
assert_eq "error unknown process 'nope'
end 2" "$(head -n 2 raw.out)" "answer to status nope"

# Served: a request of 4095 bytes and its newline, one in CRLF, one sent
# in pieces; and only the first of two requests on a connection.
raw_request "$sock" 'b"status web.1" + b" " * 4083 + b"\n"' 0 >raw.out
assert_grep '^proc ' raw.out
assert_eq "end 0" "$(grep '^end' raw.out)" "answer to 4096 bytes"
raw_request "$sock" 'b"status web\r\n"' 0 >raw.out
assert_eq "end 0" "$(grep '^end' raw.out)" "answer to a CRLF request"
"$PYTHON" - "$sock" >raw.out <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
for piece in (b"sta", b"tus", b" we", b"b.1", b"\n"):
    s.sendall(piece)
    time.sleep(0.05)
s.settimeout(10)
data = b""
while not (data.startswith(b"end ") or b"\nend " in data) or not data.endswith(b"\n"):
    c = s.recv(4096)
    if not c:
        break
    data += c
sys.stdout.write(data.decode())
EOF
assert_eq "end 0" "$(grep '^end' raw.out)" "answer to a request in pieces"
assert_eq 1 "$(count_lines '^proc ' raw.out)" "status lines of a request in pieces"
raw_request "$sock" 'b"status web.1\nstop\nkill KILL web\n"' 0 >raw.out
assert_eq 1 "$(count_lines '^end ' raw.out)" "answers to three requests on one connection"
assert_eq "end 0" "$(grep '^end' raw.out)" "answer to the first of three requests"

assert_eq "$lines" "$(wc -l <out)" "lines relayed"
alive "$web" || fail "web.1 ended"
ctl_expect 0 status
assert_eq "$web" "$(awk '$1 == "web.1" { print $2 }' ctl.out)" "web.1 pid"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

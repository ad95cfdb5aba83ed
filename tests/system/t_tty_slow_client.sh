# A client that cannot keep up is detached, never the process slowed: hog.1 writes 300 000 lines (about 2.3 MB through its terminal) while its client reads nothing, first a raw socket client that never reads, then a real "muster connect" stopped with SIGSTOP. Each time muster relays every line, in order, while the client is stuck; the client is let go (the raw one's connection closed; the real one, continued, says it was detached and exits 0, its terminal restored); the process runs on and a new client connects.
. "$TESTS_DIR/lib_tty.sh"

# Each burst N waits for ./goN, writes 1..300000 and "done N".
cat >Procfile <<EOP
hog: i=0; printf 'waiting\n'; while :; do i=\$((i + 1)); while [ ! -f go\$i ]; do sleep 0.02; done; seq 300000; echo "done \$i"; done # $MARK
EOP
printf '[hog]\ntty = true\n' >muster.ini
start_muster start --no-timestamp
wait_for 'grep -q "hog\.1 *| waiting$" out'
hog=$(pid_of_instance hog.1)
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"
seq 300000 >expected

# burst N: hog.1's burst N, all of it on muster's stream, in order.
burst() {
	touch "go$1"
	wait_for 'grep -q "hog\.1 *| done '"$1"'$" out' 30
	stream_lines hog.1 | awk -v n="$1" '
	    $0 == "done " n { exit }
	    on { print }
	    $0 == (n == 1 ? "waiting" : "done " n - 1) { on = 1 }' >got
	cmp -s expected got || fail "burst $1 on muster's stream: $(cmp expected got 2>&1 | head -n 1)"
}

# The raw client reads its "connected" line, touches ./connected, reads
# nothing more until ./read exists, then all there is: it prints the
# bytes it got and how the connection ended.
"$PYTHON" - "$sock" >slow.out <<'EOF' &
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(sys.argv[1])
s.sendall(b"connect hog.1\nw\x00\x04\x00\x18\x00\x50")
data = b""
while b"\n" not in data:
    data += s.recv(1)
open("connected", "w").close()
deadline = time.monotonic() + 60
while not os.path.exists("read"):
    if time.monotonic() > deadline:
        sys.exit("no ./read after 60 s")
    time.sleep(0.02)
got, end = 0, "<open>"
s.settimeout(10)
try:
    while True:
        c = s.recv(65536)
        if not c:
            end = "<closed>"
            break
        got += len(c)
except ConnectionResetError:
    end = "<closed>"
except socket.timeout:
    pass
print(got, end)
EOF
client=$!
wait_for '[ -f connected ]'
burst 1
rss=$(awk '/^VmHWM/ { print $2 }' /proc/"$MUSTER_PID"/status)
echo "note: muster's peak RSS ${rss} KiB"
touch read
wait "$client"
assert_eq 0 $? "the raw client"
read -r got end <slow.out
assert_eq "<closed>" "$end" "the raw client's connection"
[ "$got" -lt 2000000 ] || fail "the raw client got $got bytes: it was not let go"
alive "$hog" || fail "hog.1 ended"

# A real client, stopped while hog.1 writes, then continued.
drive c1 expect 'done 1\r\n' signal STOP touch stopped await resume \
    signal CONT exit \
    -- "$MUSTER" connect hog.1 &
driver=$!
wait_for '[ -f stopped ]'
burst 2
touch resume
wait "$driver"
assert_eq 0 $? "the driver of the stopped client: $(cat c1.err)"
assert_eq "exit 0" "$(ended c1)" "the stopped client's end"
assert_restored c1
client_said c1 | tail -n 1 | grep -q '^muster: detached' ||
	fail "the stopped client's last line: $(client_said c1 | tail -n 1)"
alive "$hog" || fail "hog.1 ended"
alive "$MUSTER_PID" || fail "muster ended"

drive_ok c2 expect 'done 2\r\n' send '\x1c' exit -- "$MUSTER" connect hog.1
assert_eq "exit 0" "$(ended c2)" "a new client's end"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

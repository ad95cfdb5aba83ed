# A client that does not send its whole request within 5 s is dropped (connection closed, nothing answered): one that sends nothing, one that sends a line without its newline, one that trickles a byte a second; meanwhile muster serves others at once and relays as usual.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out'
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

# Each slow client reports how long its connection lasted and what it got.
"$PYTHON" - "$sock" >slow.out 2>slow.err <<'EOF' &
import select, socket, sys, time
socks = {}
for name in ("silent", "partial", "trickle"):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    socks[s] = name
t0 = time.monotonic()
open("connected", "w").close()
[s for s in socks if socks[s] == "partial"][0].sendall(b"status web")
trickle = [s for s in socks if socks[s] == "trickle"][0]
got = {s: b"" for s in socks}
ended = {}
sent = 0
while len(ended) < len(socks) and time.monotonic() - t0 < 10:
    if trickle not in ended and time.monotonic() - t0 > sent:
        try:
            trickle.send(b"status"[sent % 6:sent % 6 + 1])
        except OSError:
            pass
        sent += 1
    live = [s for s in socks if s not in ended]
    r, _, _ = select.select(live, [], [], 0.1)
    for s in r:
        try:
            c = s.recv(4096)
        except ConnectionResetError:
            c = b""
        if c:
            got[s] += c
        else:
            ended[s] = time.monotonic() - t0
for s, name in socks.items():
    print(name, "%.1f" % ended.get(s, -1), repr(got[s]))
EOF
slow=$!
wait_for '[ -f connected ]'
# muster is not held up by them.
t0=$(now_ms)
ctl_expect 0 status
[ $(($(now_ms) - t0)) -lt 2000 ] || fail "status took $(($(now_ms) - t0)) ms beside slow clients"
wait_for '! alive $slow' 15
wait "$slow" || fail "the slow clients failed: $(cat slow.err)"
for name in silent partial trickle; do
	read -r _ secs got <<<"$(grep "^$name " slow.out)"
	[ -n "$got" ] || fail "no report for $name: $(cat slow.out slow.err)"
	assert_eq "b''" "$got" "what $name got"
	case $secs in
	4.[5-9] | 5.* | 6.* | 7.*) ;;
	*) fail "$name dropped after $secs s (expected about 5 s; -1: never)" ;;
	esac
done
ctl_expect 0 status
alive "$(pid_of_instance web.1)" || fail "web.1 ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

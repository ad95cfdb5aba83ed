# 100 idle connections at once while a process writes 200 000 lines: muster serves 64 clients at most (the other 36 get "error too many clients" and "end 1", as does a muster status meanwhile), drops the 64 silent ones after 5 s, relays every line in order, and serves status again once they are gone.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: while [ ! -f go ]; do sleep 0.02; done; seq -f "line %.0f" 200000; echo done; sleep 30 # $MARK
EOP
start_muster start --no-timestamp
wait_for 'grep -q "web\.1 *| started with pid" out'
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

"$PYTHON" - "$sock" >clients.out 2>clients.err <<'EOF' &
import select, socket, sys, time
socks = []
for i in range(100):
    s = socket.socket(socket.AF_UNIX)
    # Blocking: a connect waits while muster's backlog is full.
    s.connect(sys.argv[1])
    socks.append(s)
t0 = time.monotonic()
open("connected", "w").close()
got = {s: b"" for s in socks}
ended = {}
while len(ended) < len(socks) and time.monotonic() - t0 < 15:
    live = [s for s in socks if s not in ended]
    r, _, _ = select.select(live, [], [], 0.2)
    for s in r:
        try:
            c = s.recv(4096)
        except ConnectionResetError:
            c = b""
        if c:
            got[s] += c
        else:
            ended[s] = time.monotonic() - t0
refused = sum(1 for s in socks if got[s] == b"error too many clients\nend 1\n")
dropped = sum(1 for s in socks if got[s] == b"" and 4 <= ended.get(s, -1) < 10)
print("refused %d dropped %d other %d" % (refused, dropped, len(socks) - refused - dropped))
for s in socks:
    if got[s] != b"error too many clients\nend 1\n" and not (got[s] == b"" and 4 <= ended.get(s, -1) < 10):
        print("other: %r after %.1f s" % (got[s], ended.get(s, -1)))
EOF
clients=$!
wait_for '[ -f connected ] || ! alive $clients' 20
[ -f connected ] || fail "the clients could not connect: $(cat clients.err)"
touch go
# The 64 held slots refuse a real client too, each time.
busy=
for i in 1 2 3 4 5; do
	ctl_expect 1 status
	busy="$busy$i: $(cat ctl.err) "
done
wait_for 'grep -q "web\.1 *| done$" out' 60
wait_for '! alive $clients' 20
wait "$clients" || fail "the clients failed: $(cat clients.err)"
assert_eq "refused 36 dropped 64 other 0" "$(head -n 1 clients.out)" "the 100 clients ($(tail -n +2 clients.out))"
sed -n 's/^web\.1 *| line //p' out >lines
seq 200000 >expected
cmp -s expected lines || fail "lines relayed: $(wc -l <lines) of 200000; $(cmp expected lines 2>&1 | head -n 1)"

ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
# Last, so that the rest is known: what the client said beside 64 others.
assert_eq "1: muster: too many clients 2: muster: too many clients 3: muster: too many clients 4: muster: too many clients 5: muster: too many clients " "$busy" "stderr of status beside 64 clients"
exit 0

# A socket left behind by a muster killed with SIGKILL is stale: the next muster start replaces it and serves on it (status names the new muster); a file there that is not a socket is never removed: muster says why it has no control and runs the app.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "| ready$" out'
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"
first=$MUSTER_PID
kill -KILL "$MUSTER_PID"
wait "$MUSTER_PID"
# muster's guard stops what it ran; the socket stays behind.
wait_for '[ -z "$(marked_procs)" ]'
[ -S "$sock" ] || fail "the socket of a killed muster is gone: nothing stale to test"
ctl_expect 3 status
assert_eq "muster: not running: no socket at $sock" "$(cat ctl.err)" "stderr with a stale socket"

start_muster start
wait_for 'grep -q "| ready$" out'
assert_no_grep 'no control socket|already running' out
assert_eq "" "$(cat err)" "stderr of the start over a stale socket"
ctl_expect 0 status --json
"$PYTHON" -c 'import json, sys; d = json.load(open("ctl.out")); sys.exit(not (d["pid"] == int(sys.argv[1]) != int(sys.argv[2])))' "$MUSTER_PID" "$first" ||
	fail "status after a stale socket: $(cat ctl.out)"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ -e "$sock" ] && fail "socket left at exit"

# A regular file where the socket goes: kept, and no control.
echo "not a socket" >"$sock"
start_muster start
wait_for 'grep -q "| ready$" out'
assert_grep '^[0-9:]{8} system +\| no control socket: ' out
ctl_expect 3 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "not a socket" "$(cat "$sock")" "the file where the socket goes"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# A process that ignores SIGTERM gets SIGKILL once -t has passed, and muster exits.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
start_muster start -t 0.5
wait_for 'grep -q "web\.1 *| ready" out'
pid=$(pid_of_instance web.1)
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_muster 10
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGTERM to web\\.1 \\(pid $pid\\)$" out
assert_grep "^[0-9:]{8} system +\\| sending SIGKILL to web\\.1 \\(pid $pid\\)$" out
assert_grep 'web\.1 +\| killed by SIGKILL$' out
term=$(grep -n 'sending SIGTERM to web' out | cut -d: -f1)
kill=$(grep -n 'sending SIGKILL to web' out | cut -d: -f1)
[ "$term" -lt "$kill" ] || fail "SIGKILL line before the SIGTERM line"
[ "$elapsed" -ge 450 ] || fail "muster exited after ${elapsed} ms, before -t 0.5"
[ "$elapsed" -lt 5000 ] || fail "muster took ${elapsed} ms to exit with -t 0.5"
alive "$pid" && fail "web.1 still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

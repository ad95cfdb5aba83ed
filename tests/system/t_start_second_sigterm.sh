# A SIGTERM during a SIGINT shutdown kills at once, without waiting for -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
worker: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
start_muster start -t 30
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
web=$(pid_of_instance web.1)
worker=$(pid_of_instance worker.1)
kill -INT "$MUSTER_PID"
wait_for 'grep -q "sending SIGTERM to worker\.1" out'
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_muster 5
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "second signal took ${elapsed} ms"
assert_eq 130 "$MUSTER_STATUS" "exit status (the first signal's)"
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $web\\)$" out
assert_grep "system +\\| sending SIGKILL to worker\\.1 \\(pid $worker\\)$" out
alive "$web" && fail "web.1 still alive"
alive "$worker" && fail "worker.1 still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

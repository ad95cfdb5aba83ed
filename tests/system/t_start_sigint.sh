# SIGINT to muster stops every process with SIGTERM and muster exits 130.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
web=$(pid_of_instance web.1)
worker=$(pid_of_instance worker.1)
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} system +\| SIGINT received, stopping$' out
assert_grep "system +\\| sending SIGTERM to web\\.1 \\(pid $web\\)$" out
assert_grep "system +\\| sending SIGTERM to worker\\.1 \\(pid $worker\\)$" out
assert_grep 'web\.1 +\| killed by SIGTERM$' out
assert_grep 'worker\.1 +\| killed by SIGTERM$' out
alive "$web" && fail "web.1 still alive"
alive "$worker" && fail "worker.1 still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

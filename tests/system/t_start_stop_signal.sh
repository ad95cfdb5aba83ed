# stop_signal in muster.ini is the signal the type's processes get at shutdown; others get SIGTERM.
. "$TESTS_DIR/lib.sh"

cmd="trap 'echo got INT; exit 0' INT; trap 'echo got TERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done # $MARK"
printf 'web: %s\nworker: %s\n' "$cmd" "$cmd" >Procfile
printf '[web]\nstop_signal = INT\n' >muster.ini
start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
web=$(pid_of_instance web.1)
worker=$(pid_of_instance worker.1)
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGINT to web\\.1 \\(pid $web\\)$" out
assert_grep "system +\\| sending SIGTERM to worker\\.1 \\(pid $worker\\)$" out
assert_grep '^[0-9:]{8} web\.1 +\| got INT$' out
assert_grep '^[0-9:]{8} worker\.1 +\| got TERM$' out
assert_no_grep 'web\.1 +\| got TERM$' out
assert_grep 'web\.1 +\| exited with code 0$' out
assert_no_grep 'SIGKILL' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

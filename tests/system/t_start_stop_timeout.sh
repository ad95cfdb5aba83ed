# stop_timeout in muster.ini bounds the SIGTERM-to-SIGKILL wait of its type; other types keep -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
worker: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
printf '[web]\nstop_timeout = 0.3\n' >muster.ini
start_muster start -t 3
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
web=$(pid_of_instance web.1)
worker=$(pid_of_instance worker.1)
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_for '! alive $web' 10
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 2500 ] || fail "web.1 killed after ${elapsed} ms, stop_timeout 0.3"
alive "$worker" || fail "worker.1 killed before its -t of 3 s"
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $web\\)$" out
assert_no_grep 'sending SIGKILL to worker' out
wait_muster 10
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -ge 2900 ] || fail "muster exited after ${elapsed} ms, before -t 3"
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGKILL to worker\\.1 \\(pid $worker\\)$" out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

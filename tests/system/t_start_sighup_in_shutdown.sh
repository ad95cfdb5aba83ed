# SIGHUP during a shutdown is ignored: the stop timeout still runs its course.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; trap 'echo usr1 >>usr1.mark' USR1; echo ready; while :; do sleep 0.05; done # $MARK
EOP
start_muster start -t 2
wait_for 'grep -q "web\.1 *| ready" out'
pid=$(pid_of_instance web.1)
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_for 'grep -q "sending SIGTERM to web\.1" out'
kill -HUP "$MUSTER_PID"
# muster handles pending signals lowest number first: once the SIGUSR1
# sent after the SIGHUP has reached the process, the SIGHUP was handled.
kill -USR1 "$MUSTER_PID"
wait_for '[ -s usr1.mark ]'
alive "$MUSTER_PID" || fail "muster ended on SIGHUP during shutdown"
alive "$pid" || fail "web.1 was killed on SIGHUP during shutdown"
assert_no_grep 'SIGKILL' out
wait_muster 10
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -ge 1900 ] || fail "muster exited after ${elapsed} ms, before -t 2"
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $pid\\)$" out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

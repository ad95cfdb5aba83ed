# on_exit = restart: an ended instance is started again after 0.1 s, with a new pid, and the rest keep running.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
tick: if [ -f once ]; then echo second run; sleep 30; else touch once; echo first run; exit 1; fi # $MARK
EOP
printf '[tick]\non_exit = restart\n' >muster.ini
start_muster start
wait_for 'grep -q "tick\.1 *| second run" out'
assert_grep '^[0-9:]{8} tick\.1 +\| exited with code 1$' out
assert_grep '^[0-9:]{8} tick\.1 +\| restarting in 0\.1 s$' out
assert_eq 2 "$(count_lines 'tick\.1 +\| started with pid [0-9]+$' out)" "tick.1 starts"
first=$(sed -n 's/.*tick\.1 *| started with pid \([0-9]*\)$/\1/p' out | head -n 1)
second=$(pid_of_instance tick.1)
[ "$first" != "$second" ] || fail "restarted with the same pid $first"
alive "$second" || fail "the restarted tick.1 is not running"
alive "$(pid_of_instance web.1)" || fail "web.1 ended after a restart"
assert_no_grep 'sending SIGTERM' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGTERM to tick\\.1 \\(pid $second\\)$" out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

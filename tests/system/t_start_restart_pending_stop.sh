# A shutdown while a restart is pending cancels it: nothing is started again and muster exits at once.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
tick: exit 1
EOP
printf '[tick]\non_exit = restart\nrestart_limit = 10\n' >muster.ini
start_muster start
wait_for 'grep -q "tick\.1 *| restarting in 1\.6 s" out'
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_muster 10
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ "$elapsed" -lt 1200 ] || fail "muster took ${elapsed} ms to exit with a restart pending"
assert_eq 5 "$(count_lines 'tick\.1 +\| started with pid' out)" "tick.1 starts"
assert_eq "0.1 0.2 0.4 0.8 1.6" "$(sed -n 's/.*tick\.1 *| restarting in \(.*\) s$/\1/p' out | tr '\n' ' ' | sed 's/ $//')" "restart delays"
assert_no_grep 'sending SIGTERM to tick' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

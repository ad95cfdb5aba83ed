# on_exit = ignore: the instance's end is reported and the other processes keep running.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: until grep -q 'quick.1 *| exited' out 2>/dev/null; do sleep 0.01; done; echo still here; sleep 30 # $MARK
quick: exit 3
EOP
printf '[quick]\non_exit = ignore\n' >muster.ini
start_muster start
wait_for 'grep -q "web\.1 *| still here" out'
assert_grep '^[0-9:]{8} quick\.1 +\| exited with code 3$' out
web=$(pid_of_instance web.1)
alive "$web" || fail "web.1 ended after an ignored exit"
alive "$MUSTER_PID" || fail "muster ended after an ignored exit"
assert_no_grep 'sending SIGTERM' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGTERM to web\\.1 \\(pid $web\\)$" out
assert_no_grep 'sending SIGTERM to quick' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

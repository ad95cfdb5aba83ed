# A stopped (SIGSTOP) process group still ends on shutdown: the stop signal goes with SIGCONT.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start -t 30
wait_for 'grep -q "web\.1 *| ready" out'
pid=$(pid_of_instance web.1)
kill -STOP -- "-$pid"
wait_for '[ "$(ps -o stat= -p $pid | cut -c1)" = T ]'
kill -TERM "$MUSTER_PID"
wait_muster 10
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| killed by SIGTERM$' out
assert_no_grep 'SIGKILL' out
pgroup_alive "$pid" && fail "a process of group $pid survived"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

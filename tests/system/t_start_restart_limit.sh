# on_exit = restart with restart_limit: delays double from 0.1 s, and past the limit muster shuts down with the code.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
tick: echo run; exit 6
EOP
printf '[tick]\non_exit = restart\nrestart_limit = 3\n' >muster.ini
start_muster start
wait_muster 20
assert_eq 6 "$MUSTER_STATUS" "exit status"
assert_eq 4 "$(count_lines 'tick\.1 +\| started with pid' out)" "tick.1 starts"
assert_eq 4 "$(count_lines 'tick\.1 +\| exited with code 6$' out)" "tick.1 exits"
assert_eq "0.1 0.2 0.4" "$(sed -n 's/.*tick\.1 *| restarting in \(.*\) s$/\1/p' out | tr '\n' ' ' | sed 's/ $//')" "restart delays"
assert_grep '^[0-9:]{8} tick\.1 +\| restart limit reached$' out
assert_grep 'system +\| sending SIGTERM to web\.1 \(pid [0-9]+\)$' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

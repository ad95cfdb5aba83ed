# A restart's stop protocol does not outlive it: once the old process has ended, the SIGKILL that was due after -t does not reach the new one, which runs on past the timeout with the app.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo "ready \$PS"; exec sleep 30 # $MARK
clock: sleep 1.5; echo tick; exec sleep 30 # $MARK
EOP
start_muster start -t 0.5 web
wait_for '[ "$(count_lines "\| ready " out)" -eq 1 ]'
ctl_expect 0 restart web.1
new=$(pid_of_instance web.1)
# Past the timeout of the restart's stop (clock says so, three times
# over): the new process must still run.
wait_for '[ "$(count_lines "\| ready " out)" -eq 2 ]'
ctl_expect 0 scale clock=1
wait_for '[ "$(count_lines "clock\.1 +\| tick$" out)" -eq 1 ]'
alive "$new" || fail "the restarted web.1 ended: $(tail -n 3 out)"
assert_no_grep 'SIGKILL' out
ctl_expect 0 status web.1
alive "$MUSTER_PID" || fail "muster ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

# ready_timeout: an instance not ready in time is told "not ready after N s", gets its stop protocol and counts as ended with 1 for its on_exit: shutdown stops the app with exit 1; ignore leaves it failed (status, wait) while the app runs on; restart starts it again, starting anew, until its restart limit.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
web: echo "web up"; sleep 30 # $MARK
slow: echo "booting"; sleep 30 # $MARK
EOP

# slow_ini ON_EXIT: slow never says it listens and has 0.5 s to.
slow_ini() {
	printf '[slow]\nready = line listening\nready_timeout = 0.5\non_exit = %s\nrestart_limit = 1\n' "$1" >muster.ini
}

# The default policy: the app stops with 1.
slow_ini shutdown
t0=$(now_ms)
start_muster start
wait_muster
elapsed=$(($(now_ms) - t0))
assert_eq 1 "$MUSTER_STATUS" "exit status, on_exit = shutdown"
[ "$elapsed" -ge 500 ] || fail "muster ended after $elapsed ms, before ready_timeout"
assert_grep 'slow\.1 *\| not ready after 0\.5 s$' out
assert_before 'slow\.1 *\| not ready after' 'sending SIGTERM to slow\.1'
assert_before 'slow\.1 *\| killed by SIGTERM' 'sending SIGTERM to web\.1'
assert_no_grep 'slow\.1 *\| ready after' out
assert_eq "" "$(marked_procs)" "processes left"

# ignore: failed, and the rest runs on.
slow_ini ignore
start_muster start
wait_for 'grep -q "slow\.1 *| killed by SIGTERM" out'
wait_for 'state_is slow.1 failed'
ctl_expect 1 status --json
assert_eq failed "$(json_state slow.1)" "slow.1 not ready in time"
assert_eq running "$(json_state web.1)" "web.1 beside it"
ctl_expect 1 wait -t 5 slow
assert_grep 'slow\.1' ctl.err
ctl_expect 0 wait -t 5 web
alive "$MUSTER_PID" || fail "muster ended under on_exit = ignore"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status, on_exit = ignore"
assert_eq 1 "$(count_lines 'slow\.1 *\| started with pid' out)" "starts of slow.1 (ignore)"
assert_eq "" "$(marked_procs)" "processes left"

# restart: restarting, starting again; the limit reached, the app stops.
slow_ini restart
start_muster start
wait_for 'grep -q "slow\.1 *| restarting in" out'
wait_for '[ "$(count_lines "slow\.1 *\| started with pid" out)" -ge 2 ]'
wait_muster
assert_eq 1 "$MUSTER_STATUS" "exit status, on_exit = restart"
assert_eq 2 "$(count_lines 'slow\.1 *\| not ready after 0\.5 s$' out)" "timeouts of slow.1"
assert_eq 2 "$(count_lines 'slow\.1 *\| started with pid' out)" "starts of slow.1 (restart)"
assert_grep 'restart limit reached' out
assert_before 'slow\.1 *\| restarting in' 'slow\.1 *\| restart limit reached|restart limit reached'
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# ready = exec COMMAND: sh -c COMMAND, run every 0.1 s with the instance's environment (PORT, PS) in the app's root directory, its output thrown away, makes the instance ready when it exits 0 (a flag file the test makes while it is starting); a command that hangs is killed, its group with it, when ready_timeout passes.
. "$TESTS_DIR/lib_ready.sh"

mkdir app
cat >app/Procfile <<EOP
web: echo web up; sleep 30 # $MARK
hang: echo hang up; sleep 30 # $MARK
EOP
cat >app/muster.ini <<EOF
[web]
ready = exec echo probe-said-\$PS; echo probe-err >&2; test -e "ready.\$PS.\$PORT"
[hang]
ready = exec echo \$\$ >>probe.groups; sleep 60 & wait; : $MARK-probe
ready_timeout = 1
on_exit = ignore
EOF
base=$(free_base 2) || fail "no free ports"

# From another directory: the probe runs in the app's root.
start_muster start -f app/Procfile -p "$base"
wait_for 'grep -q "web\.1 *| web up" out'
ctl_expect 1 status --json -f app/Procfile
assert_eq starting "$(json_state web.1)" "web.1 without its flag"
ctl_expect 124 wait -f app/Procfile -t 0.3 web
# A flag in the wrong place, or of another PORT, does nothing.
touch "ready.web.1.$base" "app/ready.web.1.$((base + 1))"
ctl_expect 124 wait -f app/Procfile -t 0.3 web

touch "app/ready.web.1.$base"
wait_for 'grep -q "web\.1 *| ready after" out'
ctl_expect 0 wait -f app/Procfile -t 5 web
assert_no_grep 'probe-said|probe-err' out

# hang.1's command never ends: killed at the deadline, with its group.
wait_for 'grep -q "hang\.1 *| not ready after 1 s" out'
wait_for '! pgrep -f -- "$MARK-probe" >/dev/null' 5
wait_for 'state_is hang.1 failed -f app/Procfile'
[ -s app/probe.groups ] || fail "hang.1's probe never ran"
while read -r pgid; do
	wait_for '! pgroup_alive '"$pgid" 5
done <app/probe.groups

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(count_lines '\| ready after' out)" "ready lines"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

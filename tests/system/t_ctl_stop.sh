# muster stop NAME stops one instance at a time (its end is not its on_exit policy's: web exits 7 on SIGTERM) and muster runs on, status answering, even once nothing runs; muster stop alone then stops the app as SIGTERM does: muster exits 143, the client 0.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'exit 7' TERM; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| ready$" out)" -eq 3 ]'
ctl_expect 0 status

left="web.1 web.2 worker.1"
for inst in web.1 web.2 worker.1; do
	pid=$(pid_of_instance "$inst")
	ctl_expect 0 stop "$inst"
	assert_eq "$inst stopped" "$(cat ctl.out)" "reply"
	# The reply comes when the stop is done.
	alive "$pid" && fail "$inst (pid $pid) runs after its stop"
	assert_grep "$inst +\\| (exited with code 7|killed by SIGTERM)$" out
	left=${left#"$inst"}
	left=${left# }
	for other in $left; do
		alive "$(pid_of_instance "$other")" || fail "$other ended with the stop of $inst"
	done
	ctl_expect 1 status
	assert_eq "stopped -" "$(awk -v n="$inst" '$1 == n { print $3, $2 }' ctl.out)" "$inst in status"
	ctl_expect 1 status "$inst"
	alive "$MUSTER_PID" || fail "muster ended after the stop of $inst"
done
ctl_expect 1 status
assert_eq "web.1 stopped web.2 stopped worker.1 stopped" \
    "$(awk 'NR > 1 { printf "%s%s %s", s, $1, $3; s = " " }' ctl.out)" "status with nothing running"
# Stopping a stopped instance is done at once.
ctl_expect 0 stop web
assert_eq "web.1 stopped
web.2 stopped" "$(cat ctl.out)" "reply for stopped instances"
assert_no_grep 'shutting down|received, stopping' out
ctl_expect 1 status
alive "$MUSTER_PID" || fail "muster ended with nothing running"

ctl_expect 0 stop
assert_grep '^stopping$' ctl.out
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
assert_eq "" "$(default_socket)" "socket left"
exit 0

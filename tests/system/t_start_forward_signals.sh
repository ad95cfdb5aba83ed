# SIGUSR1, SIGUSR2 and SIGWINCH to muster reach every process group, and muster keeps running.
. "$TESTS_DIR/lib.sh"

cmd="trap 'echo \"\$PS USR1\" >>marks' USR1; trap 'echo \"\$PS USR2\" >>marks' USR2; trap 'echo \"\$PS WINCH\" >>marks' WINCH; echo ready; while :; do sleep 30 & wait; done # $MARK"
printf 'web: %s\nworker: %s\n' "$cmd" "$cmd" >Procfile
: >marks
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| ready$" out)" -eq 3 ]'
for sig in USR1 USR2 WINCH; do
	kill -"$sig" "$MUSTER_PID"
	wait_for "[ \"\$(count_lines ' $sig\$' marks)\" -ge 3 ]"
	for inst in web.1 web.2 worker.1; do
		assert_eq 1 "$(count_lines "^$inst $sig\$" marks)" "$sig marks of $inst"
	done
done
alive "$MUSTER_PID" || fail "muster ended on a forwarded signal"
for inst in web.1 web.2 worker.1; do
	alive "$(pid_of_instance "$inst")" || fail "$inst ended on a forwarded signal"
done
assert_no_grep 'sending SIGTERM' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

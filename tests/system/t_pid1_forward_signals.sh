# As PID 1, muster forwards SIGUSR1, SIGUSR2 and SIGWINCH, sent from outside the namespace or from inside it, exactly once to every process of every group.
. "$TESTS_DIR/lib.sh"

pid1_require
command -v nsenter >/dev/null || skip "no nsenter to signal PID 1 from inside"

# Every instance's group has two processes that record each signal: the
# instance itself and a child it started.
cat >trap.sh <<'EOS'
# trap.sh ROLE: appends "$PS ROLE SIGNAL" to marks for each signal.
for s in USR1 USR2 WINCH; do
	trap "echo \"\$PS $1 $s\" >>marks" "$s"
done
echo "$1 ready"
while :; do sleep 30 & wait; done
EOS
cat >Procfile <<EOP
web: sh ./trap.sh child $MARK & exec sh ./trap.sh parent $MARK
worker: sh ./trap.sh child $MARK & exec sh ./trap.sh parent $MARK
EOP
: >marks
start_pid1 start -m web=2,worker=1
wait_for '[ "$(count_lines "\| (parent|child) ready$" out)" -eq 6 ]' 15
procs="web.1 web.2 worker.1"
for sig in USR1 USR2 WINCH; do
	# Signals coalesce: each send waits until the last one was seen.
	for k in 1 2 3 4; do
		if [ $((k % 2)) -eq 1 ]; then
			kill -"$sig" "$MUSTER_PID"
		else
			in_pid1_ns kill -"$sig" 1 || fail "kill -$sig 1 inside failed"
		fi
		wait_for "[ \"\$(count_lines ' $sig\$' marks)\" -ge $((6 * k)) ]"
		for inst in $procs; do
			for role in parent child; do
				assert_eq "$k" \
				    "$(count_lines "^$inst $role $sig\$" marks)" \
				    "SIG$sig marks of $inst $role after $k sends"
			done
		done
	done
	assert_eq 4 "$(count_lines "system +\\| SIG$sig received, forwarding\$" out)" \
	    "SIG$sig forwarded lines"
done
# The last signals had time to be doubled while the others went.
for sig in USR1 USR2 WINCH; do
	assert_eq 24 "$(count_lines " $sig\$" marks)" "SIG$sig marks in all"
done
alive "$MUSTER_PID" || fail "muster ended on a forwarded signal"
assert_no_grep 'sending SIGTERM|exited with|killed by' out
kill -TERM "$MUSTER_PID"
wait_pid1
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(cat err)" "stderr"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

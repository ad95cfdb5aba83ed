# As PID 1, a second SIGINT during a shutdown, from outside the namespace or from inside, SIGKILLs everything at once instead of waiting for -t 30, and muster exits 130.
. "$TESTS_DIR/lib.sh"

pid1_require
command -v nsenter >/dev/null || skip "no nsenter to signal PID 1 from inside"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
worker: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
# send_int FROM: SIGINT to muster from outside, or to pid 1 from inside.
send_int() {
	if [ "$1" = outside ]; then
		kill -INT "$MUSTER_PID"
	else
		# kill(1) is a process of the namespace too: muster may have
		# signalled it, as it does every process there, before it
		# exited (nsenter then dies of the same signal). The
		# assertions on muster's output say whether SIGINT arrived.
		in_pid1_ns kill -INT 1 2>kill.err
		case $? in
		0 | 137 | 143) ;;
		*) fail "kill -INT 1 inside failed: $(cat kill.err)" ;;
		esac
	fi
}
for from in outside inside; do
	start_pid1 start -t 30
	wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]' 15
	send_int "$from"
	wait_for 'grep -q "sending SIGTERM to worker\.1" out'
	assert_eq 2 "$(marked_procs | wc -l)" \
	    "$from: processes alive after the first SIGINT"
	t0=$(now_ms)
	send_int "$from"
	wait_pid1 10
	elapsed=$(($(now_ms) - t0))
	[ "$elapsed" -lt 5000 ] ||
		fail "$from: muster took ${elapsed} ms to exit on a second SIGINT"
	assert_eq 130 "$MUSTER_STATUS" "$from: exit status"
	assert_eq 1 "$(count_lines 'system +\| SIGINT received, stopping$' out)" \
	    "$from: stopping lines"
	assert_grep 'system +\| SIGINT received, killing$' out
	for name in web worker; do
		assert_grep "system +\\| sending SIGKILL to $name\\.1 \\(pid [0-9]+\\)\$" out
		assert_grep "$name\\.1 +\\| killed by SIGKILL\$" out
	done
	assert_eq "" "$(cat err)" "$from: stderr"
	assert_eq "" "$(marked_procs)" "$from: processes left"
done
exit 0

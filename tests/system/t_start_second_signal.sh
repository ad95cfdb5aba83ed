# A second signal during a shutdown kills at once, without waiting for -t:
# SIGINT during a SIGTERM shutdown, and SIGTERM during a SIGINT one. muster
# exits with the first signal's status.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
worker: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
for case in TERM:INT:143 INT:TERM:130; do
	first=${case%%:*}
	second=${case#*:}
	second=${second%:*}
	start_muster start -t 30
	wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
	web=$(pid_of_instance web.1)
	worker=$(pid_of_instance worker.1)
	kill -"$first" "$MUSTER_PID"
	wait_for 'grep -q "sending SIGTERM to worker\.1" out'
	alive "$web" || fail "SIG$first: web.1 died of a SIGTERM it ignores"
	alive "$worker" || fail "SIG$first: worker.1 died of a SIGTERM it ignores"
	t0=$(now_ms)
	kill -"$second" "$MUSTER_PID"
	wait_muster 5
	elapsed=$(($(now_ms) - t0))
	[ "$elapsed" -lt 5000 ] ||
	    fail "SIG$second after SIG$first took ${elapsed} ms"
	assert_eq "${case##*:}" "$MUSTER_STATUS" \
	    "SIG$second after SIG$first: exit status (the first signal's)"
	assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $web\\)$" out
	assert_grep "system +\\| sending SIGKILL to worker\\.1 \\(pid $worker\\)$" out
	assert_grep 'web\.1 +\| killed by SIGKILL$' out
	assert_grep 'worker\.1 +\| killed by SIGKILL$' out
	alive "$web" && fail "SIG$second after SIG$first: web.1 still alive"
	alive "$worker" && fail "SIG$second after SIG$first: worker.1 still alive"
	assert_eq "" "$(marked_procs)" \
	    "SIG$second after SIG$first: processes left"
done
exit 0

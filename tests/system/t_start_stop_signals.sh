# SIGINT, SIGTERM, SIGHUP or SIGQUIT to muster stops every process with SIGTERM and
# muster exits 128 plus the signal: 130, 143, 129 or 131.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
for case in INT:130 TERM:143 HUP:129 QUIT:131; do
	sig=${case%:*}
	start_muster start
	wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
	web=$(pid_of_instance web.1)
	worker=$(pid_of_instance worker.1)
	kill -"$sig" "$MUSTER_PID"
	wait_muster
	assert_eq "${case#*:}" "$MUSTER_STATUS" "SIG$sig: exit status"
	assert_grep "^[0-9:]{8} system +\\| SIG$sig received, stopping\$" out
	assert_grep "system +\\| sending SIGTERM to web\\.1 \\(pid $web\\)$" out
	assert_grep "system +\\| sending SIGTERM to worker\\.1 \\(pid $worker\\)$" out
	assert_grep 'web\.1 +\| killed by SIGTERM$' out
	assert_grep 'worker\.1 +\| killed by SIGTERM$' out
	alive "$web" && fail "SIG$sig: web.1 still alive"
	alive "$worker" && fail "SIG$sig: worker.1 still alive"
	assert_eq "" "$(marked_procs)" "SIG$sig: processes left"
done
exit 0

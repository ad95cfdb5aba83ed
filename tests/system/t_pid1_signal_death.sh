# As PID 1, muster exits 128+n when the first process to end killed itself with signal n (TERM, INT, HUP, QUIT, KILL, SEGV), and says so.
. "$TESTS_DIR/lib.sh"

pid1_require

for case in TERM:15 INT:2 HUP:1 QUIT:3 KILL:9 SEGV:11; do
	sig=${case%:*}
	n=${case#*:}
	cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
boom: ulimit -c 0; until grep -q 'web\.1 *| ready' out; do sleep 0.01; done; kill -$sig \$\$
EOP
	start_pid1 start
	wait_pid1 20
	assert_eq $((128 + n)) "$MUSTER_STATUS" "SIG$sig: exit status"
	assert_grep "^[0-9:]{8} boom\\.1 +\\| killed by SIG$sig\$" out
	assert_grep 'system +\| sending SIGTERM to web\.1 \(pid [0-9]+\)$' out
	assert_grep 'web\.1 +\| killed by SIGTERM$' out
	assert_no_grep 'sending SIG[A-Z]+ to boom' out
	assert_eq "" "$(cat err)" "SIG$sig: stderr"
	assert_eq "" "$(marked_procs)" "SIG$sig: processes left"
done
exit 0

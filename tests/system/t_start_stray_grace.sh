# A stray that takes its time on SIGTERM is waited for before muster exits, within -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: setsid sh -c 'trap "sleep 0.3; echo done >stray.term; exit 0" TERM; echo \$\$ >stray.pid; while :; do sleep 0.05; done # $MARK' & echo ready; sleep 30 # $MARK
EOP
start_muster start -t 5
wait_for 'grep -q "web\.1 *| ready" out && [ -s stray.pid ]'
stray=$(cat stray.pid)
kill -TERM "$MUSTER_PID"
wait_muster 10
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGTERM to stray pid $stray$" out
[ -s stray.term ] || fail "muster exited before the stray finished its SIGTERM handler"
assert_no_grep 'SIGKILL' out
alive "$stray" && fail "the stray survived"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

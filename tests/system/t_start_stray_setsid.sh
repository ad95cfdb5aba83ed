# A descendant that left the group with setsid gets SIGTERM as a stray and is gone when muster exits.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: setsid sh -c 'echo \$\$ >stray.pid; sleep 30; : $MARK' & echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready" out && [ -s stray.pid ]'
stray=$(cat stray.pid)
[ "$(ps -o sid= -p "$stray" | tr -d ' ')" = "$stray" ] ||
	fail "the stray is not in a session of its own"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "^[0-9:]{8} system +\\| sending SIGTERM to stray pid $stray$" out
alive "$stray" && fail "the stray survived"
pgroup_alive "$stray" && fail "the stray's group survived"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

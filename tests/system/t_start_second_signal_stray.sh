# A SIGINT while muster waits for a stray that ignores SIGTERM sends it SIGKILL at once.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: setsid sh -c 'trap "" TERM; echo \$\$ >stray.pid; while :; do sleep 1; done # $MARK' & echo ready; sleep 30 # $MARK
EOP
start_muster start -t 30
wait_for 'grep -q "web\.1 *| ready" out && [ -s stray.pid ]'
stray=$(cat stray.pid)
kill -TERM "$MUSTER_PID"
wait_for "grep -q 'sending SIGTERM to stray pid $stray\$' out"
alive "$stray" || fail "the stray died of a SIGTERM it ignores"
t0=$(now_ms)
kill -INT "$MUSTER_PID"
wait_muster 5
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "second signal took ${elapsed} ms"
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep "system +\\| sending SIGKILL to stray pid $stray$" out
alive "$stray" && fail "the stray is still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

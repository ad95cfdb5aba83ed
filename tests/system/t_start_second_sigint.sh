# A SIGINT during a SIGTERM shutdown kills at once, without waiting for -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
EOP
start_muster start -t 30
wait_for 'grep -q "web\.1 *| ready" out'
pid=$(pid_of_instance web.1)
kill -TERM "$MUSTER_PID"
wait_for 'grep -q "sending SIGTERM to web\.1" out'
alive "$pid" || fail "web.1 died of a SIGTERM it ignores"
t0=$(now_ms)
kill -INT "$MUSTER_PID"
wait_muster 5
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "second signal took ${elapsed} ms"
assert_eq 143 "$MUSTER_STATUS" "exit status (the first signal's)"
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $pid\\)$" out
assert_grep 'web\.1 +\| killed by SIGKILL$' out
alive "$pid" && fail "web.1 still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

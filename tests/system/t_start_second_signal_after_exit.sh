# A SIGINT during a shutdown that a process's exit started kills at once; the status stays the exit code.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; sleep 30 # $MARK
quick: until grep -q ready out 2>/dev/null; do sleep 0.01; done; exit 3
EOP
start_muster start -t 30
wait_for 'grep -q "sending SIGTERM to web\.1" out'
pid=$(pid_of_instance web.1)
t0=$(now_ms)
kill -INT "$MUSTER_PID"
wait_muster 5
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "second signal took ${elapsed} ms"
assert_eq 3 "$MUSTER_STATUS" "exit status"
assert_grep 'quick\.1 +\| exited with code 3$' out
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $pid\\)$" out
alive "$pid" && fail "web.1 still alive"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

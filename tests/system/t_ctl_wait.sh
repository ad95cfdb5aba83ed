# muster wait: 0 once every instance named runs (or exited 0); 1 when one is stopped or exited non-zero, naming it, also for a wait that held while it was stopping; 124 when -t passes first.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'until [ -f release ]; do sleep 0.05; done; exit 0' TERM; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 30 # $MARK
once: echo done
bad: exit 3
EOP
printf '[once]\non_exit = ignore\n[bad]\non_exit = ignore\n' >muster.ini
# web's stop lasts until the scenario touches ./release (never its 30 s
# -t): the waits asked meanwhile see it stopping, however slow the run.
start_muster start -t 30
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ] && grep -q "bad\.1 *| exited with code 3" out && grep -q "once\.1 *| exited with code 0" out'

ctl_expect 0 wait web worker once
assert_eq "" "$(cat ctl.out ctl.err)" "output of wait"
ctl_expect 0 wait -t 5 worker.1
ctl_expect 1 wait bad
assert_grep 'bad\.1' ctl.err
ctl_expect 1 wait
assert_grep 'bad\.1' ctl.err

# web.1 stopping: the wait that holds fails once it is stopped.
"$MUSTER" stop web >stop.out 2>&1 &
stop=$!
wait_for '"$MUSTER" status web 2>/dev/null | grep -q "^web\.1 .* stopping "'
"$MUSTER" wait web >wait2.out 2>&1 &
wait2=$!
ctl_expect 124 wait -t 0.3 web.1
alive "$wait2" || fail "wait returned while web.1 was stopping: $(cat wait2.out)"
touch release
wait "$stop"
assert_eq 0 $? "stop status"
wait_for '! alive $wait2' 5
wait "$wait2"
assert_eq 1 $? "status of the wait through the stop"
assert_grep 'web\.1.*stopped' wait2.out
ctl_expect 1 wait web worker
assert_grep 'web\.1.*stopped' ctl.err
ctl_expect 0 wait worker

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster wait through a restart: a wait that holds while web.1 is being restarted (it ignores SIGTERM, so the stop lasts -t) returns 0 once web.1 runs again, never 1: a restart is no stop; wait -t gives up meanwhile with 124.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
# The stop lasts -t: long enough for the checks below even under
# valgrind.
start_muster start -t 6
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
ctl_expect 0 wait

# web.1 restarting: a wait without -t holds until it runs again; one
# with -t gives up.
"$MUSTER" restart web >restart.out 2>&1 &
restart=$!
wait_for '"$MUSTER" status web 2>/dev/null | grep -q "^web\.1 .* stopping "'
"$MUSTER" wait web >wait1.out 2>&1 &
wait1=$!
t0=$(now_ms)
ctl_expect 124 wait -t 0.5 web
elapsed=$(($(now_ms) - t0))
# Well before the stop's 6 s: the client gave up on -t, not at the
# restart; a client under valgrind takes a second or more to start.
if [ "$elapsed" -lt 450 ] || [ "$elapsed" -ge 5000 ]; then
	fail "wait -t 0.5 gave up after $elapsed ms"
fi
alive "$wait1" || fail "wait returned while web.1 was stopping: $(cat wait1.out)"
wait "$restart"
assert_eq 0 $? "restart status"
wait_for '! alive $wait1' 5
wait "$wait1"
assert_eq 0 $? "status of the wait through the restart ($(cat wait1.out))"
assert_eq 2 "$(count_lines 'web\.1 +\| started with pid' out)" "web.1 starts"

ctl_expect 0 wait
ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

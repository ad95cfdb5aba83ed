# restart and stop of a process that ignores SIGTERM (under -t 1): the reply comes only after the SIGKILL that follows the timeout, the old process's "killed by SIGKILL" line before the new one's "started with pid", exit 0; the rest runs on.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap '' TERM; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
start_muster start -t 1
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
old=$(pid_of_instance web.1)
worker=$(pid_of_instance worker.1)

t0=$(now_ms)
ctl_expect 0 restart web
elapsed=$(($(now_ms) - t0))
new=$(pid_of_instance web.1)
echo "note: restart of a process that ignores SIGTERM, -t 1: $elapsed ms"
if [ "$elapsed" -lt 900 ] || [ "$elapsed" -ge 4000 ]; then
	fail "restart replied after $elapsed ms, -t 1"
fi
[ "$new" != "$old" ] || fail "web.1 restarted with the same pid"
assert_eq "web.1 restarted, pid $new" "$(cat ctl.out)" "reply"
term=$(grep -nE "system +\\| sending SIGTERM to web\\.1 \\(pid $old\\)\$" out | cut -d: -f1)
kill=$(grep -nE "system +\\| sending SIGKILL to web\\.1 \\(pid $old\\)\$" out | cut -d: -f1)
killed=$(grep -nE 'web\.1 +\| killed by SIGKILL$' out | cut -d: -f1)
started=$(grep -nE "web\\.1 +\\| started with pid $new\$" out | cut -d: -f1)
if [ -z "$term" ] || [ -z "$kill" ] || [ -z "$killed" ] || [ -z "$started" ]; then
	fail "lines of the restart missing: term '$term' kill '$kill' killed '$killed' started '$started'"
fi
if [ "$term" -ge "$kill" ] || [ "$kill" -ge "$killed" ] || [ "$killed" -ge "$started" ]; then
	fail "lines of the restart out of order: term $term, kill $kill, killed $killed, started $started"
fi
alive "$old" && fail "the old web.1 runs"
alive "$new" || fail "the new web.1 does not run"
alive "$worker" || fail "worker.1 ended with the restart of web.1"
wait_for '[ "$(count_lines "web\.1 +\| ready$" out)" -eq 2 ]'
ctl_expect 0 status

# stop: the reply once the SIGKILL has ended it.
t0=$(now_ms)
ctl_expect 0 stop web.1
elapsed=$(($(now_ms) - t0))
if [ "$elapsed" -lt 900 ] || [ "$elapsed" -ge 4000 ]; then
	fail "stop replied after $elapsed ms, -t 1"
fi
assert_eq "web.1 stopped" "$(cat ctl.out)" "reply of stop"
assert_eq 2 "$(count_lines 'web\.1 +\| killed by SIGKILL$' out)" "SIGKILLs of web.1"
alive "$new" && fail "web.1 runs after its stop"
alive "$worker" || fail "worker.1 ended with the stop of web.1"
ctl_expect 1 status
assert_eq "stopped SIGKILL" "$(awk '$1 == "web.1" { print $3, $6 }' ctl.out)" "web.1 in status"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

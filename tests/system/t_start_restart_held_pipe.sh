# A restart while a descendant of the previous run still holds its output: that output is still relayed and muster stays idle.
. "$TESTS_DIR/lib.sh"

# The first run leaves a background job holding its stdout; the job
# writes "late" once the second run has started, then ends.
cat >Procfile <<EOP
tick: if [ -f once ]; then touch second; echo second run; sleep 30; else touch once; sh -c 'echo \$\$ >job.pid; until [ -f second ]; do sleep 0.01; done; echo late' & echo first run; exit 1; fi # $MARK
EOP
printf '[tick]\non_exit = restart\n' >muster.ini
start_muster start
wait_for 'grep -q "tick\.1 *| second run" out'
wait_for '[ -s job.pid ]'
job=$(cat job.pid)
wait_for "! alive $job"
wait_for 'grep -q "tick\.1 *| late$" out' 5
assert_eq 1 "$(count_lines 'tick\.1 +\| late$' out)" "late lines"
if command -v strace >/dev/null; then
	# Nothing happens now: muster must make no system call.
	timeout 1 strace -p "$MUSTER_PID" -o trace 2>strace.err
	calls=$(grep -Ev '^([0-9]+ +)?(epoll_wait|epoll_pwait|restart_syscall)\(|^$' trace | head -n 5 || true)
	assert_eq "" "$calls" "system calls while idle"
fi
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

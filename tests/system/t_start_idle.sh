# muster never polls: while nothing happens it makes no system call for a second, with stdout a file or a pipe (whose reader it watches).
. "$TESTS_DIR/lib.sh"

command -v strace >/dev/null || skip "strace is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP

# idle_calls: the system calls muster makes in a second, waits aside.
idle_calls() {
	# The window is what is observed, not a wait for something to happen.
	timeout 1 strace -p "$MUSTER_PID" -o trace 2>strace.err
	[ -s trace ] || skip "strace cannot attach here: $(cat strace.err)"
	grep -Ev '^([0-9]+ +)?(epoll_wait|epoll_pwait|restart_syscall)\(|^$' trace || true
}

start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
assert_eq "" "$(idle_calls)" "system calls while idle, stdout a file"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"

start_muster_piped start
wait_for '[ "$(count_lines "\| ready$" piped)" -eq 2 ]'
assert_eq "" "$(idle_calls)" "system calls while idle, stdout a pipe"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

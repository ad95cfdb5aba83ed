# muster never polls: while nothing happens it makes no system call for a second.
. "$TESTS_DIR/lib.sh"

command -v strace >/dev/null || skip "strace is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
# The window is what is observed, not a wait for something to happen.
timeout 1 strace -p "$MUSTER_PID" -o trace 2>strace.err
[ -s trace ] || skip "strace cannot attach here: $(cat strace.err)"
calls=$(grep -Ev '^([0-9]+ +)?(epoll_wait|epoll_pwait|restart_syscall)\(|^$' trace || true)
assert_eq "" "$calls" "system calls while idle"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

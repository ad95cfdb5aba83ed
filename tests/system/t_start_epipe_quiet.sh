# When muster's stdout is a pipe whose reader goes away while every process is quiet (muster start | head -n 1), muster notices at once rather than at its next write: it stops everything and exits 141. While the reader is there, the watch on the pipe costs no system call.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP

# A reader that stays: muster idles without a system call.
if command -v strace >/dev/null; then
	mkfifo pipe
	cat pipe >piped &
	reader=$!
	setsid "$MUSTER" start >pipe 2>err </dev/null &
	MUSTER_PID=$!
	wait_for '[ "$(count_lines "\| ready$" piped)" -eq 2 ]'
	timeout 1 strace -p "$MUSTER_PID" -o trace 2>strace.err
	if [ -s trace ]; then
		calls=$(grep -Ev '^([0-9]+ +)?(epoll_wait|epoll_pwait|restart_syscall)\(|^$' trace || true)
		assert_eq "" "$calls" "system calls while idle on a pipe"
	fi
	# The reader goes: muster stops at once.
	kill "$reader"
	wait_muster 10
	assert_eq 141 "$MUSTER_STATUS" "exit status when the reader went"
	wait_for '[ -z "$(marked_procs)" ]' 5
fi

(
	("$MUSTER" start </dev/null 2>err; echo $? >status) | head -n 1 >head.out
) &
# -t is 5 s by default and the processes sleep 30: a deadline well under
# that tells an exit on the reader's going from one on the processes'.
wait_for '[ -s status ]' 4
assert_eq 141 "$(cat status)" "exit status"
assert_eq 1 "$(wc -l <head.out)" "lines head read"
wait_for '[ -z "$(marked_procs)" ]' 5
exit 0

# muster never changes the flags of the description its stdout shares with
# other writers of the same pipe or terminal: another writer of the pipe
# loses nothing while the reader is slow, and a terminal or pipe is never
# left non-blocking, not even after muster is killed with SIGKILL.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo \$\$ >web.pid; exec sleep 30 # $MARK
EOP

# head shares muster's stdout pipe, whose reader waits until muster runs.
{
	setsid "$MUSTER" start 2>err </dev/null &
	echo $! >muster.pid
	head -c 10000000 /dev/zero
	echo $? >head.status
	kill -TERM "$(cat muster.pid)"
} | {
	while [ ! -s web.pid ]; do sleep 0.02; done
	wc -c >count
}
assert_eq 0 "$(cat head.status)" "status of head, a writer sharing the pipe"
[ "$(cat count)" -gt 10000000 ] ||
	fail "the reader got $(cat count) bytes, less than head's 10000000"
wait_for '[ -z "$(marked_procs)" ]'

# nonblock FD: the flags of this shell's FD have O_NONBLOCK (04000).
nonblock() {
	local flags
	flags=$(awk '/^flags:/ { print $2 }' /proc/$$/fdinfo/"$1")
	[ $((8#$flags & 8#4000)) -ne 0 ]
}

# A pipe: this shell's fd 3 is the same description as muster's stdout.
rm -f web.pid
mkfifo fifo
cat fifo >/dev/null &
exec 3>fifo
setsid "$MUSTER" start >&3 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ -s web.pid ]'
! nonblock 3 || fail "muster made its stdout pipe non-blocking"
kill -KILL "$MUSTER_PID"
wait "$MUSTER_PID"
! nonblock 3 || fail "muster killed left its stdout pipe non-blocking"
exec 3>&-
pkill -KILL -f "$MARK"

# A terminal: python holds a pseudo terminal, muster's stdout is it.
rm -f web.pid
cat >tty.py <<'EOP'
import fcntl, os, signal, subprocess, sys, time
master, slave = os.openpty()
p = subprocess.Popen([os.environ["MUSTER"], "start"], stdout=slave,
                     stderr=slave, stdin=subprocess.DEVNULL,
                     start_new_session=True)
def drain():
    try:
        os.read(master, 65536)
    except BlockingIOError:
        pass
os.set_blocking(master, False)
deadline = time.time() + 10
while not os.path.exists("web.pid") or os.path.getsize("web.pid") == 0:
    drain()
    if time.time() > deadline:
        sys.exit("web.pid did not appear")
    time.sleep(0.02)
if fcntl.fcntl(slave, fcntl.F_GETFL) & os.O_NONBLOCK:
    sys.exit("muster made its terminal non-blocking")
p.send_signal(signal.SIGKILL)
p.wait()
if fcntl.fcntl(slave, fcntl.F_GETFL) & os.O_NONBLOCK:
    sys.exit("muster killed left its terminal non-blocking")
EOP
python3 tty.py || fail "terminal"
pkill -KILL -f "$MARK"
exit 0

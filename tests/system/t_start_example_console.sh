# The README's example console (Debugging one process): scaled up from 0
# while the example app runs, it is on a terminal that muster connect
# reaches; it answers get from web.1, its lines also go to the stream, and
# Ctrl-\ detaches, leaving it running.
. "$TESTS_DIR/lib_ctl.sh"

command -v python3 >/dev/null || fail "python3 is needed by the example app"
cp -r "$TESTS_DIR/../../examples" app
unset HOST
start_muster start -f app/Procfile -p 47400 -m web=1,worker=1,scheduler=1
wait_for 'grep -q "web.1 *| listening on http://127.0.0.1:47400/" out' 15
assert_no_grep 'console' out
export MUSTER_PROCFILE=app/Procfile
ctl_expect 0 scale console=1
assert_grep '^console\.1 started, pid [0-9]+$' ctl.out
wait_for 'grep -q "console.1 *| console of example app: get, debug or quit" out' 15

# muster connect on a terminal of its own: get, then Ctrl-\ to detach.
"$PYTHON" - "$MUSTER" >connect.out 2>&1 <<'PY'
import fcntl, os, pty, select, struct, sys, termios, time

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "connect", "console.1"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
seen = b""


def until(text, limit=15):
    global seen
    deadline = time.monotonic() + limit
    while text not in seen:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return False
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        seen += chunk
    return True


ok = until(b"console> ")
os.write(fd, b"get\r")
ok = ok and until(b"hello from web.1 on port 47400")
os.write(fd, b"\x1c")
until(b"\0", 5)  # to the end
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace").replace("\r", ""))
print("status %d" % os.waitstatus_to_exitcode(status))
PY
assert_grep '^console> get$' connect.out
assert_grep '^hello from web\.1 on port 47400$' connect.out
assert_grep '^muster: detached from console\.1$' connect.out
assert_grep '^status 0$' connect.out
wait_for 'grep -q "console.1 *| hello from web.1 on port 47400" out' 10
assert_grep 'console\.1 +\| console> get$' out
ctl_expect 0 status console.1
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status after Ctrl-C"
exit 0

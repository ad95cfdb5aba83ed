# Only muster's user (and root) may use the control socket: a client run as nobody gets exit 4 and "permission denied" from the socket's mode 0600 and, with the socket and its directory made mode 0777, from muster's SO_PEERCRED check; no verb of nobody's (stop, kill, restart, logs, raw requests) does anything.
. "$TESTS_DIR/lib_ctl.sh"

[ "$(id -u)" -eq 0 ] || skip "not root: running a client as nobody needs setpriv as root"
command -v setpriv >/dev/null || skip "setpriv is not installed"
id nobody >/dev/null 2>&1 || skip "no user nobody"
group=$(id -gn nobody)

# nobody must reach the binary and the socket's path: copies and modes
# of its own (under valgrind, the real binary: nobody cannot write its
# reports).
mkdir -m 755 bin
cp "${VG_MUSTER:-$MUSTER}" bin/muster
chmod 755 bin/muster .
[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3 for nobody"

# as_nobody ARGS...: the client run as nobody; stdout, stderr and status
# as for ctl.
as_nobody() {
	setpriv --reuid=nobody --regid="$group" --clear-groups \
	    bin/muster "$@" >ctl.out 2>ctl.err </dev/null
	CTL_STATUS=$?
}

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out'
web=$(pid_of_instance web.1)
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"
chmod 755 run
setpriv --reuid=nobody --regid="$group" --clear-groups test -x run/muster &&
	fail "nobody can enter the socket directory"

# The kernel refuses first: the directory is 0700, the socket 0600.
as_nobody status --socket "$sock"
assert_eq 4 "$CTL_STATUS" "status as nobody, private socket: $(cat ctl.err)"
assert_grep 'permission denied' ctl.err

# Then muster, whatever the modes.
chmod 777 run/muster "$sock"
setpriv --reuid=nobody --regid="$group" --clear-groups test -w "$sock" ||
	fail "nobody cannot write the socket after chmod 777"

# The protocol itself, from nobody: refused before the request is read.
lines=$(wc -l <out)
for req in "stop" "kill KILL web" "status"; do
	setpriv --reuid=nobody --regid="$group" --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
try:
    s.sendall(sys.argv[2].encode())
except BrokenPipeError:
    pass
s.settimeout(10)
data = b""
try:
    while True:
        c = s.recv(4096)
        if not c:
            break
        data += c
except ConnectionResetError:
    pass
sys.stdout.write(data.decode())
' "$sock" "$req
" >raw.out 2>raw.err || fail "raw connection as nobody: $(cat raw.err)"
	assert_eq "error permission denied
end 4" "$(cat raw.out)" "answer to $req from nobody"
done
assert_eq "$lines" "$(wc -l <out)" "lines relayed"
alive "$web" || fail "web.1 ended"

# The client, from nobody: each verb exits 4 with muster's answer.
for cmd in "status" "status --json" "stop" "stop web" "restart web" \
    "kill -s KILL web" "logs" "logs -f" "wait" "wait -t 2 web"; do
	# shellcheck disable=SC2086 # cmd is words
	as_nobody $cmd --socket "$sock"
	assert_eq 4 "$CTL_STATUS" "status of $cmd as nobody: $(cat ctl.err)"
	assert_eq "muster: permission denied" "$(cat ctl.err)" "stderr of $cmd as nobody"
	assert_eq "" "$(cat ctl.out)" "stdout of $cmd as nobody"
done

# Nothing was done.
assert_eq "$lines" "$(wc -l <out)" "lines relayed"
alive "$web" || fail "web.1 ended"
assert_eq "$web" "$(pid_of_instance web.1)" "web.1 pid"
ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

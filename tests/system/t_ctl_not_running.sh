# With no muster serving the app, every client command exits 3 with "muster: not running: no socket at PATH", PATH being the socket a muster start there would make; so does one for an app started with --socket off, or one whose socket is left by a muster that is gone.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
re_dir=$(printf '%s' "$XDG_RUNTIME_DIR/muster/$(basename "$PWD")" | sed 's/[.[\*^$]/\\&/g')

for cmd in "status" "ps" "status --json web" "restart web" "stop" "stop web" \
    "kill -s USR1 web" "logs" "logs -f" "wait" "wait -t 1 web"; do
	# shellcheck disable=SC2086 # cmd is words
	ctl_expect 3 $cmd
	assert_grep "^muster: not running: no socket at $re_dir-[0-9a-f]{16}\\.sock\$" ctl.err
	assert_eq 1 "$(wc -l <ctl.err)" "lines of stderr of $cmd"
	assert_eq "" "$(cat ctl.out)" "stdout of $cmd"
done
said=$(sed -n 's/^muster: not running: no socket at //p' ctl.err)

# The path said is the one muster start makes.
start_muster start
wait_for 'grep -q "| ready$" out'
assert_eq "$said" "$(default_socket)" "socket of muster start"
ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
ctl_expect 3 status
assert_eq "muster: not running: no socket at $said" "$(cat ctl.err)" "stderr once muster is gone"

# A named socket nobody serves.
ctl_expect 3 status --socket "$PWD/none.sock"
assert_eq "muster: not running: no socket at $PWD/none.sock" "$(cat ctl.err)" "stderr for --socket"
MUSTER_SOCKET=$PWD/none.sock ctl_expect 3 stop
assert_eq "muster: not running: no socket at $PWD/none.sock" "$(cat ctl.err)" "stderr for MUSTER_SOCKET"
# A socket file whose listener is gone.
"$PYTHON" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$PWD/stale.sock"
[ -S stale.sock ] || fail "no stale socket made"
ctl_expect 3 status --socket "$PWD/stale.sock"
assert_eq "muster: not running: no socket at $PWD/stale.sock" "$(cat ctl.err)" "stderr for a stale socket"

# --socket off: the app runs with no socket, and no client reaches it.
start_muster start --socket off
wait_for 'grep -q "| ready$" out'
assert_eq "" "$(default_socket)" "socket with --socket off"
ctl_expect 3 status
assert_eq "muster: not running: no socket at $said" "$(cat ctl.err)" "stderr with --socket off"
ctl_expect 3 stop
alive "$(pid_of_instance web.1)" || fail "web.1 ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# ready = notify with control off (--socket off): the instance's NOTIFY_SOCKET is still made, in a 0700 directory muster makes for it ($XDG_RUNTIME_DIR/muster/), READY=1 works, and the socket is removed when muster exits.
. "$TESTS_DIR/lib_notify.sh"

cat >Procfile <<EOP
q: exec $SEND info:q.info wait:go 'msg:b"READY=1"'
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
[ -e "$XDG_RUNTIME_DIR/muster" ] && fail "the runtime directory is there before muster"
start_muster start --socket off
wait_for 'started q.1 && [ -s q.info ]'
q=$(pid_of_instance q.1)
sock=$(env_of "$q" NOTIFY_SOCKET) || fail "q.1 has no NOTIFY_SOCKET"
assert_eq "$XDG_RUNTIME_DIR/muster" "$(dirname "$sock")" "directory of q.1's NOTIFY_SOCKET"
[ -S "$sock" ] || fail "$sock is not a socket"
assert_eq "700 $(id -u)" "$(stat -c '%a %u' "$XDG_RUNTIME_DIR/muster")" "mode and owner of the socket's directory"
# Control is off: the one thing there is q.1's socket.
assert_eq "$(basename "$sock")" "$(ls -A "$XDG_RUNTIME_DIR/muster")" "files in the runtime directory"
touch go
wait_for 'grep -q "q\.1 *| ready after" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(ls -A "$XDG_RUNTIME_DIR/muster")" "files left in the runtime directory"
assert_eq "" "$(marked_procs)" "processes left"

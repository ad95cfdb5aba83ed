# ready = notify: the process itself sends READY=1 to its NOTIFY_SOCKET (a socket in muster's 0700 runtime directory, in place of an env file's NOTIFY_SOCKET); until then it is starting and its dependents wait; then "ready after", the dependents start, status null for types that said nothing, and the socket is gone when muster exits.
. "$TESTS_DIR/lib_notify.sh"

cat >Procfile <<EOP
q: exec $SEND info:q.info wait:go 'msg:b"READY=1"'
dep: echo dep started; sleep 30 # $MARK
EOP
printf '[q]\nready = notify\nready_timeout = 30\n[dep]\nafter = q\n' >muster.ini
# An env file's NOTIFY_SOCKET is not the one q gets.
echo 'NOTIFY_SOCKET=/nonexistent/env-file-socket' >.env
start_muster start
wait_for 'started q.1 && [ -s q.info ]'
q=$(pid_of_instance q.1)
read -r pid _ _ <q.info
assert_eq "$q" "$pid" "pid of the python that is q.1"

# Its NOTIFY_SOCKET: one entry, a socket in muster's runtime directory.
sock=$(env_of "$q" NOTIFY_SOCKET) || fail "q.1 has no NOTIFY_SOCKET"
assert_eq 1 "$(tr '\0' '\n' </proc/"$q"/environ | grep -c '^NOTIFY_SOCKET=')" "NOTIFY_SOCKET entries of q.1"
case $sock in
"$XDG_RUNTIME_DIR/muster/"*) ;;
*) fail "q.1's NOTIFY_SOCKET $sock is not in $XDG_RUNTIME_DIR/muster/" ;;
esac
[ -S "$sock" ] || fail "$sock is not a socket"
assert_eq "700 $(id -u)" "$(stat -c '%a %u' "$XDG_RUNTIME_DIR/muster")" "mode and owner of the socket's directory"

# Not ready yet: starting, and dep waits.
wait_for 'grep -q "dep\.1 *| waiting for q" out'
assert_field q.1 state '"starting"'
assert_field dep.1 state '"waiting"'
ctl_expect 124 wait -t 0.5 q
assert_no_grep 'ready after|dep started' out

touch go
wait_for 'grep -q "q\.1 *| ready after [0-9.]* s" out'
wait_for 'grep -q "dep\.1 *| dep started" out'
ready_line=$(grep -n 'q\.1 *| ready after' out | cut -d: -f1)
dep_line=$(grep -n 'dep\.1 *| started with pid' out | cut -d: -f1)
[ "$ready_line" -lt "$dep_line" ] || fail "dep.1 started (line $dep_line) before q.1 was ready (line $ready_line)"
ctl_expect 0 wait -t 10
assert_field q.1 state '"running"'
assert_field dep.1 state '"running"'
# Neither said STATUS=.
assert_field q.1 status null
assert_field dep.1 status null
assert_eq 1 "$(count_lines 'ready after' out)" "ready lines"
# The answer to its messages goes nowhere else.
assert_no_grep 'refused' out

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ -e "$sock" ] && fail "$sock is left after muster exited"
assert_eq "" "$(ls -A "$XDG_RUNTIME_DIR/muster")" "files left in the runtime directory"
assert_eq "" "$(marked_procs)" "processes left"

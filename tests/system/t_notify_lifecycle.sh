# ready = notify across an instance's life: a restart keeps its NOTIFY_SOCKET and it is starting until it sends READY=1 again; scale gives a new instance a socket of its own and removes it when the instance leaves; muster exiting removes every one.
. "$TESTS_DIR/lib_notify.sh"

# Each run of q waits for go.NAME.PID, then says READY=1.
cat >Procfile <<EOP
q: exec $SEND "info:info.\$PS.\$\$" "wait:go.\$PS.\$\$" 'msg:b"READY=1"'
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start

# ready NAME N: NAME's current run sends READY=1; then N ready lines.
ready() {
	local pid
	wait_for "[ -n \"\$(pid_of_instance $1)\" ] && [ -s info.$1.\$(pid_of_instance $1) ]"
	pid=$(pid_of_instance "$1")
	touch "go.$1.$pid"
	wait_for "[ \"\$(count_lines '${1//./\\.} *\\| ready after' out)\" -eq $2 ]"
	wait_for "field_is $1 state '\"running\"'"
}

ready q.1 1
pid1=$(pid_of_instance q.1)
sock1=$(env_of "$pid1" NOTIFY_SOCKET) || fail "q.1 has no NOTIFY_SOCKET"
[ -S "$sock1" ] || fail "q.1's $sock1 is not a socket"

# A restart: the same socket, starting until READY=1 again.
ctl_expect 0 restart q.1
pid2=$(pid_of_instance q.1)
[ "$pid2" != "$pid1" ] || fail "q.1 was not restarted"
assert_eq "$sock1" "$(env_of "$pid2" NOTIFY_SOCKET)" "q.1's NOTIFY_SOCKET after its restart"
[ -S "$sock1" ] || fail "q.1's $sock1 is gone after its restart"
wait_for '[ -s info.q.1.$pid2 ]'
assert_field q.1 state '"starting"'
ctl_expect 124 wait -t 0.5 q.1
ready q.1 2

# scale: q.2 gets a socket of its own, removed when it leaves.
ctl_expect 0 scale q=2
ready q.2 1
sock2=$(env_of "$(pid_of_instance q.2)" NOTIFY_SOCKET) || fail "q.2 has no NOTIFY_SOCKET"
[ "$sock2" != "$sock1" ] || fail "q.1 and q.2 share $sock1"
[ -S "$sock2" ] || fail "q.2's $sock2 is not a socket"
ctl_expect 0 scale q=1
[ -e "$sock2" ] && fail "q.2 left, its $sock2 is still there"
[ -S "$sock1" ] || fail "q.1's $sock1 is gone after q.2 left"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ -e "$sock1" ] && fail "$sock1 is left after muster exited"
assert_eq "" "$(ls -A "$XDG_RUNTIME_DIR/muster")" "files left in the runtime directory"
assert_eq "" "$(marked_procs)" "processes left"

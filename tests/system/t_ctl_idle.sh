# With the control socket open, a quiet app costs no system call in a second: with no client, after clients of each kind have come and gone (status, logs, wait, a refused line, a follower), and with a quiet follower connected.
. "$TESTS_DIR/lib_ctl.sh"

command -v strace >/dev/null || skip "strace is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP

start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
[ -n "$(default_socket)" ] || fail "no socket"
assert_eq "" "$(idle_calls)" "system calls while idle, no client yet"

ctl_expect 0 status
ctl_expect 0 status --json web
ctl_expect 0 logs
ctl_expect 0 wait
ctl_expect 2 status nope
raw_request "$(default_socket)" 'b"frobnicate\n"' 0 >raw.out
"$MUSTER" logs -f >follow.out 2>&1 &
follower=$!
wait_for 'grep -q "ready" follow.out'
kill -TERM "$follower"
wait "$follower"
# A last round trip: muster has handled the follower's going by the time
# it answers, so the second observed is idle time, not that.
ctl_expect 0 status
assert_eq "" "$(idle_calls)" "system calls while idle, after clients"

"$MUSTER" logs -f >follow.out 2>&1 &
follower=$!
wait_for 'grep -q "ready" follow.out'
assert_eq "" "$(idle_calls)" "system calls while idle, a follower connected"
kill -TERM "$follower"
wait "$follower"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# ready = notify with systemd's own client: `systemd-notify --ready --status=TEXT` in a Procfile command is taken ("ready after", the status shown), even when muster is stopped (SIGSTOP) while it sends: it waits (its barrier) until muster has read the message and closed the descriptor passed with it.
. "$TESTS_DIR/lib_notify.sh"

command -v systemd-notify >/dev/null || skip "no systemd-notify here"
cat >Procfile <<EOP
q: while [ ! -e go ]; do sleep 0.02; done; systemd-notify --ready --status="up via systemd-notify"; echo "systemd-notify exited \$?"; sleep 30 # $MARK
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_for 'started q.1'
q=$(pid_of_instance q.1)
kill -STOP "$MUSTER_PID"
touch go
wait_for '[ -n "$(pgrep -g "$q" -x systemd-notify)" ] || grep -q "systemd-notify exited" out'
kill -CONT "$MUSTER_PID"
wait_for 'grep -q "q\.1 *| ready after" out'
wait_for 'grep -q "q\.1 *| systemd-notify exited 0" out'
assert_field q.1 status '"up via systemd-notify"'
assert_field q.1 state '"running"'
assert_no_grep 'refused' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

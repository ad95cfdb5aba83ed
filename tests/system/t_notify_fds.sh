# ready = notify: descriptors passed with a message (SCM_RIGHTS: pipes' write ends) are closed by muster, whether the message is taken (READY=1 still makes the instance ready) or dropped for its size: the sender reads EOF on each pipe, and muster holds as many descriptors as before.
. "$TESTS_DIR/lib_notify.sh"

cat >Procfile <<EOP
q: exec $SEND info:q.info wait:go 'fds:1:(lambda h: h + b"x" * (4097 - len(h)))(b"READY=1\nSTATUS=too long\nX=")' 'fds:3:b"STATUS=with fds\nREADY=1\n"'
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_for 'started q.1 && [ -s q.info ]'
fds_before=$(find /proc/"$MUSTER_PID"/fd -mindepth 1 -maxdepth 1 | wc -l)
touch go
wait_for 'grep -q "q\.1 *| ready after" out'
wait_for '[ "$(count_lines "q\.1 *\| fds: " out)" -eq 2 ]' 30
assert_eq 2 "$(count_lines 'q\.1 *\| fds: eof$' out)" "pipes whose write ends muster closed"
fds_after=$(find /proc/"$MUSTER_PID"/fd -mindepth 1 -maxdepth 1 | wc -l)
assert_eq "$fds_before" "$fds_after" "descriptors muster holds"
assert_field q.1 status '"with fds"'
assert_field q.1 state '"running"'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

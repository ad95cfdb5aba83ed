# ready = notify: a message of 4097 bytes (or 65000) to NOTIFY_SOCKET is ignored whole, READY=1 and STATUS= in it included; one of exactly 4096 bytes is taken.
. "$TESTS_DIR/lib_notify.sh"

pad() {
	echo "'msg:(lambda h: h + b\"x\" * ($1 - len(h)))(b\"$2\")'"
}
cat >Procfile <<EOP
q: exec $SEND $(pad 4097 'READY=1\nSTATUS=4097 bytes\nX=') 'msg:b"STATUS=after 4097"' $(pad 65000 'READY=1\nSTATUS=65000 bytes\nX=') 'msg:b"STATUS=after 65000"' wait:go $(pad 4096 'STATUS=4096 bytes\nREADY=1\nX=')
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_for 'field_is q.1 status "\"after 65000\""'
assert_grep 'q\.1 *\| sent 4097 bytes' out
assert_grep 'q\.1 *\| sent 65000 bytes' out
# Each datagram is read in the order sent: the long ones came first.
assert_field q.1 state '"starting"'
assert_no_grep 'q\.1 *\| ready after' out

touch go
wait_for 'grep -q "q\.1 *| sent 4096 bytes" out'
wait_for 'grep -q "q\.1 *| ready after" out'
assert_field q.1 status '"4096 bytes"'
assert_field q.1 state '"running"'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

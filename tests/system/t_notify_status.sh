# ready = notify: STATUS= is shown as "status" in status --json (null for an instance that said none), from while the instance is starting, the last one said winning; cut at 200 bytes, never inside a UTF-8 character; control characters shown as blanks.
. "$TESTS_DIR/lib_notify.sh"

cat >Procfile <<EOP
q: exec $SEND 'msg:b"STATUS=loading"' wait:go1 'msg:b"STATUS=" + b"a" * 199 + "\u00e9".encode() + b"tail"' wait:go2 'msg:b"STATUS=" + b"b" * 198 + "\u00e9".encode() + b"tail"' wait:go3 'msg:b"STATUS=" + b"c" * 3000' wait:go4 'msg:b"STATUS=first\nSTATUS=tab\there\x1b[0m\x7fend\r\nREADY=1\n"'
web: sleep 30 # $MARK
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_for 'field_is q.1 status "\"loading\""'
assert_field q.1 state '"starting"'
assert_field web.1 status null

a199=$(printf 'a%.0s' $(seq 199))
b198=$(printf 'b%.0s' $(seq 198))
c200=$(printf 'c%.0s' $(seq 200))
# 199 bytes and a 2-byte character that would end at 201: cut before it.
touch go1
wait_for 'field_is q.1 status "\"$a199\""'
# 198 bytes and a 2-byte character that ends at 200: kept.
touch go2
wait_for "field_is q.1 status '\"${b198}é\"'"
touch go3
wait_for 'field_is q.1 status "\"$c200\""'
assert_field q.1 state '"starting"'

# The last of one message; a tab, ESC, DEL and CR each a blank.
touch go4
wait_for 'grep -q "q\.1 *| ready after" out'
assert_field q.1 status '"tab here [0m end "'
assert_field q.1 state '"running"'
assert_field web.1 status null
assert_no_grep 'refused' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

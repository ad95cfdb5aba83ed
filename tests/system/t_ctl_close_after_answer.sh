# After the end line of its answer muster closes the connection at once (the protocol: "end STATUS", then the close; SPEC 10: one request per connection, a malformed one "is closed", socat can drive it), so that a raw client such as socat ends: for a status, an error, a refused line, a kill, logs and wait, each on a quiet app where nothing else wakes muster.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'echo got USR1' USR1; echo ready; while :; do sleep 1; done # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out'
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

for req in 'b"status\n"' 'b"status nope\n"' 'b"frobnicate\n"' \
    'b"\x00\xff\n"' 'b"logs 10 web\n"' 'b"kill USR1 web\n"' 'b"wait web\n"'; do
	raw_request "$sock" "$req" 3 >raw.out
	case $(tail -n 1 raw.out) in
	"<eof>" | "<reset>") ;;
	*) fail "the connection of $req is not closed 3 s after its answer: $(cat raw.out)" ;;
	esac
	assert_eq 1 "$(count_lines '^end [0-9]+$' raw.out)" "end lines for $req"
done
wait_for 'grep -q "web\.1 *| got USR1" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

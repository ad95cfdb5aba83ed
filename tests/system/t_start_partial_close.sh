# A partial line is relayed, with a newline, as soon as its stream closes, even while the process runs on.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: printf 'partial out'; printf 'partial err' >&2; exec >&- 2>&-; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| partial out$" out && grep -q "web\.1 *| partial err$" out' 5
alive "$(pid_of_instance web.1)" || fail "web.1 is not running any more"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(count_lines 'partial out' out)" "partial out lines"
exit 0

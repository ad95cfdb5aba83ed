# PORT is base + 100 x entry index + instance - 1, and PS names the instance (-m web=2,worker=1).
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "env \$PS \$PORT"; sleep 30 # $MARK
worker: echo "env \$PS \$PORT"; sleep 30 # $MARK
EOP
unset PORT MUSTER_PORT
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| env " out)" -eq 3 ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} web\.1 +\| env web\.1 5000$' out
assert_grep '^[0-9:]{8} web\.2 +\| env web\.2 5001$' out
assert_grep '^[0-9:]{8} worker\.1 +\| env worker\.1 5100$' out
exit 0

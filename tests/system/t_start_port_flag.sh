# -p sets the base port: web.1 6000, web.2 6001, worker.1 6100.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "env \$PS \$PORT"; sleep 30 # $MARK
worker: echo "env \$PS \$PORT"; sleep 30 # $MARK
EOP
unset MUSTER_PORT
PORT=7000 setsid "$MUSTER" start -m web=2,worker=1 -p 6000 >out 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ "$(count_lines "\| env " out)" -eq 3 ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| env web\.1 6000$' out
assert_grep 'web\.2 +\| env web\.2 6001$' out
assert_grep 'worker\.1 +\| env worker\.1 6100$' out
exit 0

# PORT in muster's environment beats PORT from .env as the base port.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "env \$PS \$PORT"; sleep 30 # $MARK
EOP
printf 'PORT=7000\n' >.env
unset MUSTER_PORT
PORT=8000 setsid "$MUSTER" start >out 2>err </dev/null &
MUSTER_PID=$!
wait_for 'grep -q "| env " out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| env web\.1 8000$' out
exit 0

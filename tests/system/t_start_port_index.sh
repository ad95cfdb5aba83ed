# The port index counts every Procfile entry, also one that does not run; the env files' PORT is the base.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "env \$PS \$PORT"; sleep 30 # $MARK
skipped: echo never
worker: echo "env \$PS \$PORT"; sleep 30 # $MARK
EOP
printf 'PORT=7000\n' >.env
unset PORT MUSTER_PORT
start_muster start -m web=1,worker=2
wait_for '[ "$(count_lines "\| env " out)" -eq 3 ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| env web\.1 7000$' out
assert_grep 'worker\.1 +\| env worker\.1 7200$' out
assert_grep 'worker\.2 +\| env worker\.2 7201$' out
assert_no_grep never out
exit 0

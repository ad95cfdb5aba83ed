# --no-prefix prints process lines bare while muster's own lines keep their prefix.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo hello; echo oops >&2; until grep -q 'worker.1 *| started' out 2>/dev/null; do sleep 0.01; done
worker: sleep 30 # $MARK
EOP
start_muster start --no-prefix
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep '^hello$' out
assert_grep '^oops$' out
assert_grep '^[0-9:]{8} web\.1    \| started with pid [0-9]+$' out
assert_grep '^[0-9:]{8} web\.1    \| exited with code 0$' out
assert_grep '^[0-9:]{8} system   \| sending SIGTERM to worker\.1 \(pid [0-9]+\)$' out
assert_eq 2 "$(grep -cv ' | ' out)" "bare lines"
exit 0

# With short names the column is as wide as "system"; a type that will not run does not widen it.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
a: echo hi
verylongname: echo never
b: sleep 30 # $MARK
EOP
start_muster start -m a=1,b=1
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} a\.1    \| hi$' out
assert_grep '^[0-9:]{8} b\.1    \| started with pid [0-9]+$' out
assert_grep '^[0-9:]{8} system \| sending SIGTERM to b\.1 \(pid [0-9]+\)$' out
bad=$(awk 'substr($0, 16, 3) != " | "' out | head -n 3)
assert_eq "" "$bad" "lines whose bar is not at column 16"
assert_no_grep 'never' out
exit 0

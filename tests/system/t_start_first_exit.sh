# The first process to end stops the rest, and its code is muster's.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sleep 30 # $MARK
quick: echo done; exit 7
EOP
start_muster start
wait_muster
assert_eq 7 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} quick\.1 +\| done$' out
assert_grep 'quick\.1 +\| exited with code 7$' out
assert_grep 'system +\| sending SIGTERM to web\.1 \(pid [0-9]+\)$' out
assert_grep 'web\.1 +\| killed by SIGTERM$' out
exit 0

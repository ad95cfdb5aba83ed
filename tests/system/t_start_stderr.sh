# Both stdout and stderr of a process are relayed to muster's stdout, each in its order.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo out1; echo err1 >&2; echo out2; echo err2 >&2
EOP
start_muster start
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
[ -s err ] && fail "muster wrote to stderr"
assert_eq "out1 out2" "$(sed -n 's/.*web\.1 *| \(out[0-9]\)$/\1/p' out | tr '\n' ' ' | sed 's/ $//')" "stdout lines"
assert_eq "err1 err2" "$(sed -n 's/.*web\.1 *| \(err[0-9]\)$/\1/p' out | tr '\n' ' ' | sed 's/ $//')" "stderr lines"
exit 0

# When every type has on_exit = ignore, muster exits after the last end with the first non-zero status.
. "$TESTS_DIR/lib.sh"

# b ends first (4); c ends only once muster has reaped b (5); a ends last (0).
cat >Procfile <<EOP
a: until [ -s c.pid ] && ! kill -0 \$(cat c.pid) 2>/dev/null; do sleep 0.01; done; exit 0
b: echo \$\$ >b.pid; exit 4
c: until [ -s b.pid ] && ! kill -0 \$(cat b.pid) 2>/dev/null; do sleep 0.01; done; echo \$\$ >c.pid; exit 5
EOP
printf '[a]\non_exit = ignore\n[b]\non_exit = ignore\n[c]\non_exit = ignore\n' >muster.ini
start_muster start
wait_muster
assert_eq 4 "$MUSTER_STATUS" "exit status"
assert_grep 'a\.1 +\| exited with code 0$' out
assert_grep 'b\.1 +\| exited with code 4$' out
assert_grep 'c\.1 +\| exited with code 5$' out
assert_no_grep 'sending SIG' out
exit 0

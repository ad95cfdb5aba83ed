# When every type has on_exit = ignore and all end with 0, muster exits 0 after the last one.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
a: exit 0
b: until grep -q 'a.1 *| exited' out 2>/dev/null; do sleep 0.01; done; echo last; exit 0
EOP
printf '[a]\non_exit = ignore\n[b]\non_exit = ignore\n' >muster.ini
start_muster start
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep 'b\.1 +\| last$' out
assert_grep 'a\.1 +\| exited with code 0$' out
assert_grep 'b\.1 +\| exited with code 0$' out
assert_no_grep 'sending SIG' out
exit 0

# A last line without a newline is relayed, with a newline added, before the exit line.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
last: printf 'first\nno newline at the end'
EOP
start_muster start
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} last\.1 +\| first$' out
assert_grep '^[0-9:]{8} last\.1 +\| no newline at the end$' out
assert_eq "" "$(tail -c 1 out | tr -d '\n')" "the output's last byte"
l=$(grep -n 'no newline at the end' out | cut -d: -f1)
e=$(grep -n 'last\.1 *| exited with code 0' out | cut -d: -f1)
[ "$l" -lt "$e" ] || fail "the last line comes after the exit line"
exit 0

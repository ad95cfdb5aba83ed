# The name column is padded to the longest name even when that name is 300 characters long.
. "$TESTS_DIR/lib.sh"

long=$(head -c 300 /dev/zero | tr '\0' n)
cat >Procfile <<EOP
$long: until grep -q 'b.1 *| started' out 2>/dev/null; do sleep 0.01; done; echo hi
b: sleep 30 # $MARK
EOP
start_muster start --no-timestamp
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
# Every line has its bar right after the 302 columns of "$long.1".
bad=$(awk 'substr($0, 303, 3) != " | " { print substr($0, 1, 12) "... bar at column " index($0, " | ") }' out)
assert_eq "" "$bad" "misaligned lines"
exit 0

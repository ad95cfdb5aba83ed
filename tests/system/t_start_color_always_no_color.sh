# NO_COLOR does not beat --color always.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo hello
EOP
NO_COLOR=1 setsid "$MUSTER" start --color always >out 2>err </dev/null &
MUSTER_PID=$!
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
esc=$(printf '\033')
grep -q "^$esc\[[0-9;]*m[0-9:]\{8\} web\.1  *|$esc\[0m hello\$" out ||
	fail "web.1's line is not coloured"
exit 0

# With the default colour setting and stdout not a terminal, no escape byte is written.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo hello
worker: sleep 30 # $MARK
EOP
env -u NO_COLOR -u MUSTER_COLOR setsid "$MUSTER" start >out 2>err </dev/null &
MUSTER_PID=$!
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| hello$' out
assert_eq 0 "$(grep -c "$(printf '\033')" out)" "lines with ESC"
exit 0

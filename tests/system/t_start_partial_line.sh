# One process's partial line (a prompt) does not delay another's lines; it is relayed with a newline at its end.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
prompt: printf 'prompt> '; touch prompted; sleep 30 # $MARK
talk: until [ -f prompted ]; do sleep 0.01; done; echo hello; echo world; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "talk\.1 *| world" out'
assert_grep '^[0-9:]{8} talk\.1 +\| hello$' out
assert_no_grep 'prompt> ' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} prompt\.1 +\| prompt> $' out
assert_eq 1 "$(count_lines 'prompt> ' out)" "prompt lines"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster never polls: while nothing happens it makes no system call for a second, with stdout a file or a pipe (whose reader it watches).
. "$TESTS_DIR/lib.sh"

command -v strace >/dev/null || skip "strace is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP

start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
assert_eq "" "$(idle_calls)" "system calls while idle, stdout a file"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"

start_muster_piped start
wait_for '[ "$(count_lines "\| ready$" piped)" -eq 2 ]'
assert_eq "" "$(idle_calls)" "system calls while idle, stdout a pipe"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

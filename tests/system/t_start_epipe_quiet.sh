# When muster's stdout is a pipe whose reader goes away while every process is quiet (muster start | head -n 1), muster notices at once rather than at its next write: it stops everything and exits 141.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
EOP

# The reader is killed once both processes are quiet. -t is 5 s by
# default and the processes sleep 30: deadlines under that tell an exit on
# the reader's going from one on the processes' ending.
start_muster_piped start
wait_for '[ "$(count_lines "\| ready$" piped)" -eq 2 ]'
kill "$READER_PID"
wait_muster 4
assert_eq 141 "$MUSTER_STATUS" "exit status when the reader went"
wait_for '[ -z "$(marked_procs)" ]' 5

(
	("$MUSTER" start </dev/null 2>err; echo $? >status) | head -n 1 >head.out
) &
wait_for '[ -s status ]' 4
assert_eq 141 "$(cat status)" "exit status"
assert_eq 1 "$(wc -l <head.out)" "lines head read"
wait_for '[ -z "$(marked_procs)" ]' 5
exit 0

# Load: SIGTERM while 4 producers write numbered lines as fast as they can: every line up to the last one each wrote is relayed once, in order, then its exit line.
. "$TESTS_DIR/lib.sh"

burst_procfile
start_muster start --no-timestamp -m out=2,err=2 -t 10
insts="out.1 out.2 err.1 err.2"
# Mid-burst: every producer has had 2000 lines relayed, and writes on.
wait_for '[ "$(count_lines "^(out|err)\.[12] +\| (out|err)\.[12] 2000$" out)" -eq 4 ]' 20
kill -TERM "$MUSTER_PID"
wait_muster 20
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_no_grep 'SIGKILL' out
# shellcheck disable=SC2086 # one instance a word
assert_relayed_to_last $insts
assert_eq "" "$(marked_procs)" "processes left"
exit 0

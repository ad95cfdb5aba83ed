# Load: 200 instances all start, all stop on SIGTERM, and nothing is left running.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "up \$PS"; sleep 30 # $MARK
EOP
start_muster start -m web=200
wait_for '[ "$(count_lines "\| up web\.[0-9]+$" out)" -eq 200 ]' 15
assert_eq 200 "$(count_lines '^[0-9:]{8} web\.[0-9]+ +\| started with pid [0-9]+$' out)" "started lines"
for i in 1 37 100 200; do
	assert_grep "^[0-9:]{8} web\\.$i +\\| up web\\.$i\$" out
done
sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out >pids
kill -TERM "$MUSTER_PID"
wait_muster 15
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 200 "$(count_lines '^[0-9:]{8} system +\| sending SIGTERM to web\.[0-9]+ \(pid [0-9]+\)$' out)" "SIGTERM lines"
assert_eq 200 "$(count_lines '^[0-9:]{8} web\.[0-9]+ +\| killed by SIGTERM$' out)" "exit lines"
left=$(while read -r p; do if pgroup_alive "$p"; then echo "$p"; fi; done <pids)
assert_eq "" "$left" "process groups left"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

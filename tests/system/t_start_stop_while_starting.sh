# A process that ends while its siblings are still being started stops every one of them.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
quick: exit 3
web: sleep 30 # $MARK
EOP
start_muster start -m quick=1,web=100
wait_muster 15
assert_eq 3 "$MUSTER_STATUS" "exit status"
assert_grep 'quick\.1 +\| exited with code 3$' out
started=$(count_lines 'web\.[0-9]+ +\| started with pid' out)
assert_eq "$started" "$(count_lines 'system +\| sending SIGTERM to web\.[0-9]+ ' out)" "stopped instances"
assert_eq "$started" "$(count_lines 'web\.[0-9]+ +\| killed by SIGTERM$' out)" "ended instances"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

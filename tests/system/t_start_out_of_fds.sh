# Running out of descriptors part way through a formation stops the started processes and exits 1.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sleep 30 # $MARK
EOP
(
	ulimit -n 48
	exec setsid "$MUSTER" start -m web=60
) >out 2>err </dev/null &
MUSTER_PID=$!
wait_muster 15
assert_eq 1 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} web\.[0-9]+ +\| cannot start: Too many open files$' out
started=$(count_lines 'web\.[0-9]+ +\| started with pid' out)
if [ "$started" -eq 0 ] || [ "$started" -ge 60 ]; then
	fail "$started instances started"
fi
assert_eq "$started" "$(count_lines 'system +\| sending SIGTERM to web\.[0-9]+ ' out)" "stopped instances"
assert_eq "$started" "$(count_lines 'web\.[0-9]+ +\| killed by SIGTERM$' out)" "ended instances"
assert_grep 'muster: .*Too many open files' err
assert_eq "" "$(marked_procs)" "processes left"
exit 0

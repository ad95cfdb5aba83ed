# When a process cannot be exec'd (its root directory is gone by the time it restarts), muster says "cannot start" with the reason, stops the others and exits 1; the child that failed is not reported as a process that ran and exited.
. "$TESTS_DIR/lib.sh"

mkdir app
# tick removes the root only once web runs in it: processes start in
# parallel, and a slow build could otherwise find it gone for web too.
cat >app/Procfile <<EOP
web: touch "$PWD/web.runs"; echo ready; sleep 30 # $MARK
tick: until [ -e "$PWD/web.runs" ]; do sleep 0.01; done; echo ran; cd /; rm -rf "$PWD/app"; exit 1 # $MARK
EOP
printf '[tick]\non_exit = restart\n' >app/muster.ini
start_muster start -f app/Procfile
wait_muster
assert_eq 1 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(count_lines 'tick\.1 +\| ran$' out)" "runs of tick.1"
assert_grep '^[0-9:]{8} tick\.1 +\| cannot start: No such file or directory$' out
assert_grep '^muster: cannot start tick\.1: No such file or directory$' err
# Only the run that happened has an exit line.
assert_eq 1 "$(count_lines 'tick\.1 +\| exited with code' out)" "exit lines of tick.1"
assert_grep 'system +\| sending SIGTERM to web\.1 ' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

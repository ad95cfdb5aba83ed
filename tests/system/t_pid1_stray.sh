# As PID 1, muster stops on a SIGTERM sent from inside the namespace and gives a stray SIGTERM and its grace before exiting.
. "$TESTS_DIR/lib.sh"

pid1_require

# The stray takes 0.3 s to finish on SIGTERM; were PID 1 to exit first,
# the kernel would SIGKILL it and stray.term would never be written.
cat >Procfile <<EOP
web: setsid sh -c 'trap "sleep 0.3; echo done >stray.term; exit 0" TERM; echo \$\$ >stray.pid; while :; do sleep 0.05; done # $MARK' & echo ready; sleep 30 # $MARK
stopper: until [ -s stray.pid ] && grep -q 'web.1 *| ready' out; do sleep 0.01; done; echo stopping; kill -TERM 1; sleep 30 # $MARK
EOP
start_pid1 start -t 5
wait_pid1 15
assert_eq 143 "$MUSTER_STATUS" "exit status"
stray=$(cat stray.pid)
assert_grep 'system +\| SIGTERM received, stopping$' out
assert_grep "system +\\| sending SIGTERM to stray pid $stray\$" out
[ -s stray.term ] || fail "PID 1 exited before the stray finished its SIGTERM handler"
assert_no_grep 'SIGKILL' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# When every process has ended (all on_exit = ignore), a descendant still holding the output gets SIGTERM, then SIGKILL after -t, and muster exits.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sh -c 'trap "" TERM; echo \$\$ >stray.pid; echo holding; while :; do sleep 1; done # $MARK' & until [ -s stray.pid ]; do sleep 0.01; done; exit 0
EOP
printf '[web]\non_exit = ignore\n' >muster.ini
start_muster start -t 0.5
wait_muster 10
assert_eq 0 "$MUSTER_STATUS" "exit status"
stray=$(cat stray.pid)
assert_grep 'web\.1 +\| holding$' out
assert_grep 'web\.1 +\| exited with code 0$' out
assert_grep "system +\\| sending SIGTERM to stray pid $stray\$" out
assert_grep "system +\\| sending SIGKILL to stray pid $stray\$" out
alive "$stray" && fail "the stray survived"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

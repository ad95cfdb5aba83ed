# A grandchild that ignores SIGTERM after its parent died still gets the group's SIGKILL after -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sh -c 'trap "" TERM; echo \$\$ >kid; while :; do sleep 1; done # $MARK' & echo ready; wait # $MARK
EOP
start_muster start -t 0.5
wait_for 'grep -q "web\.1 *| ready" out && [ -s kid ]'
kid=$(cat kid)
pid=$(pid_of_instance web.1)
kill -TERM "$MUSTER_PID"
wait_muster 10
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'web\.1 +\| killed by SIGTERM$' out
assert_grep "system +\\| sending SIGKILL to web\\.1 \\(pid $pid\\)$" out
alive "$kid" && fail "grandchild $kid survived"
pgroup_alive "$pid" && fail "a process of group $pid survived"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

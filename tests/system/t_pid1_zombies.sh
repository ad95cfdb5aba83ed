# As PID 1 of a pid namespace, muster reaps 300 orphans (no zombie is left) and exits 143 on SIGTERM.
. "$TESTS_DIR/lib.sh"

pid1_require

# check.1 looks from inside the namespace: it waits for the orphans to be
# gone and for no zombie to remain (5 s at most), then reports.
cat >Procfile <<EOP
spawn: for i in \$(seq 300); do (sleep 0.1 &); done; echo spawned; sleep 30 # $MARK
check: until grep -q 'spawn.1 *| spawned' out; do sleep 0.01; done; n=0; while [ \$n -lt 250 ]; do z=\$(ps -eo stat= | grep -c '^Z'); s=\$(ps -eo args= | grep -c '^sleep 0.1\$'); [ \$z -eq 0 ] && [ \$s -eq 0 ] && break; n=\$((n + 1)); sleep 0.02; done; echo "sleeps \$s zombies \$z"; echo "pid1 \$(ps -o args= -p 1)"; sleep 30 # $MARK
EOP
start_pid1 start
wait_for 'grep -q "check\.1 *| pid1 " out' 15
# Pid 1 is muster itself (whatever its build is called).
assert_grep "check\\.1 +\\| pid1 .*${MUSTER##*/} start\$" out
assert_grep 'check\.1 +\| sleeps 0 zombies 0$' out
kill -TERM "$MUSTER_PID"
wait_pid1 15
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'system +\| SIGTERM received, stopping$' out
assert_grep 'system +\| sending SIGTERM to spawn\.1 \(pid [0-9]+\)$' out
assert_grep 'system +\| sending SIGTERM to check\.1 \(pid [0-9]+\)$' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster restart: the instances named get the stop protocol and start again with the same PORT and PS, the reply names each new pid, and the end it causes is not the on_exit policy's (web's SIGTERM trap exits 7, which would stop the app): the rest runs on; a stopped instance simply starts.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'echo term; exit 7' TERM; echo "ready \$PS \$PORT"; while :; do sleep 0.1; done # $MARK
worker: echo "ready \$PS \$PORT"; sleep 30 # $MARK
EOP
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| ready " out)" -eq 3 ]'
web1=$(pid_of_instance web.1)
web2=$(pid_of_instance web.2)
worker=$(pid_of_instance worker.1)

ctl_expect 0 restart web.1
new1=$(pid_of_instance web.1)
[ "$new1" != "$web1" ] || fail "web.1 restarted with the same pid $web1"
assert_eq "web.1 restarted, pid $new1" "$(cat ctl.out)" "reply"
assert_eq "" "$(cat ctl.err)" "stderr of restart"
# The reply comes once the new process runs: its start is out already.
assert_grep "web\\.1 +\\| exited with code 7$" out
assert_grep "web\\.1 +\\| started with pid $new1$" out
alive "$new1" || fail "the new web.1 does not run"
alive "$web1" && fail "the old web.1 still runs"
wait_for '[ "$(count_lines "web\.1 +\| ready web\.1 5000$" out)" -eq 2 ]'
for p in "$web2" "$worker"; do
	alive "$p" || fail "pid $p ended with the restart of web.1"
done
assert_no_grep 'sending SIGTERM to (web\.2|worker\.1)' out
ctl_expect 0 status web.1
assert_eq "web.1 $new1 running 1 7" \
    "$(awk 'NR == 2 { print $1, $2, $3, $5, $6 }' ctl.out)" "web.1 row after a restart"

# A type restarts each of its instances; several names, each once.
ctl_expect 0 restart web worker.1
assert_eq "web.1 restarted, pid $(pid_of_instance web.1)
web.2 restarted, pid $(pid_of_instance web.2)
worker.1 restarted, pid $(pid_of_instance worker.1)" "$(cat ctl.out)" "reply of restart web worker.1"
assert_eq 3 "$(count_lines 'web\.1 +\| started with pid' out)" "web.1 starts"
assert_eq 2 "$(count_lines 'web\.2 +\| started with pid' out)" "web.2 starts"
assert_eq 2 "$(count_lines 'worker\.1 +\| started with pid' out)" "worker.1 starts"
wait_for '[ "$(count_lines "worker\.1 +\| ready worker\.1 5100$" out)" -eq 2 ] && [ "$(count_lines "web\.2 +\| ready web\.2 5001$" out)" -eq 2 ]'
ctl_expect 0 status

# A stopped instance simply starts: no stop signal for it.
ctl_expect 0 stop web.2
ctl_expect 1 status
stops=$(count_lines 'sending SIGTERM to web\.2' out)
ctl_expect 0 restart web.2
assert_eq "web.2 restarted, pid $(pid_of_instance web.2)" "$(cat ctl.out)" "reply for a stopped web.2"
assert_eq "$stops" "$(count_lines 'sending SIGTERM to web\.2' out)" "stop signals to a stopped web.2"
ctl_expect 0 status

# No name: a usage error, nothing restarted.
starts=$(count_lines 'started with pid' out)
ctl_expect 2 restart
assert_eq "$starts" "$(count_lines 'started with pid' out)" "starts after a restart of nothing"

alive "$MUSTER_PID" || fail "muster ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

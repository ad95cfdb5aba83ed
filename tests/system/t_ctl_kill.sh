# muster kill -s SIG: the signal (a name with or without SIG, or a number) goes to each instance named and nothing else happens; a signal that ends one leads where any end does (SIGKILL to worker: muster exits 137).
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'echo "got USR1"' USR1; trap 'echo "got USR2"' USR2; trap 'echo "got HUP"' HUP; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| ready$" out)" -eq 3 ]'
web1=$(pid_of_instance web.1)
web2=$(pid_of_instance web.2)

ctl_expect 0 kill -s USR1 web
assert_eq "sent SIGUSR1 to web.1 (pid $web1)
sent SIGUSR1 to web.2 (pid $web2)" "$(cat ctl.out)" "reply of kill -s USR1 web"
wait_for '[ "$(count_lines "web\.[12] +\| got USR1$" out)" -eq 2 ]'
assert_grep "system +\\| sending SIGUSR1 to web\\.1 \\(pid $web1\\)$" out

ctl_expect 0 kill -s SIGUSR2 web.2
assert_eq "sent SIGUSR2 to web.2 (pid $web2)" "$(cat ctl.out)" "reply of kill -s SIGUSR2 web.2"
wait_for 'grep -q "web\.2 *| got USR2$" out'

ctl_expect 0 kill -s 1 web.1
assert_eq "sent SIGHUP to web.1 (pid $web1)" "$(cat ctl.out)" "reply of kill -s 1 web.1"
wait_for 'grep -q "web\.1 *| got HUP$" out'

# Nothing but the signals asked for: web.2 had no HUP, web.1 no USR2,
# and every process still runs.
ctl_expect 0 kill -s usr1 web.1
wait_for '[ "$(count_lines "web\.1 +\| got USR1$" out)" -eq 2 ]'
assert_eq 0 "$(count_lines 'web\.2 +\| got HUP' out)" "HUPs of web.2"
assert_eq 0 "$(count_lines 'web\.1 +\| got USR2' out)" "USR2s of web.1"
assert_eq 1 "$(count_lines 'web\.2 +\| got USR1' out)" "USR1s of web.2"
for p in "$web1" "$web2" "$(pid_of_instance worker.1)"; do
	alive "$p" || fail "pid $p ended"
done

# A signal that is none: a usage error, nothing sent.
sent=$(count_lines 'sending SIG' out)
ctl_expect 2 kill -s NOPE web
assert_grep 'NOPE' ctl.err
ctl_expect 2 kill -s 0 web
assert_eq "$sent" "$(count_lines 'sending SIG' out)" "signals sent after invalid ones"

ctl_expect 0 kill -s KILL worker
assert_eq "sent SIGKILL to worker.1 (pid $(pid_of_instance worker.1))" "$(cat ctl.out)" "reply of kill -s KILL"
wait_muster
assert_eq 137 "$MUSTER_STATUS" "exit status"
assert_grep 'worker\.1 +\| killed by SIGKILL$' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

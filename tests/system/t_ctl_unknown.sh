# Every verb refuses an unknown name and an instance outside the formation (web.7) with exit 2 and "unknown process" (a malformed name such as web.0 with exit 2 too), and does nothing, also to the names beside it: the instances run on with the same pids, no signal sent, no line started.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: trap 'echo got USR1' USR1; echo ready; while :; do sleep 0.1; done # $MARK
worker: echo ready; sleep 120 # $MARK
EOP
start_muster start -m web=2,worker=1
wait_for '[ "$(count_lines "\| ready$" out)" -eq 3 ]'
pids="$(pid_of_instance web.1) $(pid_of_instance web.2) $(pid_of_instance worker.1)"
lines=$(wc -l <out)

for bad in nope web.7 web.0 worker.2 web. .1; do
	for cmd in "status" "status --json" "restart" "restart web.1" \
	    "stop" "stop worker.1" "kill" "kill -s USR1 web" "logs" \
	    "logs -n 5" "wait" "wait -t 1 web"; do
		# shellcheck disable=SC2086 # cmd is words
		ctl_expect 2 $cmd "$bad"
		case $bad in
		nope | web.7 | worker.2)
			assert_eq "muster: unknown process '$bad'" "$(cat ctl.err)" "stderr of $cmd $bad"
			;;
		*) # Not even a name: said so, with the name.
			assert_eq 1 "$(grep -cF "'$bad'" ctl.err)" "stderr of $cmd $bad: $(cat ctl.err)"
			;;
		esac
		assert_eq "" "$(cat ctl.out)" "stdout of $cmd $bad"
	done
done

# Nothing was done: no line relayed, same processes.
assert_eq "$lines" "$(wc -l <out)" "lines relayed"
assert_eq "$pids" "$(pid_of_instance web.1) $(pid_of_instance web.2) $(pid_of_instance worker.1)" "pids"
for p in $pids; do
	alive "$p" || fail "pid $p ended"
done
ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster killed with SIGKILL leaves nothing running: its guard gives every
# process group muster started its stop signal, and SIGKILL after its
# timeout, including the children of a `sh -c` that is not exec'd away.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: cd . && sleep 1000 # $MARK
simple: exec sleep 1001 # $MARK
stubborn: trap '' TERM; echo \$\$ >stubborn.pid; while :; do sleep 0.1; done # $MARK
EOP
cat >muster.ini <<'EOP'
[web]
stop_signal = INT
EOP
start_muster start -t 1
wait_for '[ "$(count_lines "started with pid" out)" -eq 3 ] && [ -s stubborn.pid ]'
web=$(pid_of_instance web.1)
kill -KILL "$MUSTER_PID"
t0=$(now_ms)
wait_for '[ -z "$(marked_procs)" ]' 10
elapsed=$(($(now_ms) - t0))
echo "note: every group gone ${elapsed} ms after SIGKILL to muster (-t 1)"
assert_grep "^muster: muster \(pid $MUSTER_PID\) has gone; stopping the 3 process groups it left$" err
assert_grep "^muster: sending SIGKILL to process group $(cat stubborn.pid)$" err
assert_no_grep "process group $web" err

# A muster that ends as usual leaves no guard behind.
start_muster start -t 1
wait_for '[ "$(count_lines "started with pid" out)" -eq 3 ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
# guards_here: the guards whose working directory is this one.
# shellcheck disable=SC2317 # called through wait_for
guards_here() {
	local p
	for p in $(pgrep -x muster-guard); do
		[ "$(readlink /proc/"$p"/cwd)" = "$PWD" ] && echo "$p"
	done
	return 0
}
wait_for '[ -z "$(guards_here)" ]' 5
assert_eq "" "$(cat err)" "stderr"
exit 0

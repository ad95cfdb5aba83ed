# Load: 1000 instances, started under a soft limit of 1024 descriptors that muster raises, all run, all stop on SIGTERM, and nothing is left running.
. "$TESTS_DIR/lib.sh"

n=1000
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge $((2 * n + 64)) ] ||
	skip "the hard limit of $(ulimit -Hn) descriptors is too low for $n instances"
cat >Procfile <<EOP
web: echo "up \$PS"; sleep 120 # $MARK
EOP
# Should it fail, no instance's group (its sleep) outlives the scenario.
# shellcheck disable=SC2317 # run by the trap
kill_groups() {
	local p
	cleanup
	sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out 2>/dev/null |
	    while read -r p; do
		kill -KILL -- "-$p" 2>/dev/null
	    done
	return 0
}
trap kill_groups EXIT
# Two pipes an instance: 2000 descriptors, more than a soft limit of 1024
# (as login sessions have), which muster raises to the hard one. Only the
# soft limit: "ulimit -n" would lower the hard limit too.
(
	ulimit -Sn 1024
	exec setsid "$MUSTER" start -m web=$n
) >out 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ "$(count_lines "\| up web\.[0-9]+$" out)" -eq $n ] || ! kill -0 $MUSTER_PID 2>/dev/null' 60
assert_eq $n "$(count_lines '^[0-9:]{8} web\.[0-9]+ +\| started with pid [0-9]+$' out)" "started lines"
assert_eq $n "$(sed -n 's/^[0-9:]\{8\} web\.\([0-9]*\) *| up web\.\1$/\1/p' out | sort -un | wc -l)" "instances that said up as themselves"
sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out >pids
# One ps for all: every instance is alive (and not a zombie).
ps -eo pid=,stat= | awk 'NR == FNR { alive[$1] = $2 !~ /^Z/; next }
    !alive[$1] { print }' - pids >dead
assert_eq "" "$(head -n 5 dead)" "instances not alive"
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$MUSTER_PID/status")
kill -TERM "$MUSTER_PID"
wait_muster 60
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq $n "$(count_lines '^[0-9:]{8} system +\| sending SIGTERM to web\.[0-9]+ \(pid [0-9]+\)$' out)" "SIGTERM lines"
assert_eq $n "$(count_lines '^[0-9:]{8} web\.[0-9]+ +\| killed by SIGTERM$' out)" "exit lines"
assert_no_grep 'SIGKILL|cannot start' out
[ -s err ] && fail "muster wrote to stderr: $(head -n 3 err)"
# One ps for all: no process is left in any instance's group.
ps -eo pgid=,stat= | awk 'NR == FNR { if ($2 !~ /^Z/) live[$1] = 1; next }
    live[$1] { print }' - pids >left
assert_eq "" "$(head -n 5 left)" "process groups left"
echo "note: muster peak RSS $hwm KiB with $n instances"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

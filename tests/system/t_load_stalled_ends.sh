# Load: 300 instances each write about 54 KB and end while muster's stdout
# is stalled. muster holds no more of their output than of a running
# process's (their pipes keep the rest) and tells each end only after its
# output: once the reader goes on, all 180 000 lines arrive, each instance's
# before its exit line.
. "$TESTS_DIR/lib.sh"

stalled_bursts ignore
base=$BASE_HWM
wait_for '[ "$(runs)" -eq 300 ] && no_children' 60
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$MUSTER_PID"/status)
echo "note: muster peak RSS ${hwm} KiB with 300 ended instances' output unread (${base} KiB with 300 quiet ones)"
[ "$hwm" -lt $((base + 4096)) ] ||
	fail "muster held ${hwm} KiB while its stdout was stalled, ${base} KiB running quiet instances"

cat <relay >out &
exec 8<&-
wait_muster 60
assert_eq 0 "$MUSTER_STATUS" "exit status"
for j in $(seq 300); do
	n=$(count_lines "^burst\.$j +\| burst\.$j writes a line" out)
	assert_eq 600 "$n" "lines of burst.$j"
	# The exit line is the instance's last.
	last=$(grep -E "^burst\.$j +\| " out | tail -n 1)
	case $last in
	*"| exited with code 0") ;;
	*) fail "burst.$j: the exit line is not its last: $last" ;;
	esac
done
exit 0

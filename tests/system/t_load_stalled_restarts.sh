# Load: 300 instances under on_exit = restart each write about 54 KB and
# end while muster's stdout is stalled. An instance starts again only once
# what its last run wrote is relayed, so restarts neither pile output up
# in muster nor run ahead of a reader that has stopped; once the reader
# goes on, they restart, and muster's peak memory stays as small.
. "$TESTS_DIR/lib.sh"

stalled_bursts restart
base=$BASE_HWM
wait_for '[ "$(find . -name "runs.burst.*" | wc -l)" -eq 300 ] && no_children' 60
before=$(runs)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$MUSTER_PID"/status)
[ "$hwm" -lt $((base + 4096)) ] ||
	fail "muster held ${hwm} KiB while its stdout was stalled, ${base} KiB running quiet instances"

cat <relay >out &
exec 8<&-
# The reader goes on: the restarts follow.
wait_for '[ "$(runs)" -ge $((before + 300)) ]' 60
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$MUSTER_PID"/status)
kill -TERM "$MUSTER_PID"
echo "note: muster peak RSS ${hwm} KiB, 300 instances restarting, stdout stalled then read (${base} KiB with 300 quiet ones)"
# Restarts by the hundred churn the allocator (ASan's most of all, even
# with a small quarantine): more room here, still far below the 7 MB that
# 24 s of restarts added before.
[ "$hwm" -lt $((base + 8192)) ] ||
	fail "muster held ${hwm} KiB once its stdout went on, ${base} KiB running quiet instances"
wait_muster 60
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'burst\.300 +\| restarting in' out
exit 0

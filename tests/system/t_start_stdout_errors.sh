# A stdout that fails is never silent: EPIPE ends muster with 141, any
# other error (a full disk, /dev/full) says "muster: stdout: REASON" and
# exits 1 after the stop.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo \$\$ >web.pid; exec sleep 30 # $MARK
EOP

# start into /dev/full: the first line fails, and everything stops.
setsid "$MUSTER" start >/dev/full 2>err </dev/null &
MUSTER_PID=$!
wait_muster
assert_eq 1 "$MUSTER_STATUS" "start >/dev/full"
assert_eq "muster: stdout: No space left on device" "$(cat err)" "stderr"
wait_for '[ -z "$(marked_procs)" ]'

# write_to_closed_pipe COMMAND...: runs COMMAND with stdout a pipe whose
# reader is closed, and SIGPIPE ignored as Python leaves it.
write_to_closed_pipe() {
	python3 -c '
import os, sys
r, w = os.pipe()
os.close(r)
os.dup2(w, 1)
os.execv(sys.argv[1], sys.argv[1:])
' "$@"
}

write_to_closed_pipe "$MUSTER" start 2>err
assert_eq 141 "$?" "start into a closed pipe"
assert_eq "" "$(cat err)" "stderr of start into a closed pipe"
assert_eq "" "$(marked_procs)" "processes left"

# The plain commands: what they print must get out.
for cmd in version help check; do
	"$MUSTER" "$cmd" >/dev/full 2>err
	assert_eq 1 "$?" "$cmd >/dev/full"
	assert_eq "muster: stdout: No space left on device" "$(cat err)" \
	    "stderr of $cmd >/dev/full"
	write_to_closed_pipe "$MUSTER" "$cmd" 2>err
	assert_eq 141 "$?" "$cmd into a closed pipe"
	assert_eq "" "$(cat err)" "stderr of $cmd into a closed pipe"
done
exit 0

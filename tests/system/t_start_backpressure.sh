# With a stdout nobody reads, muster stops reading the processes (they block) yet SIGTERM still stops them within -t.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo \$\$ >web.pid; while :; do echo "a line of output that fills pipes quickly, sixty-four bytes"; done # $MARK
EOP
mkfifo fifo
# The test holds the only reader of the fifo and never reads from it.
exec 8<>fifo
setsid "$MUSTER" start -t 1 >fifo 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ -s web.pid ]'
web=$(cat web.pid)
# The writer ends up blocked in write(2) for good (ten polls in a row
# without a byte written): muster has stopped reading.
stable=0
last=
# shellcheck disable=SC2317 # called through wait_for
blocked() {
	local w
	w=$(awk '/^wchar/ { print $2 }' /proc/"$web"/io 2>/dev/null)
	if grep -Eq 'pipe_(write|wait)' /proc/"$web"/wchan 2>/dev/null &&
	    [ "$w" = "$last" ]; then
		stable=$((stable + 1))
	else
		stable=0
	fi
	last=$w
	[ "$stable" -ge 10 ]
}
wait_for blocked 10
rss1=$(awk '/^VmRSS/ { print $2 }' /proc/"$MUSTER_PID"/status)
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_for '! alive $web' 5
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 1500 ] || fail "web.1 stopped ${elapsed} ms after SIGTERM, -t 1"
wait_muster 10
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ "$elapsed" -lt 5000 ] || fail "muster took ${elapsed} ms to exit on a stuck stdout, -t 1"
[ "$rss1" -lt 65536 ] || fail "muster held ${rss1} KiB while its stdout was stuck"
exec 8<&-
assert_eq "" "$(marked_procs)" "processes left"
exit 0

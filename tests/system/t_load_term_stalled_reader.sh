# Load: SIGTERM while muster's reader has stopped reading and 4 producers are blocked mid-burst in write(2): once the reader goes on, every line each wrote is relayed once, in order, then its exit line, within -t.
. "$TESTS_DIR/lib.sh"

burst_procfile
insts="out.1 out.2 err.1 err.2"
mkfifo relay
cat <relay >out &
reader=$!
# A reader left stopped would never end: whatever happens, it goes on.
trap 'kill -CONT $reader 2>/dev/null; cleanup' EXIT
setsid "$MUSTER" start --no-timestamp -m out=2,err=2 -t 5 >relay 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ "$(count_lines "^(out|err)\.[12] +\| (out|err)\.[12] 2000$" out)" -eq 4 ]' 20
pids=
for inst in $insts; do
	pids="$pids $(pid_of_instance "$inst")"
done

# field PID NAME: sets REPLY to a number from /proc/PID/status or
# /proc/PID/io, with builtins only (it is polled).
# shellcheck disable=SC2317 # called through wait_for
field() {
	local f k v _
	REPLY=
	for f in status io; do
		while read -r k v _; do
			if [ "$k" = "$2:" ]; then
				REPLY=$v
				return
			fi
		done <"/proc/$1/$f"
	done 2>/dev/null
}
# in_write PID: the process sleeps in write(2) to a full pipe.
# shellcheck disable=SC2317 # called through wait_for
in_write() {
	local w=
	read -r w <"/proc/$1/wchan" 2>/dev/null
	case $w in *pipe_write* | *pipe_wait*) return 0 ;; esac
	return 1
}
# all_blocked: every producer is in write(2) and wrote nothing for ten
# polls in a row: muster has stopped reading them.
stable=0
last_io=
# shellcheck disable=SC2317 # called through wait_for
all_blocked() {
	local p io=
	for p in $pids; do
		in_write "$p" || { stable=0; return 1; }
		field "$p" wchar
		io="$io $REPLY"
	done
	if [ "$io" = "$last_io" ]; then
		stable=$((stable + 1))
	else
		stable=0
	fi
	last_io=$io
	[ "$stable" -ge 10 ]
}
# interrupted: every producer was woken (by the signal: nothing else wakes
# a writer blocked for good) and sleeps again in the write it retried.
# shellcheck disable=SC2317 # called through wait_for
interrupted() {
	local p
	# shellcheck disable=SC2086 # one word a producer
	set -- $switches
	for p in $pids; do
		field "$p" voluntary_ctxt_switches
		if [ "$REPLY" = "$1" ] || ! in_write "$p"; then
			return 1
		fi
		shift
	done
}

kill -STOP "$reader"
wait_for all_blocked 20
switches=
for p in $pids; do
	field "$p" voluntary_ctxt_switches
	switches="$switches $REPLY"
done
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_for interrupted 10
# The reader stays stopped one more second: muster must not give up, and
# must not stop them harder, before -t.
sleep 1
kill -CONT "$reader"
wait_muster 15
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ "$elapsed" -lt 5000 ] || fail "muster took ${elapsed} ms to exit after SIGTERM, -t 5"
wait "$reader"
assert_no_grep 'SIGKILL' out
# shellcheck disable=SC2086 # one instance a word
assert_relayed_to_last $insts
assert_eq "" "$(marked_procs)" "processes left"
exit 0

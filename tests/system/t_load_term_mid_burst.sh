# Load: SIGTERM while 4 producers write numbered lines as fast as they can: every line up to the last one each wrote is relayed once, in order, then its exit line.
. "$TESTS_DIR/lib.sh"

# A producer writes "NAME.j N" for N = 1, 2, ... until SIGTERM, when it
# writes N of the last line it wrote whole to last.NAME.j. The shell (dash)
# runs a trap only between two commands, and a write(2) that a signal
# interrupts (EINTR) it retries; one command both counts and writes a line
# (the expansion, then the write), so when the trap runs, i is the number
# of the last line written whole. A line is shorter than PIPE_BUF: a write
# of it to a pipe is all or nothing.
burst='i=0; trap "echo \$i >last.\$PS; exit 3" TERM; while :; do echo "$PS $((i += 1))"; done'
cat >Procfile <<EOP
out: $burst # $MARK
err: $burst >&2 # $MARK
EOP
start_muster start --no-timestamp -m out=2,err=2 -t 10
insts="out.1 out.2 err.1 err.2"
# Mid-burst: every producer has had 2000 lines relayed, and writes on.
wait_for '[ "$(count_lines "^(out|err)\.[12] +\| (out|err)\.[12] 2000$" out)" -eq 4 ]' 20
kill -TERM "$MUSTER_PID"
wait_muster 20
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_no_grep 'SIGKILL' out
for inst in $insts; do
	[ -s "last.$inst" ] || fail "$inst did not record its last line"
	last=$(cat "last.$inst")
	[ "$last" -ge 2000 ] || fail "$inst recorded $last as its last line"
	{
		echo "started with pid $(pid_of_instance "$inst")"
		seq -f "$inst %.0f" "$last"
		echo "exited with code 3"
	} >"expected.$inst"
	sed -n "s/^${inst%.*}\\.${inst#*.} *| //p" out >"got.$inst"
	cmp -s "expected.$inst" "got.$inst" ||
		fail "$inst: $(wc -l <"got.$inst") lines relayed (2 of muster's) for $last written; $(cmp "expected.$inst" "got.$inst" 2>&1 | head -n 1)"
done
# Nothing else: no line mixed from parts of two.
others=$(grep -Evc '^(out|err)\.[12] +\| |^system +\| ' out)
assert_eq 0 "$others" "lines of no process"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

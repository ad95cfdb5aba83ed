# Load: 8 producers of 1000000 lines each (stdout and stderr, lines of different shapes) get every line relayed once, in order, whole and unmixed.
. "$TESTS_DIR/lib.sh"

lines=1000000
# Each producer writes $lines numbered lines of its own shape, then stays
# (longer than any deadline here) until muster stops it.
cat >Procfile <<EOP
p1: seq $lines; sleep 300 # $MARK
p2: seq -f 'p2 %.0f' $lines; sleep 300 # $MARK
p3: seq -f 'p3 on stderr %.0f' $lines >&2; sleep 300 # $MARK
p4: seq -f '%.0f: a longer line | with bars, commas; and more' $lines; sleep 300 # $MARK
p5: seq -w $lines; sleep 300 # $MARK
p6: seq -f '%.0f	after a tab, a trailing blank ' $lines >&2; sleep 300 # $MARK
p7: seq -f '%012.0f' $lines; sleep 300 # $MARK
p8: seq -f '  p8 leading blanks on stderr %.0f' $lines >&2; sleep 300 # $MARK
EOP
# Should it fail, no producer's sleep outlives the scenario.
# shellcheck disable=SC2317 # run by the trap
kill_groups() {
	local p
	for p in $(pgrep -f "$MARK"); do
		kill -KILL -- "-$p" 2>/dev/null
	done
	cleanup
}
trap kill_groups EXIT

# The checker reads muster's output as it comes (some 240 MB never touch
# the disk): a line of producer k must be exactly, prefix included, the next
# line k wrote. When all 8 are complete it writes ./summary and ./done,
# then reads on to EOF and writes ./final; unexpected lines go to ./bad.
cat >check.awk <<'EOA'
BEGIN {
	fmt["p1"] = "%d"
	fmt["p2"] = "p2 %d"
	fmt["p3"] = "p3 on stderr %d"
	fmt["p4"] = "%d: a longer line | with bars, commas; and more"
	fmt["p5"] = "%07d"
	fmt["p6"] = "%d\tafter a tab, a trailing blank "
	fmt["p7"] = "%012d"
	fmt["p8"] = "  p8 leading blanks on stderr %d"
	for (k in fmt) {
		# "system" is the longest name: the name column is 6 wide.
		fmt[k] = sprintf("%-6s | ", k ".1") fmt[k]
		want[k] = sprintf(fmt[k], 1)
		got[k] = 0
	}
	complete = bad = started = killed = other = 0
}
{
	k = substr($0, 1, 2)
	if ($0 == want[k]) {
		if (++got[k] == N) {
			want[k] = ""
			if (++complete == 8) {
				for (k in got)
					print k, got[k] >"summary"
				close("summary")
				print "done" >"done"
				close("done")
			}
		} else
			want[k] = sprintf(fmt[k], got[k] + 1)
		next
	}
	if ($0 ~ /^p[1-8]\.1 +\| started with pid [0-9]+$/)
		started++
	else if ($0 ~ /^p[1-8]\.1 +\| killed by SIGTERM$/)
		killed++
	else if ($0 ~ /^system \| /)
		other++
	else if (++bad <= 5) {
		print "line " NR ": '" $0 "', expected '" want[k] "'" >>"bad"
		close("bad")
	}
}
END {
	print "lines", NR, "complete", complete, "started", started,
	    "killed", killed, "system", other, "bad", bad >"final"
}
EOA
# mawk fills its whole input buffer before it looks at a line, so the last
# lines would wait for EOF; interactive, it takes what a read(2) returns.
interactive=()
if awk -W version 2>&1 | grep -q mawk; then
	interactive=(-W interactive)
fi
mkfifo relay
awk "${interactive[@]}" -v N="$lines" -f check.awk <relay &
checker=$!
t0=$(now_ms)
setsid "$MUSTER" start --no-timestamp >relay 2>err </dev/null &
MUSTER_PID=$!
# Typically a few seconds; generous for a loaded CI machine.
wait_for '[ -f done ] || [ -s bad ] || ! kill -0 $checker 2>/dev/null' 90
elapsed=$(($(now_ms) - t0))
[ -s bad ] && fail "lines lost, repeated, reordered or mixed: $(cat bad)"
[ -f "done" ] || fail "the checker ended early: $(cat final 2>/dev/null)"
kill -TERM "$MUSTER_PID"
wait_muster 20
assert_eq 143 "$MUSTER_STATUS" "exit status"
wait "$checker"
for p in 1 2 3 4 5 6 7 8; do
	assert_grep "^p$p $lines\$" summary
done
# Besides the lines: 8 started, 8 killed, and muster's own (the signal,
# the stops); nothing else, not one line after the end of the bursts.
[ -s final ] || fail "the checker did not finish"
read -r _ _ _ complete _ started _ killed _ system _ bad <final
assert_eq "8 8 8 0" "$complete $started $killed $bad" "complete, started, killed, bad"
[ "$system" -ge 9 ] || fail "$system system lines, expected the signal and 8 stops"
[ -s err ] && fail "muster wrote to stderr: $(head -n 3 err)"
echo "note: $((8 * lines)) lines relayed in $elapsed ms ($((8 * lines * 1000 / elapsed)) lines/s)"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

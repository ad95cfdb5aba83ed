# Grandchildren (one in the group, one in a session of its own) that keep the output pipe after their parent was reaped: what they write then is relayed whole, and muster exits about -t after the reap.
. "$TESTS_DIR/lib.sh"

# Each parent leaves a child that ignores SIGTERM, waits for the parent
# to be reaped (kill -0 finds a zombie), writes 20000 lines and holds the
# pipe open for good. The parents exit 0 when the test says go (or, if
# the other one's exit stops them first, are killed by SIGTERM).
kid='trap "" TERM; echo $$ >NAME.pid; while kill -0 $PPID 2>/dev/null; do sleep 0.01; done; seq -f "NAME %.0f" 20000; touch NAME.wrote; while :; do sleep 1; done'
cat >Procfile <<EOP
web: sh -c '${kid//NAME/kid} # $MARK' & until [ -f go ]; do sleep 0.01; done; exit 0
api: setsid sh -c '${kid//NAME/stray} # $MARK' & until [ -f go ]; do sleep 0.01; done; exit 0
EOP
start_muster start --no-timestamp -t 2
wait_for '[ -s kid.pid ] && [ -s stray.pid ]'
t0=$(now_ms)
touch go
wait_muster 15
elapsed=$(($(now_ms) - t0))
assert_eq 0 "$MUSTER_STATUS" "exit status"
# The grandchildren ignore SIGTERM: muster waits out -t (2 s) for them,
# then ends them and the pipes they hold, and exits.
if [ "$elapsed" -lt 1950 ] || [ "$elapsed" -ge 5000 ]; then
	fail "muster exited ${elapsed} ms after the parents, -t 2 (expected 2000 to 5000 ms)"
fi
for k in kid stray; do
	[ -f "$k.wrote" ] || fail "the $k did not write its lines within -t"
	alive "$(cat "$k.pid")" && fail "the $k survived"
done
for k in web.1:kid api.1:stray; do
	inst=${k%:*} name=${k#*:}
	sed -n "s/^${inst%.*}\\.1 *| //p" out | grep -Ev '^(started with pid|exited with code|killed by)' >"lines.$name"
	seq -f "$name %.0f" 20000 >"expected.$name"
	cmp -s "expected.$name" "lines.$name" ||
		fail "$name: $(wc -l <"lines.$name") lines relayed; $(cmp "expected.$name" "lines.$name" 2>&1 | head -n 1)"
	# Written after the reap, the lines come after the exit line.
	exit_line=$(grep -En "^${inst%.*}\\.1 *\\| (exited with code 0|killed by SIGTERM)$" out | cut -d: -f1)
	first=$(grep -n "^${inst%.*}\\.1 *| $name 1$" out | cut -d: -f1)
	[ -n "$exit_line" ] || fail "no exit line for $inst"
	[ "$exit_line" -lt "$first" ] || fail "$inst: its exit line ($exit_line) after a line written after its reap ($first)"
done
assert_grep "^system +\\| sending SIGTERM to stray pid $(cat stray.pid)$" out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# A burst of 100000 lines written just before exiting is relayed whole, in order, before the exit line.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
burst: seq 100000
web: sleep 30 # $MARK
EOP
start_muster start --no-timestamp
wait_muster 20
assert_eq 0 "$MUSTER_STATUS" "exit status"
sed -n 's/^burst\.1 *| //p' out | grep -v '^started with pid\|^exited with code' >lines
seq 100000 >expected
cmp -s expected lines || fail "lines lost or reordered: $(wc -l <lines) relayed; first difference: $(cmp expected lines 2>&1 | head -n 1)"
last=$(grep -n '^burst\.1 *| 100000$' out | cut -d: -f1)
exit_line=$(grep -n '^burst\.1 *| exited with code 0$' out | cut -d: -f1)
if [ -z "$last" ] || [ -z "$exit_line" ]; then
	fail "last line or exit line missing"
fi
[ "$last" -lt "$exit_line" ] || fail "exit line ($exit_line) before the last output line ($last)"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

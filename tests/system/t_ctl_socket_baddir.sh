# A default socket directory muster must not trust (mode 0755, 0770 or 0701, a symlink, another user's, not a directory) is refused and left as it is: muster start says "no control socket: REASON" on a system line, runs the app without control (clients exit 3) and stops as usual.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
dir=$XDG_RUNTIME_DIR/muster

# refused WHAT: muster start runs web without control, saying why.
refused() {
	local before
	before=$(ls -la "$dir" 2>&1; stat -c '%a %U %F' "$dir")
	start_muster start
	wait_for 'grep -q "web\.1 *| ready$" out'
	assert_grep '^[0-9:]{8} system +\| no control socket: ' out
	assert_eq 1 "$(count_lines 'no control socket' out)" "no control lines ($1)"
	assert_eq "" "$(cat err)" "stderr ($1)"
	ctl_expect 3 status
	assert_grep '^muster: not running: no socket at ' ctl.err
	assert_eq "$before" "$(ls -la "$dir" 2>&1; stat -c '%a %U %F' "$dir")" "the directory after muster ($1)"
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status ($1)"
}

for mode in 755 770 701 707; do
	mkdir -p "$dir"
	chmod "$mode" "$dir"
	refused "mode $mode"
	assert_grep "no control socket: .*$dir" out
	rmdir "$dir"
done

mkdir real
chmod 700 real
ln -s "$PWD/real" "$dir"
refused "a symlink"
rm "$dir"
assert_eq "" "$(ls real)" "the symlink's target"

echo file >"$dir"
refused "a file"
rm "$dir"

if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 700 "$dir"
	chown nobody "$dir"
	refused "another user's"
	rmdir "$dir"
fi

# And once the directory is sound, control is back.
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out'
assert_no_grep 'no control socket' out
ctl_expect 0 status
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

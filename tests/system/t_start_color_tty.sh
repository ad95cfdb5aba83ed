# On a terminal the default colours lines; NO_COLOR=1 or --no-color turn it off there.
. "$TESTS_DIR/lib.sh"

command -v script >/dev/null || skip "script(1) is not installed"
cat >Procfile <<EOP
web: echo hello
EOP
esc=$(printf '\033')
env -u NO_COLOR -u MUSTER_COLOR script -qec "$MUSTER start" /dev/null >tty1 </dev/null 2>&1 ||
	fail "muster on a terminal exited $?: $(cat tty1)"
grep -q "$esc\[[0-9;]*m[0-9:]\{8\} web\.1  *|$esc\[0m hello" tty1 ||
	fail "no colour on a terminal: $(od -c tty1 | head -n 5)"
env -u MUSTER_COLOR NO_COLOR=1 script -qec "$MUSTER start" /dev/null >tty2 </dev/null 2>&1 ||
	fail "muster on a terminal exited $?"
assert_grep 'web\.1 +\| hello' tty2
assert_eq 0 "$(grep -c "$esc" tty2)" "ESC lines with NO_COLOR=1"
env -u NO_COLOR -u MUSTER_COLOR script -qec "$MUSTER start --no-color" /dev/null >tty3 </dev/null 2>&1 ||
	fail "muster on a terminal exited $?"
assert_grep 'web\.1 +\| hello' tty3
assert_eq 0 "$(grep -c "$esc" tty3)" "ESC lines with --no-color"
exit 0

# muster never prints a value from a malformed env file: errors name the file, the line and the key, never the value.
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

printf 'web: echo web\n' >Procfile
{
	printf 'GOOD=SECRET_MARKER_40\n'
	printf 'SECRET_MARKER_42\n'
	printf 'MY KEY=SECRET_MARKER_41\n'
	printf 'K@Y=SECRET_MARKER_44\n'
	printf 'Q="SECRET_MARKER_45" SECRET_MARKER_46\n'
	printf 'N=SECRET_MARKER_47\000\n'
	printf 'K="SECRET_MARKER_43\nSECRET_MARKER_48\n'
} >.env
# The base port taken from the env files is a value too.
printf 'PORT=SECRET_MARKER_49\n' >port.env

no_marker() {
	if grep -aq SECRET_MARKER out err; then
		fail "a value was printed by 'muster $*'"
	fi
}

"$MUSTER" check >out 2>err
assert_eq 2 "$?" "exit status of check"
no_marker check
# Each bad line was reported, at its line, and the unterminated value at
# the line where it opened, naming its key.
for n in 2 3 4 5 6 7; do
	assert_grep "^muster: \\.env:$n: " err
done
assert_grep '^muster: \.env:7: .*\bK\b' err
assert_grep '^muster: \.env:5: .*\bQ\b' err

for cmd in start "run web" "run true"; do
	# shellcheck disable=SC2086
	"$MUSTER" $cmd >out 2>err </dev/null
	assert_eq 2 "$?" "exit status of $cmd"
	assert_grep '^muster: \.env:7: ' err
	no_marker "$cmd"
done

for cmd in check "run web" start; do
	# shellcheck disable=SC2086
	"$MUSTER" $cmd -e port.env >out 2>err </dev/null
	assert_eq 2 "$?" "exit status of $cmd -e port.env"
	assert_grep '^muster: ' err
	no_marker "$cmd -e port.env"
done
exit 0

# muster never prints a value from a malformed env file: on every env-file error path, check, start and run name the file, the line and the key, never the value.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

printf 'web: %s\n' "$CMD" >Procfile
{
	printf 'GOOD=SECRET_MARKER_40\n'
	printf 'SECRET_MARKER_42\n'
	printf 'MY KEY=SECRET_MARKER_41\n'
	printf 'K@Y=SECRET_MARKER_44\n'
	printf 'Q="SECRET_MARKER_45" SECRET_MARKER_46\n'
	printf 'N=SECRET_MARKER_47\000\n'
	printf 'K="SECRET_MARKER_43\nSECRET_MARKER_48\n'
} >.env
# The other error paths, each with a value in the bad line and in the
# lines around it (an unterminated quote ends the file's errors: last).
{
	printf 'A=SECRET_MARKER_50\n'			# 1
	printf 'export SECRET_MARKER_51\n'		# 2 no separator
	printf 'export \t\n'				# 3 no key
	printf '=SECRET_MARKER_52\n'			# 4 empty key
	printf 'V="SECRET_MARKER_53\nSECRET\000_MARKER_54"\n' # 5 NUL in value
	printf "W='SECRET_MARKER_55'SECRET_MARKER_56\n"	# 7 text after quote
	printf 'E="$A" SECRET_MARKER_57 # SECRET_MARKER_58\n' # 8 the same
	printf 'X=SECRET_MARKER_59 # SECRET_MARKER_60\r\n'	# 9
	printf 'Y: SECRET_MARKER_61\rSECRET_MARKER_62\r\n'	# 10, 11 no separator
	printf 'Z=\x27SECRET_MARKER_63 \\\n'		# 12 unterminated
	printf 'SECRET_MARKER_64\nB=SECRET_MARKER_65\n'
} >more.env
# The base port taken from the env files is a value too, bad or too high
# for the formation.
printf 'PORT=SECRET_MARKER_49\n' >port.env
printf 'A=1\nPORT=65471\n' >high.env

no_marker() {
	local l
	for l in "${ERR[@]}"; do
		case $l in
		*SECRET_MARKER*) fail "a value was printed by 'muster $*'" ;;
		esac
	done
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

# (Options of run go before its command.)
for cmd in "check -e port.env" "run -e port.env web" "start -e port.env"; do
	# shellcheck disable=SC2086
	"$MUSTER" $cmd >out 2>err </dev/null
	assert_eq 2 "$?" "exit status of $cmd"
	assert_grep '^muster: ' err
	assert_eq "muster: port.env:1: invalid port in PORT (expected 1-65535)" \
	    "$(cat err)" "stderr of $cmd"
	no_marker "$cmd"
done
printf 'web: %s\nworker: %s\n' "$CMD" "$CMD" >high.procfile
for cmd in check "run -f high.procfile -e high.env worker" start; do
	# shellcheck disable=SC2086
	case $cmd in
	run*) "$MUSTER" $cmd >out 2>err </dev/null ;;
	*) "$MUSTER" $cmd -f high.procfile -e high.env -m worker=1 \
	    >out 2>err </dev/null ;;
	esac
	assert_eq 2 "$?" "exit status of $cmd"
	assert_eq "muster: high.env:2: the base port in PORT puts worker.1 above port 65535" \
	    "$(cat err)" "stderr of $cmd"
	if grep -Eq '6547|6557' err; then
		fail "a port derived from the env file was printed by $cmd"
	fi
done

# Every other path, alone and after the first file, for check, start, run
# NAME and run COMMAND: the same errors, and no value in them.
for files in more.env .env,more.env port.env,more.env; do
	# run NAME stops at the errors of the env files, before the base port.
	case $files in
	more.env) bad -r web 8 -e "$files" ;;
	.env,*) bad -r web 14 -e "$files" ;;
	port.env,*) bad 9 -e "$files" ;;
	esac
	no_marker "check -e $files"
	case $files in
	port.env,*)
		has_line 'muster: port.env:1: invalid port in PORT' ;;
	.env,*)
		has_line 'muster: .env:7: ' 'unterminated quoted value for K'
		;;
	esac
	has_line 'muster: more.env:2: ' "no '=' or ':' after key"
	has_line 'muster: more.env:3: ' "missing key after 'export'"
	has_line 'muster: more.env:4: ' "missing key before '=' or ':'"
	has_line 'muster: more.env:5: ' 'value of V contains a NUL byte'
	has_line 'muster: more.env:7: ' 'unexpected text after the closing quote of W'
	has_line 'muster: more.env:8: ' 'unexpected text after the closing quote of E'
	has_line 'muster: more.env:11: ' "no '=' or ':' after key"
	has_line 'muster: more.env:12: ' 'unterminated quoted value for Z'
	# bad compared the errors of start (and run web) with check's.
	for cmd in web true; do
		refused "run -e $files $cmd" run -e "$files" "$cmd"
		err_matches '^muster: more\.env:12: '
		no_marker "run -e $files $cmd"
	done
done
nothing_left
exit 0

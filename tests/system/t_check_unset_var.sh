# An env value that expands a variable that is not set ($cdef12 in an unquoted ab$cdef12, often a cut secret) draws a warning from check, start, run and export naming the file, line, key and variable, never the value; the exit status does not change; a default (${VAR:-x}) draws none.
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT cdef12 NOPE ALSO UNSET

printf 'web: echo "[$DB_PASSWORD|$B|$C|$D]"\n' >Procfile
{
	printf 'A=1\n'
	printf 'DB_PASSWORD=SECRET_MARKER_1$cdef12\n'
	printf 'B="SECRET_MARKER_2\n${NOPE}"\n'
	printf 'C=${NOPE:-SECRET_MARKER_3}${UNSET-}\n'
	printf "D='SECRET_MARKER_4\$cdef12'\n"
	printf 'E=${NOPE-$ALSO} # SECRET_MARKER_5\n'
} >.env

warnings() {
	cat <<'EOW'
muster: .env:2: warning: DB_PASSWORD: $cdef12 is not set and expands to nothing; quote the value with '...' to keep the $
muster: .env:3: warning: B: ${NOPE} is not set and expands to nothing; quote the value with '...' to keep the $
muster: .env:7: warning: E: $ALSO is not set and expands to nothing; quote the value with '...' to keep the $
EOW
}

"$MUSTER" check >out 2>err </dev/null
assert_eq 0 "$?" "exit status of check"
assert_eq "valid procfile detected (web)" "$(cat out)" "stdout of check"
assert_eq "$(warnings)" "$(cat err)" "stderr of check"

"$MUSTER" start --no-timestamp >out 2>err </dev/null
assert_eq 0 "$?" "exit status of start"
assert_eq "$(warnings)" "$(cat err)" "stderr of start"
assert_grep '^web\.1 +\| \[SECRET_MARKER_1\|SECRET_MARKER_2' out

"$MUSTER" run web >out 2>err </dev/null
assert_eq 0 "$?" "exit status of run web"
assert_eq "$(warnings)" "$(cat err)" "stderr of run web"
"$MUSTER" run sh -c 'exit 3' >out 2>err </dev/null
assert_eq 3 "$?" "exit status of run sh -c 'exit 3'"
assert_eq "$(warnings)" "$(cat err)" "stderr of run COMMAND"

# export writes the values as they are, cut: it warns as well.
"$MUSTER" export -a shop compose exported >out 2>err </dev/null
assert_eq 0 "$?" "exit status of export"
assert_eq "$(warnings)" "$(cat err)" "stderr of export"

# Set in muster's environment (even empty), nothing is cut: no warning.
cdef12='' NOPE=x ALSO=y "$MUSTER" check >out 2>err </dev/null
assert_eq 0 "$?" "exit status of check with the variables set"
[ -s err ] && fail "warnings with the variables set: $(cat err)"

# With errors, the warnings come in their place among them; still exit 2.
printf 'NOSEP\n' >>.env
"$MUSTER" start >out 2>err </dev/null
assert_eq 2 "$?" "exit status of start with an error"
assert_eq "$(warnings)"$'\n'"muster: .env:8: no '=' or ':' after key" "$(cat err)" "stderr of start with an error"
[ -s out ] && fail "start with an error wrote to stdout"
exit 0

# check reads 100 000 Procfile entries and 100 000 env keys in well under 10 s each: the parsers are not quadratic (they took 30 s and more when every name was looked up in a list).
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# timed WHAT ARG...: `muster check ARG...` exits 0 within 10 s; notes the
# time it took. Its stdout, one long line, goes to ./listed, not to ./out
# that fail shows.
timed() {
	local what=$1 t0 ms rc
	shift
	t0=$(now_ms)
	timeout 60 "$MUSTER" check "$@" >listed 2>err </dev/null
	rc=$?
	ms=$(($(now_ms) - t0))
	assert_eq 0 "$rc" "exit status of check, $what"
	[ "$ms" -lt 10000 ] || fail "check took $ms ms for $what (limit 10000)"
	echo "note: check, $what: $ms ms"
}

# 100 000 entries; one type is started, so that no port passes 65535.
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "p%d: echo %d\n", i, i }' >Procfile
timed "100 000 Procfile entries" -m p1=1
assert_grep '^valid procfile detected \(p1, p2, .*, p99999, p100000\)$' listed

# A duplicate at the end is still found, against the first entry.
echo 'p1: again' >>Procfile
"$MUSTER" check -m p1=1 >out 2>err </dev/null
assert_eq 2 "$?" "exit status of check with a duplicate"
assert_eq "muster: Procfile:100001: duplicate process type 'p1' (first defined at line 1)" \
    "$(cat err)" "stderr of check with a duplicate"

# 100 000 keys, each set twice: the second definition wins, and expands
# the first definition of the key before it (the second ones come last
# first). (check_dotenv holds the values; 100 000 keys are more than
# execve(2) takes.)
printf 'web: true\n' >Procfile
awk 'BEGIN {
	for (i = 1; i <= 100000; i++)
		printf "K%d=first\n", i
	for (i = 100000; i > 1; i--)
		printf "K%d=${K%d}%d\n", i, i - 1, i % 10
	printf "K1=one\n"
}' >.env
timed "100 000 env keys" -m web=1
exit 0

# muster check lists the types of a valid Procfile in order and exits 0.
. "$TESTS_DIR/lib.sh"

printf 'web: echo web\nworker: echo worker\n' >Procfile
"$MUSTER" check >out 2>err || fail "check exited $?"
assert_eq "valid procfile detected (web, worker)" "$(cat out)" "stdout"
[ -s err ] && fail "stderr not empty"
exit 0

# --color always colours the prefix of every line, per type, and leaves the line itself unchanged.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo hello; until grep -q 'worker.1 *|.* hey' out; do sleep 0.01; done
worker: echo hey; sleep 30 # $MARK
EOP
start_muster start --color always
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
esc=$(printf '\033')
grep -q "^$esc\[[0-9;]*m[0-9:]\{8\} web\.1  *|$esc\[0m hello\$" out ||
	fail "web.1's line is not coloured as expected: $(grep hello out | od -c | head -n 3)"
grep -q "^$esc\[[0-9;]*m[0-9:]\{8\} worker\.1 *|$esc\[0m hey\$" out ||
	fail "worker.1's line is not coloured as expected"
c1=$(sed -n "s/^$esc\(\[[0-9;]*m\)[0-9:]* web\.1 .*/\1/p" out | sort -u)
c2=$(sed -n "s/^$esc\(\[[0-9;]*m\)[0-9:]* worker\.1 .*/\1/p" out | sort -u)
[ "$(echo "$c1" | wc -l)" -eq 1 ] || fail "web.1 lines in several colours"
[ "$c1" != "$c2" ] || fail "web and worker share the colour $c1"
exit 0

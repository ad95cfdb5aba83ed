# Load: long lines from concurrent processes are never mixed; a line written in two parts is relayed as one.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
a: for i in \$(seq 100); do head -c 20000 /dev/zero | tr '\\0' a; echo; done
b: for i in \$(seq 100); do head -c 20000 /dev/zero | tr '\\0' b; echo; done
split: printf 'hel'; touch wrote; until [ -f go ]; do sleep 0.01; done; printf 'lo\n'
EOP
printf '[a]\non_exit = ignore\n[b]\non_exit = ignore\n[split]\non_exit = ignore\n' >muster.ini
start_muster start --no-timestamp
wait_for '[ -f wrote ]'
touch go
wait_muster 20
assert_eq 0 "$MUSTER_STATUS" "exit status"
for t in a b; do
	sed -n "s/^$t\\.1 *| //p" out | grep -v '^started with pid\|^exited with code' >"lines_$t"
	assert_eq 100 "$(wc -l <"lines_$t")" "lines of $t.1"
	bad=$(awk -v c="$t" 'length($0) != 20000 || $0 ~ "[^" c "]"' "lines_$t" | wc -l)
	assert_eq 0 "$bad" "mixed or cut lines of $t.1"
done
assert_grep '^split\.1 +\| hello$' out
exit 0

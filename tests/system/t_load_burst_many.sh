# Load: four processes writing 50000 lines each at once all get every line relayed, each in its order.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
burst: seq 50000
EOP
printf '[burst]\non_exit = ignore\n' >muster.ini
start_muster start -m burst=4 --no-timestamp
wait_muster 20
assert_eq 0 "$MUSTER_STATUS" "exit status"
seq 50000 >expected
for i in 1 2 3 4; do
	sed -n "s/^burst\\.$i *| //p" out | grep -v '^started with pid\|^exited with code' >"lines$i"
	cmp -s expected "lines$i" ||
		fail "burst.$i: $(wc -l <"lines$i") lines relayed; $(cmp expected "lines$i" 2>&1 | head -n 1)"
done
assert_eq 4 "$(count_lines '^burst\.[1-4] +\| exited with code 0$' out)" "exit lines"
exit 0

# Through a pipe (writes that block, back-pressure on and off) an exit burst still arrives whole and in order.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
burst: seq 200000
EOP
("$MUSTER" start --no-timestamp </dev/null 2>err; echo $? >status) | cat >out
assert_eq 0 "$(cat status)" "exit status"
sed -n 's/^burst\.1 *| //p' out | grep -v '^started with pid\|^exited with code' >lines
seq 200000 >expected
cmp -s expected lines || fail "$(wc -l <lines) lines relayed; $(cmp expected lines 2>&1 | head -n 1)"
assert_grep '^burst\.1 +\| exited with code 0$' out
exit 0

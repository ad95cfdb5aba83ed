# --no-timestamp drops the time column from every line, muster's own included.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo hello
EOP
start_muster start --no-timestamp
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
assert_grep '^web\.1  \| hello$' out
assert_grep '^web\.1  \| started with pid [0-9]+$' out
assert_grep '^web\.1  \| exited with code 0$' out
bad=$(grep -v '^web\.1  | ' out | head -n 3)
assert_eq "" "$bad" "lines with another prefix"
exit 0

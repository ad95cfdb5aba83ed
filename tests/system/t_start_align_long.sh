# The name column is padded to the longest instance name (verylongname.10), on every line including system's.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
a: echo hi; until [ "\$(grep -c 'verylongname.*| hey' out 2>/dev/null)" = 10 ]; do sleep 0.01; done
verylongname: echo hey; sleep 30 # $MARK
EOP
start_muster start -m a=1,verylongname=10
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
# "HH:MM:SS " then 15 columns of name, then " | ".
bad=$(grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2} [a-z0-9.]{1,15} * \| ' out | head -n 3)
assert_eq "" "$bad" "lines without a prefix"
bad=$(awk 'substr($0, 25, 3) != " | "' out | head -n 3)
assert_eq "" "$bad" "lines whose bar is not at column 25"
assert_grep '^[0-9:]{8} a\.1             \| hi$' out
assert_grep '^[0-9:]{8} verylongname\.10 \| hey$' out
assert_grep '^[0-9:]{8} verylongname\.9  \| hey$' out
assert_grep '^[0-9:]{8} system          \| sending SIGTERM to verylongname\.1 ' out
exit 0

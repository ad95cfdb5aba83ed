# The stop signal goes to the whole process group: grandchildren of a process die with it.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sh -c 'sleep 30 & echo \$! >>kids; sleep 30 & echo \$! >>kids; wait # $MARK'; : $MARK
EOP
start_muster start
wait_for '[ "$(wc -l <kids 2>/dev/null || echo 0)" -eq 2 ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
while read -r kid; do
	alive "$kid" && fail "grandchild $kid survived"
done <kids
assert_eq "" "$(marked_procs)" "processes left"
exit 0

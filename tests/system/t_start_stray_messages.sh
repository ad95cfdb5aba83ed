# A second signal names each stray once, and never an instance as a stray.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: trap 'echo got TERM' TERM; echo up; while :; do sleep 1; done # $MARK
stray: setsid sh -c 'trap "" TERM; echo daemon; while :; do sleep 1; done # $MARK' & echo up; trap 'echo got TERM' TERM; while :; do sleep 1; done
EOP
start_muster start -m web=2,stray=1 -t 30
wait_for '[ "$(count_lines "\| up$" out)" -eq 3 ] && grep -q daemon out'
kill -INT "$MUSTER_PID"
wait_for '[ "$(count_lines "got TERM" out)" -eq 3 ]'
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status"
sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out >pids
while read -r p; do
	assert_no_grep "stray pid $p$" out
done <pids
dups=$(grep -o 'sending SIG[A-Z]* to stray pid [0-9]*' out | sort | uniq -d)
assert_eq "" "$dups" "repeated stray lines"
assert_grep 'sending SIGKILL to stray pid [0-9]+$' out
[ -z "$(marked_procs)" ] || fail "left running: $(marked_procs)"
exit 0

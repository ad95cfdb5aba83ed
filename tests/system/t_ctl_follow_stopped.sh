# A muster logs -f follower stopped with SIGSTOP while a process writes 200 000 lines never slows the relay: every line reaches muster's stdout in order, muster's peak memory stays within 8 MiB of a quiet one's (--scrollback 0: only the follower's queue counts); once continued, the follower prints "N lines skipped" for what it missed and exits 0 when muster stops.
. "$TESTS_DIR/lib_ctl.sh"

bound_memory
base=$(baseline_hwm 1)
# Until go exists, web says ping every 0.05 s, so that the follower can
# be seen to follow; then the burst.
cat >Procfile <<EOP
web: while [ ! -f go ]; do [ -f ping ] && echo ping; sleep 0.05; done; seq -f "a line of output some sixty bytes long, this one is number %.0f" 200000; echo done; sleep 30 # $MARK
EOP
start_muster start --no-timestamp --scrollback 0
wait_for 'grep -q "web\.1 *| started with pid" out'
"$MUSTER" logs -f --no-timestamp >follow.out 2>follow.err &
follower=$!
touch ping
wait_for 'grep -q "web\.1 *| ping$" follow.out'
kill -STOP "$follower"
touch go
wait_for 'grep -q "web\.1 *| done$" out' 60
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$MUSTER_PID"/status)
echo "note: muster peak RSS ${hwm} KiB with a stopped follower of 200 000 lines (${base} KiB quiet)"
[ "$hwm" -lt $((base + 8192)) ] ||
	fail "muster held ${hwm} KiB for a stopped follower, ${base} KiB quiet"

sed -n 's/^web\.1 *| a line of output some sixty bytes long, this one is number //p' out >lines
seq 200000 >expected
cmp -s expected lines || fail "lines relayed: $(wc -l <lines) of 200000; $(cmp expected lines 2>&1 | head -n 1)"

kill -CONT "$follower"
wait_for 'grep -q "lines skipped$" follow.out' 30
alive "$follower" || fail "the follower ended before muster: $(cat follow.err)"
skipped=$(sed -n 's/^system *| \([0-9]*\) lines skipped$/\1/p' follow.out)
got=$(count_lines '^web\.1 +\| a line of output' follow.out)
echo "note: the follower got $got lines and was told of $skipped skipped"
[ "$skipped" -gt 0 ] || fail "skipped: '$skipped'"
[ "$got" -lt 200000 ] || fail "the stopped follower got all $got lines"
# What it got is in order, and what it got and missed make up the burst.
sed -n 's/^web\.1 *| a line of output some sixty bytes long, this one is number //p' follow.out >fgot
sort -n -c fgot || fail "the follower's lines are out of order"
[ $((got + skipped)) -ge 200000 ] || fail "$got lines got and $skipped skipped of 200 000"

ctl_expect 0 stop
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
wait_for '! alive $follower' 10
wait "$follower"
assert_eq 0 $? "status of the follower"
assert_grep 'web\.1 +\| killed by SIGTERM$' follow.out
assert_eq "" "$(cat follow.err)" "stderr of the follower"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster raises its own soft descriptor limit to the hard one (for large formations) but starts each process with the limits it was given itself.
. "$TESTS_DIR/lib.sh"

hard=$(ulimit -Hn)
[ "$hard" = unlimited ] || [ "$hard" -gt 256 ] ||
	skip "hard descriptor limit $hard leaves nothing to raise"
cat >Procfile <<EOP
web: echo "soft=\$(ulimit -Sn) hard=\$(ulimit -Hn)"; sleep 30 # $MARK
EOP
ulimit -Sn 256
start_muster start
wait_for 'grep -q "web\.1 *| soft=" out'
assert_grep "web\\.1 +\\| soft=256 hard=$hard\$" out
# muster itself runs with the soft limit raised.
soft=$(awk '/^Max open files/ { print $4 }' "/proc/$MUSTER_PID/limits")
[ "$soft" != 256 ] || fail "muster's soft limit was not raised"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

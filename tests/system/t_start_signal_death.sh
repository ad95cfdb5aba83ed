# A first ender killed by signal n stops the rest and muster exits 128+n.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
boom: until grep -q ready out 2>/dev/null; do sleep 0.01; done; kill -USR2 \$\$
EOP
start_muster start
wait_muster
assert_eq 140 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} boom\.1 +\| killed by SIGUSR2$' out
assert_grep 'system +\| sending SIGTERM to web\.1 \(pid [0-9]+\)$' out
assert_grep 'web\.1 +\| killed by SIGTERM$' out
assert_no_grep 'sending SIGTERM to boom' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

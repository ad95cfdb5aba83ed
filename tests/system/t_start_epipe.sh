# When muster's stdout closes (muster start | head -n 1), muster stops everything and exits 141.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: while :; do echo tick; sleep 0.05; done # $MARK
worker: echo ready; sleep 30 # $MARK
EOP
(
	("$MUSTER" start </dev/null 2>err; echo $? >status) | head -n 1 >head.out
) &
wait_for '[ -s status ]' 15
assert_eq 141 "$(cat status)" "exit status"
assert_eq 1 "$(wc -l <head.out)" "lines head read"
wait_for '[ -z "$(marked_procs)" ]' 5
exit 0

# When not even the first process can be started (out of descriptors), muster reports it and exits 1 at once.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: sleep 30 # $MARK
EOP
# Six descriptors: stdio, the guard's pipe and two of libev's leave none
# for a pipe.
(
	for fd in /proc/"$BASHPID"/fd/*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done
	ulimit -n 6
	exec "$MUSTER" start
) >out 2>err </dev/null &
MUSTER_PID=$!
wait_for 'grep -q "cannot start" out'
wait_muster 5
assert_eq 1 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} web\.1 +\| cannot start: Too many open files$' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

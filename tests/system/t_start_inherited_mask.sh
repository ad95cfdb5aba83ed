# A parent may exec muster with signals blocked or SIGCHLD ignored (Python's
# pthread_sigmask, some CI runners): start and run still reap their
# processes, exit with their status and obey SIGTERM.
. "$TESTS_DIR/lib.sh"

# start_hostile BLOCK IGN ARGS...: start_muster, but muster is exec'd by a
# parent that blocked the signals BLOCK (a comma-separated list) and, with
# IGN=1, ignored SIGCHLD.
cat >hostile.py <<'EOP'
import os, signal, sys
block = [getattr(signal, s) for s in sys.argv[1].split(",") if s]
signal.pthread_sigmask(signal.SIG_BLOCK, block)
if sys.argv[2] == "1":
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[3], sys.argv[3:])
EOP
start_hostile() {
	local block=$1 ign=$2
	shift 2
	: >out
	: >err
	setsid python3 hostile.py "$block" "$ign" "$MUSTER" "$@" \
	    >out 2>err </dev/null &
	MUSTER_PID=$!
}

cat >Procfile <<EOP
web: sleep 30 # $MARK
quick: exit 3
EOP
for ign in 0 1; do
	start_hostile SIGCHLD,SIGTERM,SIGINT "$ign" start
	wait_muster
	assert_eq 3 "$MUSTER_STATUS" "start, SIGCHLD blocked (ignored: $ign)"
	assert_grep 'quick\.1 +\| exited with code 3$' out
	assert_eq "" "$(marked_procs)" "processes left"
done

# SIGTERM blocked and ignored by the parent still stops muster.
cat >Procfile <<EOP
web: sleep 30 # $MARK
EOP
start_hostile SIGCHLD,SIGTERM 0 start
wait_for 'grep -q "started with pid" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "start, SIGTERM blocked"
assert_grep 'SIGTERM received, stopping' out
assert_eq "" "$(marked_procs)" "processes left"

# run: its command is reaped and its status passed on.
for ign in 0 1; do
	start_hostile SIGCHLD,SIGTERM "$ign" run sh -c 'exit 4'
	wait_muster
	assert_eq 4 "$MUSTER_STATUS" "run, SIGCHLD blocked (ignored: $ign)"
done
start_hostile SIGCHLD,SIGTERM 0 run sh -c "echo \$\$ >run.pid; sleep 30 # $MARK"
wait_for '[ -s run.pid ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "run, SIGTERM blocked"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

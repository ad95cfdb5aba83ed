# A process starts with no blocked and no ignored signal, even when muster was started with some ignored.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: grep -E 'SigBlk|SigIgn' /proc/self/status; echo checked; sleep 30 # $MARK
EOP
# A background job of a non-interactive shell starts with SIGINT and
# SIGQUIT ignored; trap adds SIGUSR2 and SIGHUP.
(
	trap '' USR2 HUP
	"$MUSTER" start >out 2>err </dev/null &
	echo $! >muster.pid
	wait
)  &
wait_for '[ -s muster.pid ] && grep -q "web\.1 *| checked" out'
MUSTER_PID=$(cat muster.pid)
assert_grep 'web\.1 +\| SigBlk:[[:space:]]+0+$' out
assert_grep 'web\.1 +\| SigIgn:[[:space:]]+0+$' out
kill -TERM "$MUSTER_PID"
wait_for '! kill -0 "$MUSTER_PID" 2>/dev/null' 10
exit 0

# A standard descriptor closed at start is opened on /dev/null before
# anything else: with stdout closed, epoll took fd 1 and every write failed.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo \$\$ >web.pid; exec sleep 30 # $MARK
EOP

# start with stdout closed runs as usual; SIGTERM stops it with 143.
setsid "$MUSTER" start >&- 2>err </dev/null &
MUSTER_PID=$!
wait_for '[ -s web.pid ]'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "start >&-"
assert_eq "" "$(cat err)" "stderr of start >&-"
assert_eq "" "$(marked_procs)" "processes left"

for cmd in version help check; do
	"$MUSTER" "$cmd" >&- 2>err
	assert_eq 0 "$?" "$cmd >&-"
	assert_eq "" "$(cat err)" "stderr of $cmd >&-"
done
# stdin and stderr closed too.
"$MUSTER" check <&- >out 2>&-
assert_eq 0 "$?" "check <&- 2>&-"
assert_eq "valid procfile detected (web)" "$(cat out)" "stdout of check"
exit 0

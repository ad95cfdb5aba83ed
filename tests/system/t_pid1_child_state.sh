# As PID 1 started with signals ignored, an extra fd and a real stdin, muster starts processes with no blocked or ignored signal, only fds 0-2, and /dev/null as stdin.
. "$TESTS_DIR/lib.sh"

pid1_require

cat >Procfile <<EOP
web: grep -E 'SigBlk|SigIgn' /proc/self/status /proc/\$\$/status | sed 's/^[^:]*status://'; ls -l /proc/self/fd >fds.txt; readlink /proc/\$\$/fd/0 >stdin.txt; cat; echo "cat ended"; sleep 30 # $MARK
EOP
echo "a line of muster's stdin" >stdin.file
# A background job of a non-interactive shell starts with SIGINT and
# SIGQUIT ignored; the trap adds SIGUSR2 and SIGHUP. fd 7 is left open.
trap '' USR2 HUP
exec 7>extra.txt
PID1_STDIN=stdin.file start_pid1 start
exec 7>&-
trap - USR2 HUP
wait_for 'grep -q "web\.1 *| cat ended" out' 15
# What muster was given: the ignored signals (unshare's, as muster's own
# handlers hide them) and fd 7.
ign=$(awk '/^SigIgn:/ { print $2 }' /proc/"$UNSHARE_PID"/status)
[ $((0x$ign & 0x807)) -eq $((0x807)) ] ||
	fail "unshare ignores $ign, not HUP, INT, QUIT and USR2"
[ "$(readlink /proc/"$MUSTER_PID"/fd/7)" = "$PWD/extra.txt" ] ||
	fail "muster did not get fd 7"
kill -TERM "$MUSTER_PID"
wait_pid1
assert_eq 143 "$MUSTER_STATUS" "exit status"
# The process and its child, both.
assert_eq 2 "$(count_lines 'web\.1 +\| SigBlk:[[:space:]]+0+$' out)" "SigBlk lines"
assert_eq 2 "$(count_lines 'web\.1 +\| SigIgn:[[:space:]]+0+$' out)" "SigIgn lines"
assert_eq 4 "$(count_lines 'web\.1 +\| Sig(Blk|Ign):' out)" "signal lines"
assert_eq /dev/null "$(cat stdin.txt)" "stdin"
assert_no_grep "muster's stdin" out
# ls's own fd for /proc/self/fd aside (dash's are close-on-exec).
fds=$(awk 'NR > 1 && $11 !~ /^\/proc\/[0-9]+\/fd$/ { printf "%s ", $9 }' fds.txt)
assert_eq "0 1 2 " "$fds" "descriptors of web.1's child"
assert_no_grep 'extra\.txt' fds.txt
assert_eq "" "$(cat err)" "stderr"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

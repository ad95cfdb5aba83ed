# ready = notify: READY=1 from a grandchild of the instance's process (sh -c starting a shell that starts python3), of its process group, is taken: "ready after", and no refusal.
. "$TESTS_DIR/lib_notify.sh"

# The inner shell has a command after python3, so it forks it: python3 is
# the child of the child of q.1's shell.
cat >send.sh <<EOS2
$SEND info:gc.info 'msg:b"STATUS=from a grandchild\nREADY=1\n"'
echo inner shell done
EOS2
cat >Procfile <<EOP
q: sh ./send.sh; echo outer shell done # $MARK
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_for 'grep -q "q\.1 *| ready after [0-9.]* s" out'
q=$(pid_of_instance q.1)
wait_for '[ -s gc.info ]'
read -r pid ppid pgid <gc.info
[ "$ppid" != "$q" ] || fail "the sender $pid is q.1's child, not a grandchild"
assert_eq "$q" "$(awk '{ print $4 }' /proc/"$ppid"/stat)" "parent of the sender's parent"
assert_eq "$q" "$pgid" "process group of the sender"
assert_field q.1 state '"running"'
assert_field q.1 status '"from a grandchild"'
assert_no_grep 'refused' out
ctl_expect 0 wait -t 10 q
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

# The connected process ends: the client prints how, in muster's words ("once.1 exited with code 3", "victim.1 killed by SIGKILL", or by the SIGTERM of a restart), restores its terminal and exits 0. Under on_exit = ignore the app runs on and a connect to the ended instance fails (exit 1, not running); under the default policy the end stops the app as usual.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
once: printf 'say> '; read -r x; echo "bye \$x"; exit 3 # $MARK
victim: echo ready; sleep 30 # $MARK
keep: echo kept; sleep 30 # $MARK
EOP
printf '[muster]\ntty = true\n[once]\non_exit = ignore\n[victim]\non_exit = ignore\n' >muster.ini
start_muster start
wait_for 'grep -q "victim\.1 *| ready$" out && grep -q "once\.1 *| started with pid" out'

drive_ok c1 expect 'say> ' send 'now\r' expect 'bye now\r\n' exit \
    -- "$MUSTER" connect once.1
assert_eq "exit 0" "$(ended c1)" "connect's end when the process exited"
assert_restored c1
assert_eq "say> now
bye now
muster: once.1 exited with code 3" "$(client_said c1)" "what the client printed"
assert_grep 'once\.1 +\| exited with code 3$' out

# A restart while connected: the client is told of the end; the new run
# takes a connect.
drive c6 expect 'ready\r\n' touch c6.ready exit -- "$MUSTER" connect victim.1 &
c6=$!
wait_for '[ -f c6.ready ]'
ctl_expect 0 restart victim.1
wait "$c6"
assert_eq 0 $? "the driver of c6: $(cat c6.err)"
assert_eq "exit 0" "$(ended c6)" "connect's end when the process was restarted"
assert_eq "muster: victim.1 killed by SIGTERM" "$(client_said c6 | tail -n 1)" "the client's last line"
wait_for '[ "$(count_lines "victim\.1 +\| ready$" out)" -eq 2 ]'
drive_ok c7 expect 'ready\r\n' send '\x1c' exit -- "$MUSTER" connect victim.1
assert_eq "exit 0" "$(ended c7)" "connect to the restarted victim.1"

drive c2 expect 'ready\r\n' touch c2.ready exit -- "$MUSTER" connect victim.1 &
c2=$!
wait_for '[ -f c2.ready ]'
ctl_expect 0 kill -s KILL victim.1
wait "$c2"
assert_eq 0 $? "the driver of c2: $(cat c2.err)"
assert_eq "exit 0" "$(ended c2)" "connect's end when the process was killed"
assert_restored c2
assert_eq "muster: victim.1 killed by SIGKILL" "$(client_said c2 | tail -n 1)" "the client's last line"

# The app runs on; the ended instances take no connect.
alive "$MUSTER_PID" || fail "muster ended"
drive_ok c3 -- "$MUSTER" connect once.1
assert_eq "exit 1" "$(ended c3)" "connect to an exited instance"
assert_eq "muster: once.1 is not running (exited)" "$(client_said c3)" "what connect to once.1 said"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

# The default policy: once's end stops the app; the client is told.
printf '[muster]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "keep\.1 *| kept$" out && grep -q "once\.1 *| started with pid" out'
drive c4 expect 'kept\r\n' touch c4.ready exit -- "$MUSTER" connect keep.1 &
c4=$!
wait_for '[ -f c4.ready ]'
drive_ok c5 expect 'say> ' send 'all\r' expect 'bye all\r\n' exit \
    -- "$MUSTER" connect once.1
assert_eq "exit 0" "$(ended c5)" "connect's end"
assert_eq "muster: once.1 exited with code 3" "$(client_said c5 | tail -n 1)" "the client's last line"
wait "$c4"
assert_eq 0 $? "the driver of c4: $(cat c4.err)"
assert_eq "exit 0" "$(ended c4)" "connect to keep.1 when the app stopped"
assert_eq "muster: keep.1 killed by SIGTERM" "$(client_said c4 | tail -n 1)" "keep.1's client's last line"
wait_muster
assert_eq 3 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

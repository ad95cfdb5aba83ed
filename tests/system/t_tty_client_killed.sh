# A client killed with SIGKILL (no chance to detach) leaves the process running, same pid, and muster serving; the next connect works at once and first gets the last screen, the pending prompt "> " (no newline yet) included.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
EOP
printf '[repl]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)

drive_ok c1 expect '> ' send 'one\r' expect 'got: one\r\n> ' signal KILL exit \
    -- "$MUSTER" connect repl.1
assert_eq "signal SIGKILL" "$(ended c1)" "the first client's end"
alive "$repl" || fail "repl.1 ended with its client"
alive "$MUSTER_PID" || fail "muster ended with the client"
ctl_expect 0 status repl.1
assert_eq "repl.1 $repl running" "$(awk 'NR == 2 { print $1, $2, $3 }' ctl.out)" "repl.1 after its client was killed"

drive_ok c2 expect 'got: one\r\n> ' send 'two\r' expect 'got: two\r\n> ' send '\x1c' exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c2)" "the second client's end"
assert_restored c2
# The screen replayed, then what was typed: "> one" is the prompt and
# the echo of "one", one line.
assert_eq "> one
got: one
> two
got: two
> 
muster: detached from repl.1" "$(client_said c2)" "what the second client printed"
assert_eq "started with pid $repl
> one
got: one
> two
got: two" "$(stream_lines repl.1)" "repl.1 on muster's stream"
assert_eq 0 "$(count_lines 'exited|killed' out)" "ends"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

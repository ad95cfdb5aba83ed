# One client at a time: a second connect takes the instance over; the first client exits 0 with "detached: connected elsewhere", its terminal restored, having typed nothing more; the second types and reads as usual.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
EOP
printf '[repl]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)

drive c1 expect '> ' send 'first\r' expect 'got: first\r\n> ' touch c1.ready exit \
    -- "$MUSTER" connect repl.1 &
c1=$!
wait_for '[ -f c1.ready ]'
drive_ok c2 expect '> ' \
    send 'second\r' expect 'second\r\ngot: second\r\n> ' \
    send '\x1c' exit \
    -- "$MUSTER" connect repl.1
wait "$c1"
assert_eq 0 $? "the first client's driver: $(cat c1.err)"
assert_eq "exit 0" "$(ended c1)" "the first client's end"
assert_restored c1
assert_eq "> first
got: first
> 
muster: detached: connected elsewhere" "$(client_said c1)" "what the first client printed"
assert_eq "exit 0" "$(ended c2)" "the second client's end"
assert_restored c2
assert_eq "muster: detached from repl.1" "$(client_said c2 | tail -n 1)" "the second client's last line"
assert_eq "started with pid $repl
> first
got: first
> second
got: second" "$(stream_lines repl.1)" "repl.1 on muster's stream"

alive "$repl" || fail "repl.1 ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# muster connect to a read loop on a terminal: the pending prompt comes first, a line typed is echoed and answered on the client's terminal, unprefixed, and the same lines go to muster's stream, prefixed and without CR; Ctrl-\ detaches (exit 0, terminal restored). Nothing from muster's own stdin is ever typed into the process.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
EOP
printf '[repl]\ntty = true\n' >muster.ini
# muster's stdin holds a line: it must not reach the process.
printf 'from stdin\nfrom stdin\n' >stdin
: >out
setsid "$MUSTER" start >out 2>err <stdin &
MUSTER_PID=$!
wait_for 'grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)

drive_ok c --size 24x80 \
    expect '> ' \
    send 'hello world\r' \
    expect 'hello world\r\ngot: hello world\r\n> ' \
    send 'second\r' \
    expect 'second\r\ngot: second\r\n> ' \
    send '\x1c' \
    exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c)" "connect's end"
assert_restored c
assert_eq "> hello world
got: hello world
> second
got: second
> 
muster: detached from repl.1" "$(client_said c)" "what the client printed"

wait_for '[ "$(stream_lines repl.1 | wc -l)" -ge 5 ]'
assert_eq "started with pid $repl
> hello world
got: hello world
> second
got: second" "$(stream_lines repl.1)" "repl.1 on muster's stream"
assert_eq 0 "$(grep -c $'\r' out)" "lines with a CR on muster's stdout"
assert_no_grep 'from stdin' out
alive "$repl" || fail "repl.1 ended"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

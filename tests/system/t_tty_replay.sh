# A new client first gets the last screen: the last rows - 1 of the process's own lines (not muster's lines about it), each ended by CR LF, and the line being written (a prompt), before anything new; a taller client gets more lines, and a process that wrote little gets just that.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
lines: seq -f 'line %g' 50; printf 'more> '; while IFS= read -r x; do echo "new: \$x"; printf 'more> '; done # $MARK
few: echo one; echo two; sleep 30 # $MARK
EOP
printf '[muster]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "lines\.1 *| line 50$" out && grep -q "few\.1 *| two$" out'

# 10 rows: lines 42 to 50, the prompt, then what typing brings.
drive_ok c1 --size 10x80 expect 'more> ' send 'abc\r' expect 'new: abc\r\nmore> ' \
    send '\x1c' exit \
    -- "$MUSTER" connect lines.1
{
	seq -f 'line %g' 42 50 | sed 's/$/\r/'
	printf 'more> abc\r\nnew: abc\r\nmore> \r\nmuster: detached from lines.1\r\n'
} >expected
cmp -s expected c1.out || fail "what a client of 10 rows got: $(od -c c1.out | head -n 20)"

# 24 rows: the last 23 lines.
drive_ok c2 --size 24x80 expect 'more> abc\r\nnew: abc\r\nmore> ' send '\x1c' exit \
    -- "$MUSTER" connect lines.1
{
	seq -f 'line %g' 30 50 | sed 's/$/\r/'
	printf 'more> abc\r\nnew: abc\r\nmore> \r\nmuster: detached from lines.1\r\n'
} >expected
cmp -s expected c2.out || fail "what a client of 24 rows got: $(od -c c2.out | head -n 20)"

# Two lines written: those two, not "started with pid".
drive_ok c3 --size 24x80 expect 'two\r\n' send '\x1c' exit \
    -- "$MUSTER" connect few.1
printf 'one\r\ntwo\r\nmuster: detached from few.1\r\n' >expected
cmp -s expected c3.out || fail "what a client of few.1 got: $(od -c c3.out | head -n 20)"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

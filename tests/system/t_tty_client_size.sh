# The terminal's size while connected is the client's: 24x80 (muster's stdout a file), then 30x100 from a client of that size, 40x120 when the client's terminal is resized (the process gets SIGWINCH each time), 24x80 again once it detaches; a client of 0x0 leaves the size as it is.
. "$TESTS_DIR/lib_tty.sh"

tty_size_py
cat >Procfile <<EOP
sz: python3 size.py $MARK
EOP
printf '[sz]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "sz\.1 *| size 24 80$" out'

drive_ok c1 --size 30x100 \
    expect 'size 30 100\r\n' \
    resize 40x120 \
    expect 'size 40 120\r\n' \
    send '\x1c' exit \
    -- "$MUSTER" connect sz.1
assert_eq "exit 0" "$(ended c1)" "connect's end"
wait_for '[ "$(count_lines "sz\.1 +\| size 24 80$" out)" -eq 2 ]'
assert_eq "size 24 80
size 30 100
size 40 120
size 24 80" "$(stream_lines sz.1 | sed 1d)" "sizes sz.1 saw"

# 0x0: no size; a line typed makes sz.1 say its size, still 24x80.
drive_ok c2 --size 0x0 \
    raw send '\r' expect 'size 24 80\r\n\r\nsize 24 80\r\n' \
    send '\x1c' exit \
    -- "$MUSTER" connect sz.1
assert_eq "exit 0" "$(ended c2)" "connect's end"
assert_eq "size 24 80
size 30 100
size 40 120
size 24 80

size 24 80" "$(stream_lines sz.1 | sed 1d)" "sizes sz.1 saw"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

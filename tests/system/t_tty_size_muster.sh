# --tty with muster's stdout a terminal of 30 rows by 100 columns: the process's terminal is 30 rows by 100 less the prefix (9 for the time, the name column, 3 for " | "), 82 columns when the column is "system"'s 6; muster's terminal resized to 41x120, the process gets SIGWINCH and 41x102. A client of 40x120 gives it 40x120 until it detaches, then 30x82 again. Without the time the prefix is 9 narrower, and a longer name widens it; without a prefix the process gets the whole width; a terminal of 0x0 gives 24x80, never 0x0.
. "$TESTS_DIR/lib_tty.sh"

tty_size_py
cat >Procfile <<EOP
sz: python3 size.py $MARK
EOP
drive_ok start --size 30x100 \
    expect 'size 30 82' \
    resize 41x120 \
    expect 'size 41 102' \
    signal TERM \
    exit \
    -- "$MUSTER" start --tty
assert_eq "exit 143" "$(ended start)" "muster's end"
# Its lines are coloured on a terminal: the colours go before sed looks.
sizes=$(tr -d '\r' <start.out | sed 's/\x1b\[[0-9;]*m//g' |
    sed -n 's/^[0-9:]* sz\.1   | \(size .*\)/\1/p')
assert_eq "size 30 82
size 41 102" "$sizes" "sizes sz.1 saw"
assert_eq "" "$(marked_procs)" "processes left"

# A client of 40x120 connects, then detaches: the size is muster's again.
drive start1 --size 30x100 \
    expect 'size 30 82' touch started \
    expect 'size 40 120' \
    expect 'size 30 82' \
    signal TERM exit \
    -- "$MUSTER" start --tty &
driver=$!
wait_for '[ -f started ]'
drive_ok c --size 40x120 expect 'size 40 120\r\n' send '\x1c' exit \
    -- "$MUSTER" connect sz.1
assert_eq "exit 0" "$(ended c)" "connect's end"
wait "$driver"
assert_eq 0 $? "the driver of muster start: $(cat start1.err)"
assert_eq "exit 143" "$(ended start1)" "muster's end"
assert_eq "" "$(marked_procs)" "processes left"

# No time: 100 - (13 + 3) with a name column of 13, "a_long_name.1".
cat >Procfile <<EOP
sz: python3 size.py $MARK
a_long_name: python3 size.py $MARK
EOP
drive_ok start2 --size 30x100 \
    expect 'size 30 84' expect 'size 30 84' \
    signal TERM exit \
    -- "$MUSTER" start --tty --no-timestamp --no-color
assert_eq "exit 143" "$(ended start2)" "muster's end"
assert_grep '^a_long_name\.1 \| size 30 84'$'\r''$' start2.out
assert_grep '^sz\.1          \| size 30 84'$'\r''$' start2.out
drive_ok start3 --size 30x100 \
    expect 'size 30 100' expect 'size 30 100' \
    resize 31x101 \
    expect 'size 31 101' expect 'size 31 101' \
    signal TERM exit \
    -- "$MUSTER" start --tty --no-prefix
assert_eq "exit 143" "$(ended start3)" "muster's end"
assert_eq 4 "$(grep -c '^size ' start3.out)" "sizes seen without a prefix"

# muster's terminal of 0x0 (its size never set): never 0x0, but 24x80.
drive_ok start4 --size 0x0 expect 'size 24 80' expect 'size 24 80' \
    signal TERM exit \
    -- "$MUSTER" start --tty
assert_eq "exit 143" "$(ended start4)" "muster's end"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

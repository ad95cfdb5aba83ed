# Detaching: Ctrl-\ leaves the process running with the same pid (status says running) and the client exits 0 saying so, its terminal restored; Ctrl-\ twice sends the process one 0x1c and stays connected; --detach-key ^A detaches on Ctrl-A and lets Ctrl-\ through; a bad --detach-key exits 2; the client's terminal closing detaches it too.
. "$TESTS_DIR/lib_tty.sh"

# raw.1 reads its terminal byte by byte, signals off (Ctrl-\ would be
# SIGQUIT), and prints in hex what each read gave.
cat >rawhex.py <<'EOF'
import os, sys, termios
a = termios.tcgetattr(0)
a[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG)
termios.tcsetattr(0, termios.TCSANOW, a)
print("ready", flush=True)
while True:
    b = os.read(0, 100)
    if not b:
        break
    print("bytes " + b.hex(), flush=True)
EOF
cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
raw: python3 rawhex.py $MARK
EOP
printf '[muster]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "raw\.1 *| ready$" out && grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)
raw=$(pid_of_instance raw.1)

# Ctrl-\ once: detached, the process runs on.
drive_ok c1 expect '> ' send 'one\r' expect 'got: one\r\n> ' send '\x1c' exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c1)" "connect's end after Ctrl-\\"
assert_restored c1
assert_eq "muster: detached from repl.1" "$(client_said c1 | tail -n 1)" "the client's last line"
ctl_expect 0 status repl.1
assert_eq "repl.1 $repl running" "$(awk 'NR == 2 { print $1, $2, $3 }' ctl.out)" "repl.1 after the detach"

# Ctrl-\ twice, in one read and in two: one 0x1c each time, still
# connected (the next key goes through, then a single Ctrl-\ detaches).
drive_ok c2 expect 'ready' \
    send '\x1c\x1c' expect 'bytes 1c\r\n' \
    send '\x1c' send '\x1c' expect 'bytes 1c\r\n' \
    send 'a' expect 'bytes 61\r\n' \
    send '\x1c' exit \
    -- "$MUSTER" connect raw.1
assert_eq "exit 0" "$(ended c2)" "connect's end"
assert_restored c2
assert_eq "muster: detached from raw.1" "$(client_said c2 | tail -n 1)" "the client's last line"
assert_eq "started with pid $raw
ready
bytes 1c
bytes 1c
bytes 61" "$(stream_lines raw.1)" "what raw.1 read"

# --detach-key ^A (either case): Ctrl-\ is a key like any other.
for key in ^A ^a; do
	drive_ok "c3$key" expect 'bytes 61' \
	    send 'b\x1c' expect 'bytes 621c\r\n' \
	    send '\x01' exit \
	    -- "$MUSTER" connect --detach-key "$key" raw.1
	assert_eq "exit 0" "$(ended "c3$key")" "connect --detach-key $key"
	assert_eq "muster: detached from raw.1" "$(client_said "c3$key" | tail -n 1)" "the client's last line"
done
assert_eq 2 "$(count_lines 'raw\.1 +\| bytes 621c$' out)" "Ctrl-\\ typed under --detach-key ^A"
assert_eq 0 "$(count_lines 'raw\.1 +\| bytes .*01' out)" "Ctrl-A typed under --detach-key ^A"
drive_ok c4 expect '> ' send 'x\r' expect 'got: x\r\n' send '\x1f' exit \
    -- "$MUSTER" connect --detach-key '^_' repl.1
assert_eq "exit 0" "$(ended c4)" "connect --detach-key ^_"

for key in x '^' '^AB' '^1' ''; do
	ctl_expect 2 connect --detach-key "$key" repl.1
	assert_grep "detach key" ctl.err
done

# The client's terminal closes: SIGHUP, detached, exit 0.
drive_ok c5 expect '> ' send 'hup\r' expect 'got: hup\r\n' hangup exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c5)" "connect's end when its terminal closed"

for p in "$repl" "$raw"; do
	alive "$p" || fail "pid $p ended"
done
ctl_expect 0 status
assert_eq "repl.1 $repl running" "$(awk '$1 == "repl.1" { print $1, $2, $3 }' ctl.out)" "repl.1 at the end"
assert_eq "raw.1 $raw running" "$(awk '$1 == "raw.1" { print $1, $2, $3 }' ctl.out)" "raw.1 at the end"
# And it still takes keys.
drive_ok c6 expect '> ' send 'last\r' expect 'got: last\r\n' send '\x1c' exit \
    -- "$MUSTER" connect repl.1
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

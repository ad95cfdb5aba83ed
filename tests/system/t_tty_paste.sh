# A paste of 300 KB (3000 lines of 100 bytes) into a connected process that reads line by line once a second has passed (the terminal, muster's queue of keys, the socket and the client's queue fill up meanwhile): every key reaches it, in order, none lost; what it writes back (each line read) reaches the client and muster's stream, line for line. Its terminal's echo is off: the kernel does not hold back a typist for the echo as it does a writer, and drops echoed bytes when the terminal's reader (muster) falls behind, as under valgrind.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
paste: stty -echo; printf 'paste> '; sleep 1; sed '/^end\$/q' | tee typed; echo "pasted \$(wc -l <typed) lines"; sleep 30 # $MARK
EOP
printf '[paste]\ntty = true\n' >muster.ini
start_muster start --no-timestamp
wait_for 'grep -q "paste\.1 *| started with pid" out'
"$PYTHON" -c '
for i in range(1, 3001):
    print(("line %d " % i).ljust(99, "abcdefghij"[i % 10]))
print("end")' >pasted

drive_ok c --timeout 30 expect 'paste> ' sendfile pasted expect 'pasted 3001 lines\r\n' \
    send '\x1c' exit \
    -- "$MUSTER" connect paste.1
assert_eq "exit 0" "$(ended c)" "connect's end"
cmp -s pasted typed || fail "what paste.1 read: $(cmp pasted typed 2>&1 | head -n 1), $(wc -c <typed) bytes of $(wc -c <pasted)"
# What it wrote back, on the client's terminal and on muster's stream.
{ printf 'paste> '; cat pasted; echo "pasted 3001 lines"; echo "muster: detached from paste.1"; } >expected
client_said c >said
cmp -s expected said || fail "what the client printed: $(cmp expected said 2>&1 | head -n 1)"
stream_lines paste.1 | sed 1d >stream
{ printf 'paste> '; cat pasted; echo "pasted 3001 lines"; } >expected
cmp -s expected stream || fail "paste.1 on muster's stream: $(cmp expected stream 2>&1 | head -n 1)"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

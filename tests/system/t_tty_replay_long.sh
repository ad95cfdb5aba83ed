# The replay is the LAST screen even when its lines are long: after 10 lines of 60 000 bytes and a prompt, a new client of 24 rows first gets a run of consecutive lines that ends with line 10 and then the prompt "wide> " (muster may leave older lines out to bound the replay, never the newest).
. "$TESTS_DIR/lib_tty.sh"

cat >wide.py <<'EOF'
import sys
for i in range(1, 11):
    print("line %d " % i + "x" * 60000)
sys.stdout.write("wide> ")
sys.stdout.flush()
for line in sys.stdin:
    print("got " + line.strip(), flush=True)
EOF
cat >Procfile <<EOP
wide: python3 wide.py $MARK
EOP
printf '[wide]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "wide\.1 *| line 10 x" out'

drive_ok c --size 24x80 expect 'wide> ' send 'more\r' expect 'got more\r\n' \
    send '\x1c' exit \
    -- "$MUSTER" connect wide.1
assert_eq "exit 0" "$(ended c)" "connect's end"
# The screen replayed: what came before the prompt, as lines.
# (muster's stdout is moved aside on failure: its lines are too long to
# show.)
"$PYTHON" - <<'EOF' || { mv out relayed; fail "the replay"; }
import sys
out = open("c.out", "rb").read()
screen = out[:out.index(b"wide> ")]
if not screen.endswith(b"\r\n"):
    sys.exit("the replay does not end with CR LF: ...%r" % screen[-40:])
lines = screen[:-2].split(b"\r\n")
nums = []
for l in lines:
    n, _, pad = l.partition(b" x")
    if not n.startswith(b"line ") or pad.strip(b"x") != b"" or len(pad) != 59999:
        sys.exit("a line of the replay is not one of wide.1's: %r" % l[:40])
    nums.append(int(n[5:]))
want = list(range(nums[0], 11))
if nums != want:
    sys.exit("the replay holds lines %s, expected %d to 10 (then the prompt)" % (nums, nums[0]))
print("note: replay of lines %d to 10, %d bytes" % (nums[0], len(screen)))
EOF
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

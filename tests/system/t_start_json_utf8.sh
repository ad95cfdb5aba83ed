# In JSON, bytes that are not UTF-8 become U+FFFD, valid UTF-8 and control bytes survive, every line parses.
. "$TESTS_DIR/lib.sh"

command -v python3 >/dev/null || skip "python3 is not installed"
cat >Procfile <<'EOP'
web: printf 'a\377b\n\303\251t\303\251\n\300\257 \355\240\200 \364\220\200\200\n\001\033[1m\r\n'
EOP
start_muster start --log-format json
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
python3 <<'EOPY' || fail "invalid UTF-8 not replaced as muster(1) OUTPUT says"
import json, sys
lines = []
for n, raw in enumerate(open("out", "rb"), 1):
    try:
        o = json.loads(raw.decode("utf-8"))
    except Exception as e:
        sys.exit("line %d is not JSON (%s): %r" % (n, e, raw))
    if o["stream"] == "stdout":
        lines.append(o["line"])
want = ["a\ufffdb", "\u00e9t\u00e9"]
if lines[:2] != want:
    sys.exit("got %r, want %r" % (lines[:2], want))
# Overlong, surrogate and beyond-U+10FFFF sequences are not UTF-8.
bad = lines[2]
if "\ufffd" not in bad or any(0xd800 <= ord(c) <= 0xdfff or ord(c) > 0x10ffff for c in bad) or "/" in bad:
    sys.exit("invalid sequences kept: %r" % bad)
if lines[3] != "\x01\x1b[1m\r":
    sys.exit("control bytes: %r" % lines[3])
EOPY
exit 0

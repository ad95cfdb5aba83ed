# In JSON, a signal to muster is an event of process "system" with muster's pid and the signal's name.
. "$TESTS_DIR/lib.sh"

command -v python3 >/dev/null || skip "python3 is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
start_muster start --log-format json
wait_for 'grep -q "\"line\":\"ready\"" out'
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status"
python3 - "$MUSTER_PID" <<'EOPY' || fail "the SIGINT event does not follow muster(1) OUTPUT"
import json, sys
muster = int(sys.argv[1])
objs = [json.loads(l) for l in open("out", encoding="utf-8")]
ev = [o for o in objs if o["line"] == "SIGINT received, stopping"]
if len(ev) != 1:
    sys.exit("events %r" % ev)
o = ev[0]
if not (o["process"] == "system" and o["stream"] == "system" and o["pid"] == muster and o.get("signal") == "SIGINT" and isinstance(o.get("event"), str)):
    sys.exit("event %r (muster pid %d)" % (o, muster))
EOPY
exit 0

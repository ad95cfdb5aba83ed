# --log-format json: every stdout line is a JSON object with the fields of muster(1) OUTPUT, events included.
. "$TESTS_DIR/lib.sh"

command -v python3 >/dev/null || skip "python3 is not installed"
cat >Procfile <<EOP
web: echo 'hello "json" \\ tab	end'; echo oops >&2; echo ready; sleep 30 # $MARK
quick: until grep -q '"line":"ready"' out 2>/dev/null; do sleep 0.01; done; exit 3
EOP
# Text options and colour do not apply to JSON.
start_muster start --log-format json --no-timestamp --no-prefix --color always
wait_muster
assert_eq 3 "$MUSTER_STATUS" "exit status"
[ -s err ] && fail "muster wrote to stderr"
python3 - "$MUSTER_PID" <<'EOPY' || fail "JSON output does not follow muster(1) OUTPUT"
import json, re, sys
muster = int(sys.argv[1])
objs = []
for n, raw in enumerate(open("out", "rb"), 1):
    try:
        objs.append(json.loads(raw.decode("utf-8")))
    except Exception as e:
        sys.exit("line %d is not JSON (%s): %r" % (n, e, raw))
def check(cond, what):
    if not cond:
        sys.exit(what)
timere = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
for o in objs:
    for k in ("time", "process", "pid", "stream", "line"):
        check(k in o, "no %s in %r" % (k, o))
    check(timere.match(o["time"]), "bad time in %r" % o)
    check(isinstance(o["pid"], int), "pid not a number in %r" % o)
    check(o["stream"] in ("stdout", "stderr", "system"), "bad stream in %r" % o)
    check("\033" not in o["line"], "colour in %r" % o)
    if o["stream"] == "system":
        check(isinstance(o.get("event"), str), "no event in %r" % o)
lines = [o for o in objs if o["stream"] != "system"]
web = [o for o in objs if o["process"] == "web.1"]
started = [o for o in web if o.get("event") == "start"]
check(len(started) == 1, "web.1 start events: %r" % started)
wpid = started[0]["pid"]
check(started[0]["line"] == "started with pid %d" % wpid, "start line %r" % started[0])
out = [o for o in lines if o["stream"] == "stdout" and o["process"] == "web.1"]
check([o["line"] for o in out] == ['hello "json" \\ tab\tend', "ready"], "stdout lines %r" % out)
check(all(o["pid"] == wpid for o in out), "pid of web.1 lines")
err = [o for o in lines if o["stream"] == "stderr"]
check([(o["process"], o["line"]) for o in err] == [("web.1", "oops")], "stderr lines %r" % err)
ex = [o for o in objs if o["process"] == "quick.1" and o.get("event") == "exit"]
check(len(ex) == 1 and ex[0].get("code") == 3 and ex[0]["line"] == "exited with code 3", "quick exit %r" % ex)
stop = [o for o in objs if o["process"] == "system" and o["line"].startswith("sending SIGTERM to web.1")]
check(len(stop) == 1 and stop[0].get("signal") == "SIGTERM" and stop[0]["pid"] == wpid and stop[0]["line"] == "sending SIGTERM to web.1 (pid %d)" % wpid, "stop event %r" % stop)
kill = [o for o in web if o.get("event") == "exit"]
check(len(kill) == 1 and kill[0].get("signal") == "SIGTERM" and kill[0]["line"] == "killed by SIGTERM", "web exit %r" % kill)
EOPY
exit 0

# muster status (and ps): a header and a line per instance in Procfile order, status --json as one valid object with each field, a type or instance selects, and the exit status is 0 only while every instance listed runs (or exited 0).
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
worker: echo ready; sleep 30 # $MARK
once: echo done
bad: exit 3
EOP
printf '[once]\non_exit = ignore\n[bad]\non_exit = ignore\n' >muster.ini
start_muster start -m web=2,worker=1,once=1,bad=1 -p 6000
wait_for '[ "$(count_lines "\| ready$" out)" -eq 3 ] && grep -q "once\.1 *| exited with code 0" out && grep -q "bad\.1 *| exited with code 3" out'
web1=$(pid_of_instance web.1)
web2=$(pid_of_instance web.2)
worker=$(pid_of_instance worker.1)

ctl_expect 1 status
assert_eq "NAME PID STATE UPTIME RESTARTS EXIT PORT CPU RSS" \
    "$(head -n 1 ctl.out | tr -s ' ')" "status header"
assert_eq "web.1 web.2 worker.1 once.1 bad.1" \
    "$(awk 'NR > 1 { printf "%s%s", s, $1; s = " " }' ctl.out)" "status rows"
assert_eq "web.1 $web1 running 0 - 6000" \
    "$(awk '$1 == "web.1" { print $1, $2, $3, $5, $6, $7 }' ctl.out)" "web.1 row"
assert_eq "web.2 $web2 running 0 - 6001" \
    "$(awk '$1 == "web.2" { print $1, $2, $3, $5, $6, $7 }' ctl.out)" "web.2 row"
assert_eq "worker.1 $worker running 0 - 6100" \
    "$(awk '$1 == "worker.1" { print $1, $2, $3, $5, $6, $7 }' ctl.out)" "worker.1 row"
assert_eq "once.1 - exited - 0 0 6200 - -" \
    "$(awk '$1 == "once.1" { print $1, $2, $3, $4, $5, $6, $7, $8, $9 }' ctl.out)" "once.1 row"
assert_eq "bad.1 - exited - 0 3 6300 - -" \
    "$(awk '$1 == "bad.1" { print $1, $2, $3, $4, $5, $6, $7, $8, $9 }' ctl.out)" "bad.1 row"
# Every row has its nine fields, none blank, and a running one its
# uptime, CPU time and memory.
assert_eq "" "$(awk 'NF != 9' ctl.out)" "rows without nine fields"
assert_eq "" "$(awk '$3 == "running" && ($4 !~ /^[0-9][0-9hms.]*$/ || $8 !~ /^[0-9][0-9hms.]*$/ || $9 !~ /^[0-9.]+[KMG]$/)' ctl.out)" "running rows without uptime, CPU or RSS"

# What is listed decides the status: the running ones and the one that
# exited 0 are healthy; the one that exited 3 is not.
ctl_expect 0 status web worker once.1
assert_eq "web.1 web.2 worker.1 once.1" \
    "$(awk 'NR > 1 { printf "%s%s", s, $1; s = " " }' ctl.out)" "rows of web worker once.1"
ctl_expect 0 ps web.2
assert_eq "web.2" "$(awk 'NR > 1 { print $1 }' ctl.out)" "rows of ps web.2"
ctl_expect 1 status bad
ctl_expect 1 status web.1 bad.1

# JSON: one object, each field of each instance.
ctl_expect 1 status --json
assert_eq 1 "$(wc -l <ctl.out)" "lines of status --json"
"$PYTHON" - "$MUSTER_PID" "$PWD/Procfile" "$web1" "$web2" "$worker" <<'EOF' || fail "status --json: $(cat ctl.out)"
import json, re, sys
muster, procfile, web1, web2, worker = sys.argv[1:]
with open("ctl.out") as f:
    doc = json.load(f)
def check(cond, what):
    if not cond:
        sys.exit("status --json: " + what)
check(doc["pid"] == int(muster), "pid %r" % doc["pid"])
check(doc["procfile"] == procfile, "procfile %r" % doc["procfile"])
ps = doc["processes"]
check([p["name"] for p in ps] == ["web.1", "web.2", "worker.1", "once.1", "bad.1"], "names")
check([p["type"] for p in ps] == ["web", "web", "worker", "once", "bad"], "types")
check([p["port"] for p in ps] == [6000, 6001, 6100, 6200, 6300], "ports")
keys = ["name", "type", "pid", "state", "started", "restarts", "exit_code",
        "signal", "port", "cpu_ms", "rss_kib", "status"]
for p, pid in zip(ps[:3], [web1, web2, worker]):
    check(sorted(p) == sorted(keys), "keys of %s: %r" % (p["name"], sorted(p)))
    check(p["pid"] == int(pid), "pid of %s" % p["name"])
    check(p["state"] == "running", "state of %s" % p["name"])
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", p["started"]) is not None, "started of %s: %r" % (p["name"], p["started"]))
    check(p["restarts"] == 0 and p["exit_code"] is None and p["signal"] is None, "restarts, exit of %s" % p["name"])
    # "status" is what a ready = notify process said with STATUS=.
    check(p["status"] is None, "status of %s: %r" % (p["name"], p["status"]))
    check(type(p["cpu_ms"]) is int and p["cpu_ms"] >= 0, "cpu_ms of %s" % p["name"])
    check(type(p["rss_kib"]) is int and p["rss_kib"] > 0, "rss_kib of %s" % p["name"])
for p, code in zip(ps[3:], [0, 3]):
    check(p["pid"] is None and p["started"] is None and p["cpu_ms"] is None and p["rss_kib"] is None, "nulls of %s" % p["name"])
    check(p["state"] == "exited" and p["exit_code"] == code and p["signal"] is None, "end of %s: %r" % (p["name"], p))
EOF
ctl_expect 0 status --json web.2
"$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); sys.exit(not ([p["name"] for p in d["processes"]] == ["web.2"]))' <ctl.out ||
	fail "status --json web.2: $(cat ctl.out)"

# Nothing asked changed anything: the same processes run.
for p in "$web1" "$web2" "$worker"; do
	alive "$p" || fail "pid $p ended after status"
done
assert_no_grep 'sending SIG' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

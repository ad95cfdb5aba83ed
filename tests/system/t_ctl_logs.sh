# muster logs: the last -n lines (default 100) of the instances named, muster's own lines about them included, merged in the order muster relayed them (two instances taking turns), formatted by the client's options, kept across a restart; -f then follows until muster exits (client exit 0).
. "$TESTS_DIR/lib_ctl.sh"

# a and bb print their Nth line once the file aN (bN) exists: the test
# makes them take turns.
cat >Procfile <<EOP
a: i=0; while :; do i=\$((i + 1)); while [ ! -f a\$i ]; do sleep 0.02; done; echo "a \$i"; done # $MARK
bb: i=0; while :; do i=\$((i + 1)); while [ ! -f b\$i ]; do sleep 0.02; done; echo "b \$i" >&2; done # $MARK
EOP
start_muster start
wait_for '[ "$(count_lines "started with pid" out)" -eq 2 ]'
for i in 1 2 3; do
	touch "a$i"
	wait_for 'grep -q "a\.1 *| a '"$i"'$" out'
	touch "b$i"
	wait_for 'grep -q "bb\.1 *| b '"$i"'$" out'
done

# Fewer than 100 lines: logs prints what muster printed, as it did.
ctl_expect 0 logs
cmp -s out ctl.out || fail "logs differs from muster's stdout: $(diff out ctl.out)"
ctl_expect 0 logs -n 6 --no-timestamp
assert_eq "a.1    | a 1
bb.1   | b 1
a.1    | a 2
bb.1   | b 2
a.1    | a 3
bb.1   | b 3" "$(cat ctl.out)" "logs -n 6 --no-timestamp"
ctl_expect 0 logs -n 2 bb --no-prefix
assert_eq "b 2
b 3" "$(cat ctl.out)" "logs -n 2 bb --no-prefix"
ctl_expect 0 logs -n 3 --log-format json a.1
"$PYTHON" - "$(pid_of_instance a.1)" <<'EOF' || fail "logs --log-format json: $(cat ctl.out)"
import json, sys
with open("ctl.out") as f:
    recs = [json.loads(l) for l in f]
want = [("a.1", "stdout", "a %d" % i) for i in (1, 2, 3)]
got = [(r["process"], r["stream"], r["line"]) for r in recs]
if got != want or any(r["pid"] != int(sys.argv[1]) or not r["time"].endswith("Z") for r in recs):
    sys.exit("logs --log-format json: %r" % recs)
EOF
ctl_expect 0 logs -n 1 --log-format json bb
"$PYTHON" -c 'import json, sys; r = json.load(open("ctl.out")); sys.exit(not (r["stream"] == "stderr" and r["line"] == "b 3"))' ||
	fail "logs of a stderr line as JSON: $(cat ctl.out)"
ctl_expect 0 logs -n 0
assert_eq "" "$(cat ctl.out)" "logs -n 0"
ctl_expect 2 logs -n many
ctl_expect 2 logs nope

# Across a restart: the first run's lines stay, then its end and the new
# run's (which prints its three lines again, the files being there).
old=$(pid_of_instance a.1)
ctl_expect 0 restart a
new=$(pid_of_instance a.1)
wait_for '[ "$(count_lines "a\.1 +\| a 3$" out)" -eq 2 ]'
ctl_expect 0 logs --no-timestamp a
assert_eq "a.1    | started with pid $old
a.1    | a 1
a.1    | a 2
a.1    | a 3
system | sending SIGTERM to a.1 (pid $old)
a.1    | killed by SIGTERM
a.1    | started with pid $new
a.1    | a 1
a.1    | a 2
a.1    | a 3" "$(cat ctl.out)" "logs of a across its restart"

# -f: the last line, then what comes, until muster exits.
"$MUSTER" logs -f -n 1 --no-timestamp bb >follow.out 2>follow.err &
follower=$!
wait_for 'grep -q "b 3" follow.out'
touch b4 a4
wait_for 'grep -q "b 4" follow.out'
wait_for 'grep -q "a\.1 *| a 4$" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
wait_for '! alive $follower' 5
wait "$follower"
assert_eq 0 $? "status of logs -f"
assert_eq "bb.1   | b 3
bb.1   | b 4
system | sending SIGTERM to bb.1 (pid $(pid_of_instance bb.1))
bb.1   | killed by SIGTERM" "$(cat follow.out)" "what logs -f bb printed"
assert_eq "" "$(cat follow.err)" "stderr of logs -f"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

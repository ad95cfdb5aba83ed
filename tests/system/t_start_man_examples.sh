# The muster(1) EXAMPLES for start run as written, with the page's Procfile.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<'EOP'
web: echo "listening on $PORT"; exec sleep 600
worker: while :; do echo "$PS working"; sleep 1; done
EOP

# muster -m web=2,worker=1 start: ports 5000, 5001 and 5100; Ctrl-C → 130.
start_muster -m web=2,worker=1 start
wait_for '[ "$(count_lines "listening on" out)" -eq 2 ] && grep -q "worker.1 *| worker.1 working" out'
assert_grep '^[0-9:]{8} web\.1    \| listening on 5000$' out
assert_grep '^[0-9:]{8} web\.2    \| listening on 5001$' out
worker=$(pid_of_instance worker.1)
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status after SIGINT"
alive "$worker" && fail "worker.1 survived"

# muster start web: only the web type.
start_muster start web
wait_for 'grep -q "listening on 5000" out'
assert_no_grep 'worker' out
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status of start web"

# muster --log-format json start: one JSON object per line.
start_muster --log-format json start
wait_for 'grep -q "listening on 5000" out && grep -q "worker.1 working" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status of the JSON run"
python3 -c '
import json, sys
for line in open("out", "rb"):
    o = json.loads(line)
    assert {"time", "process", "pid", "stream", "line"} <= set(o), o
' || fail "stdout is not one JSON object per line"
exit 0

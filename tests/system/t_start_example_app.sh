# The README's example app (examples/Procfile) runs: the web answers on
# its PORT, the scheduler reaches it, and Ctrl-C stops it all.
. "$TESTS_DIR/lib.sh"

command -v python3 >/dev/null || fail "python3 is needed by the example app"
cp -r "$TESTS_DIR/../../examples" app
# web.py listens on HOST (the container image sets it), by default 127.0.0.1.
unset HOST
start_muster start -f app/Procfile -p 47000 -m web=2,worker=1,scheduler=1
wait_for 'grep -q "web.2 *| listening on http://127.0.0.1:47001/" out' 15
wait_for 'grep -q "worker.1 *| processed job 1 for example app" out' 15
wait_for 'grep -q "scheduler.1 *| tick: hello from web.1 on port 47000" out' 20
assert_grep 'web\.1 +\| 127\.0\.0\.1 "GET / HTTP/1\.1" 200' out
pids=$(sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out)
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status after Ctrl-C"
for p in $pids; do
	alive "$p" && fail "pid $p survived"
done
exit 0

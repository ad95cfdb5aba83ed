# The README's start order example (examples/order): db, then migrate once
# db accepts connections, then web once migrate has exited 0, web ready
# when /healthz answers; muster status shows each state on the way, and
# Ctrl-C stops web before db.
. "$TESTS_DIR/lib_ctl.sh"

command -v python3 >/dev/null || fail "python3 is needed by the example app"
cp -r "$TESTS_DIR/../../examples/order" app
export MUSTER_PROCFILE=app/Procfile
ctl_expect 0 check
assert_eq "valid procfile detected (db, migrate, web)" "$(cat ctl.out)" "muster check"
# db takes DB_START_SECONDS to listen: meanwhile it is starting and the
# others wait, long enough for a slow client (valgrind) to see it.
export DB_START_SECONDS=4
start_muster start --no-timestamp -p 47700
wait_for 'grep -q "db.1 *| starting up" out' 15
wait_for serving 10
ctl_expect 1 status
assert_grep '^db\.1 +[0-9]+ +starting ' ctl.out
assert_grep '^migrate\.1 +- +waiting ' ctl.out
assert_grep '^web\.1 +- +waiting ' ctl.out
assert_grep '^migrate\.1 +\| waiting for db$' out
assert_grep '^web\.1 +\| waiting for db, migrate to exit with 0$' out

ctl_expect 0 wait -t 30
ctl_expect 0 status
assert_grep '^db\.1 +[0-9]+ +running ' ctl.out
assert_grep '^migrate\.1 +- +exited +[^ ]+ +0 +0 +47800 ' ctl.out
assert_grep '^web\.1 +[0-9]+ +running ' ctl.out
ctl_expect 0 status --json
assert_grep '"name":"web\.1","type":"web","pid":[0-9]+,"state":"running"' ctl.out

# Each started after what it comes after was there, in that order.
order() {
	grep -nE -- "$1" out | head -n 1 | cut -d: -f1
}
db_ready=$(order '^db\.1 +\| ready after [0-9.]+ s$')
mig_start=$(order '^migrate\.1 +\| started with pid')
mig_exit=$(order '^migrate\.1 +\| exited with code 0$')
web_start=$(order '^web\.1 +\| started with pid')
web_ready=$(order '^web\.1 +\| ready after [0-9.]+ s$')
for n in "$db_ready" "$mig_start" "$mig_exit" "$web_start" "$web_ready"; do
	[ -n "$n" ] || fail "a start line is missing"
done
[ "$(order '^db\.1 +\| accepting connections on port 47700$')" -lt "$db_ready" ] ||
    fail "db ready before it listened"
[ "$db_ready" -lt "$mig_start" ] || fail "migrate started before db was ready"
[ "$mig_exit" -lt "$web_start" ] || fail "web started before migrate exited"
[ "$web_start" -lt "$web_ready" ] || fail "web ready before it started"
assert_grep '^db\.1 +\| migrate\.1 connected$' out
assert_grep '^migrate\.1 +\| applied 3 migrations to the database on port 47700$' out
assert_grep '^web\.1 +\| listening on http://127\.0\.0\.1:47900/$' out
# The probe's requests to /healthz are not logged; a user's are.
"$PYTHON" -c 'import sys, urllib.request as u; print(u.urlopen(sys.argv[1], timeout=5).read().decode(), end="")' \
    http://127.0.0.1:47900/ >page || fail "web does not answer"
assert_eq "hello from web.1, database on port 47700" "$(cat page)" "web's page"
wait_for 'grep -q "web.1 *| 127.0.0.1 \"GET / HTTP/1.1\" 200" out' 10
assert_no_grep healthz out
# The probe hangs up once it has the status line: web takes that quietly.
assert_no_grep 'Traceback|Error' out

# Ctrl-C: web is stopped, and only once it has ended is db.
pids=$(sed -n 's/.*| started with pid \([0-9]*\)$/\1/p' out)
kill -INT "$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status after Ctrl-C"
web_stop=$(order '^system +\| sending SIGTERM to web\.1 ')
web_end=$(order '^web\.1 +\| killed by SIGTERM$')
db_stop=$(order '^system +\| sending SIGTERM to db\.1 ')
for n in "$web_stop" "$web_end" "$db_stop"; do
	[ -n "$n" ] || fail "a stop line is missing"
done
[ "$web_stop" -lt "$web_end" ] || fail "web ended before its stop"
[ "$web_end" -lt "$db_stop" ] || fail "db was stopped before web had ended"
assert_grep '^db\.1 +\| shutting down$' out
assert_grep '^db\.1 +\| exited with code 0$' out
assert_no_grep 'sending SIGTERM to migrate' out
for p in $pids; do
	alive "$p" && fail "pid $p survived"
done
exit 0

# ready = port: an instance is starting until something accepts TCP connections on 127.0.0.1:$PORT (a listener that binds when the test says so), then "ready after N s" (not before the listener), its dependent starts only then, and the probe connects once it is ready, never again.
. "$TESTS_DIR/lib_ready.sh"

write_listener
cat >Procfile <<EOP
db: python3 listen.py $MARK
api: echo api up; sleep 30 # $MARK
EOP
printf '[db]\nready = port\n[api]\nafter = db\n' >muster.ini
base=$(free_base 2) || fail "no free ports"

start_muster start -p "$base"
wait_for 'grep -q "db\.1 *| started with pid" out'
ctl_expect 1 status --json
assert_eq starting "$(json_state db.1)" "db.1 before it listens"
assert_eq waiting "$(json_state api.1)" "api.1 before db.1 is ready"
ctl_expect 124 wait -t 0.3 db
t0=$(now_ms)
touch go.db.1

wait_for 'grep -q "api\.1 *| started with pid" out'
[ -s listening.db.1 ] || fail "db.1 ready before it listened"
assert_before 'db\.1 *\| ready after [0-9.]+ s$' 'api\.1 *\| started with pid'
assert_before 'api\.1 *\| waiting for db$' 'db\.1 *\| ready after'
# Ready within a few attempts of the listen, counted from the start.
secs=$(ready_secs db.1)
waited=$(($(now_ms) - t0))
awk -v s="$secs" 'BEGIN { exit !(s >= 0.3) }' ||
	fail "db.1 ready after $secs s, before it listened"
[ "$waited" -lt 5000 ] || fail "db.1 ready $waited ms after it listened"
wait_for '[ -s conns.db.1 ]'
ctl_expect 0 wait
ctl_expect 0 status --json
assert_eq running "$(json_state db.1)" "db.1 once ready"
assert_eq running "$(json_state api.1)" "api.1 started"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
# One connection: the one that found db.1 ready; none after it.
assert_eq 1 "$(wc -l <conns.db.1)" "connections of the probe"
assert_eq 1 "$(count_lines '\| ready after' out)" "ready lines"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

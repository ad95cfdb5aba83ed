# after = TYPES: the type's instances are waiting ("waiting for db, cache") and start only once every instance of each type named is ready: each "started" line of api comes after the "ready after" lines of db.1, db.2 and cache.1; a type with no instance in the formation is not waited for; the JSON events are "wait" and "ready".
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
db: until [ -e go.\$PS ]; do sleep 0.02; done; echo "db up"; sleep 30 # $MARK
cache: until [ -e go.\$PS ]; do sleep 0.02; done; echo "cache up"; sleep 30 # $MARK
api: echo "api up"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[db]
ready = line db up
[cache]
ready = line cache up
[api]
after = db, cache
EOF

start_muster start -m db=2,cache=1,api=2
wait_for '[ "$(count_lines "(db|cache)\.[12] *\| started with pid" out)" -eq 3 ]'
assert_grep 'api\.1 *\| waiting for db, cache$' out
assert_grep 'api\.2 *\| waiting for db, cache$' out
# Each that becomes ready leaves api waiting for the others.
touch go.db.1 go.cache.1
wait_for 'grep -q "cache\.1 *| ready after" out && grep -q "db\.1 *| ready after" out'
ctl_expect 1 status --json
assert_eq waiting "$(json_state api.1)" "api.1 while db.2 starts"
assert_eq waiting "$(json_state api.2)" "api.2 while db.2 starts"
assert_eq null "$(json_field api.1 pid)" "pid of a waiting instance"
assert_no_grep 'api\.[12] *\| started' out
touch go.db.2
wait_for '[ "$(count_lines "api\.[12] *\| started with pid" out)" -eq 2 ]'
last_ready=$(last_line_of '(db|cache)\.[12] *\| ready after')
first_api=$(line_of 'api\.[12] *\| started with pid')
[ "$last_ready" -lt "$first_api" ] ||
	fail "api started (line $first_api) before the last ready (line $last_ready)"
ctl_expect 0 wait
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"

# Without cache in the formation, api waits for db alone; in JSON.
rm -f go.*
start_muster start -m db=1,cache=0,api=1 --log-format json
wait_for 'grep -q "\"event\":\"wait\"" out'
assert_grep '"process":"api\.1".*"event":"wait".*"line":"waiting for db"\}$' out
touch go.db.1
wait_for 'grep -q "\"process\":\"api\.1\".*\"event\":\"start\"" out'
assert_before '"process":"db\.1".*"event":"ready".*"line":"ready after [0-9.]+ s"' \
    '"process":"api\.1".*"event":"start"'
assert_no_grep '"process":"cache' out
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# While an instance is starting (its probe not yet answered) and its dependent waiting, status says so ("starting", "waiting", exit 1, in text and JSON) and muster wait -t returns 124 for either; a wait begun then returns 0 as soon as both are ready.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
db: echo "db up"; sleep 30 # $MARK
api: echo "api up"; sleep 30 # $MARK
EOP
printf '[db]\nready = exec test -e db.ready\n[api]\nafter = db\n' >muster.ini

start_muster start
wait_for 'grep -q "db\.1 *| db up" out'
ctl_expect 1 status
assert_grep '^db\.1 +[0-9]+ +starting ' ctl.out
assert_grep '^api\.1 +- +waiting ' ctl.out
ctl_expect 1 status --json
assert_eq starting "$(json_state db.1)" "db.1 without its flag"
assert_eq waiting "$(json_state api.1)" "api.1 waiting for db"
assert_eq null "$(json_field api.1 pid)" "pid of api.1"
assert_eq null "$(json_field api.1 started)" "start time of api.1"
[ "$(json_field db.1 pid)" != null ] || fail "db.1 has no pid while starting"
ctl_expect 1 status db
ctl_expect 1 status api

ctl_expect 124 wait -t 0.3 db
ctl_expect 124 wait -t 0.3 api.1
ctl_expect 124 wait -t 0.3
"$MUSTER" wait -t 30 >wait.out 2>&1 &
waiter=$!
ctl_expect 124 wait -t 0.2 db
alive "$waiter" || fail "wait returned while db.1 was starting: $(cat wait.out)"
touch db.ready
wait_for '! alive $waiter' 10
wait "$waiter"
assert_eq 0 $? "status of the wait begun while starting"
assert_eq "" "$(cat wait.out)" "output of wait"
wait_for 'grep -q "api\.1 *| started with pid" out'
ctl_expect 0 status --json
assert_eq running "$(json_state db.1)" "db.1 once ready"
assert_eq running "$(json_state api.1)" "api.1 once started"
ctl_expect 0 wait -t 5

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

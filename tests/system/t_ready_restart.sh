# Restarts go through readiness again: muster restart of a type with a probe leaves it starting until its probe answers (wait -t gives 124 meanwhile), a restart by the on_exit policy too, and a dependent restarted while what it comes after is starting waits for it (its restart's reply with it).
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
db: echo "db up"; sleep 30 # $MARK
api: echo "api up \$\$" >>api.pids; echo "api up"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[db]
ready = exec test -e db.ready
on_exit = restart
[api]
after = db
EOF

touch db.ready
start_muster start
wait_for 'grep -q "api\.1 *| api up" out'
ctl_expect 0 wait -t 5

# A user's restart: starting until the probe answers.
rm db.ready
ctl_expect 0 restart db
assert_grep '^db\.1 restarted, pid [0-9]+$' ctl.out
ctl_expect 1 status --json db
assert_eq starting "$(json_state db.1)" "db.1 restarted, its flag gone"
ctl_expect 124 wait -t 0.3 db
touch db.ready
wait_for '[ "$(count_lines "db\.1 *\| ready after" out)" -eq 2 ]'
ctl_expect 0 wait -t 5 db

# A restart by the policy: the same.
rm db.ready
pid=$(pid_of_instance db.1)
kill -KILL "$pid"
wait_for 'grep -q "db\.1 *| restarting in" out'
wait_for '[ "$(count_lines "db\.1 *\| started with pid" out)" -eq 3 ]'
ctl_expect 1 status --json db
assert_eq starting "$(json_state db.1)" "db.1 restarted by its policy"
ctl_expect 124 wait -t 0.3 db

# api restarted while db is starting: it waits, and so does the reply.
"$MUSTER" restart api >restart.out 2>&1 &
restarter=$!
wait_for 'state_is api.1 waiting'
[ "$(wc -l <api.pids)" -eq 1 ] || fail "api.1 started again while db.1 was starting"
alive "$restarter" || fail "restart of api replied while it waited: $(cat restart.out)"
touch db.ready
wait_for '! alive $restarter'
wait "$restarter"
assert_eq 0 $? "status of the restart of api"
assert_grep '^api\.1 restarted, pid [0-9]+$' restart.out
assert_before 'db\.1 *\| ready after [0-9.]+ s$' "api\\.1 *\\| started with pid $(sed -n 's/.*pid //p' restart.out)\$"
assert_eq 3 "$(count_lines 'db\.1 *\| ready after' out)" "ready lines of db.1"
ctl_expect 0 wait -t 5

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

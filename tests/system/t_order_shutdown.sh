# At shutdown the order is reversed: a type gets its stop signal only once every type that starts after it has ended, each bounded by its own stop timeout (worker ignores SIGTERM and is killed after its 0.5 s, api takes 0.3 s to exit), and an instance still waiting is just stopped, never signalled.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
db: echo "db up"; sleep 30 # $MARK
api: trap 'sleep 0.3; echo "api done"; exit 0' TERM; echo "api up"; sleep 30 & wait # $MARK
worker: trap '' TERM; echo "worker up"; sleep 30 # $MARK
never: echo "never up"; sleep 30 # $MARK
late: echo "late up"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[db]
ready = line db up
[api]
after = db
ready = line api up
[worker]
after = api
stop_timeout = 0.5
[never]
ready = line never says it
[late]
after = never
EOF

start_muster start -t 8
wait_for 'grep -q "worker\.1 *| worker up" out && grep -q "never\.1 *| never up" out'
assert_grep 'late\.1 *\| waiting for never$' out
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_muster
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"

# worker first; api once worker has ended; db once api has.
assert_before 'sending SIGTERM to worker\.1' 'sending SIGKILL to worker\.1'
assert_before 'worker\.1 *\| killed by SIGKILL' 'sending SIGTERM to api\.1'
assert_before 'sending SIGTERM to api\.1' 'api\.1 *\| api done'
assert_before 'api\.1 *\| exited with code 0' 'sending SIGTERM to db\.1'
assert_grep 'db\.1 *\| killed by SIGTERM' out
# Nothing of db's is signalled while api runs, nor api's while worker does.
[ "$(line_of 'sending SIG[A-Z]+ to db\.1')" -gt "$(line_of 'api\.1 *\| exited')" ] ||
	fail "db.1 signalled before api.1 ended"
[ "$(line_of 'sending SIG[A-Z]+ to api\.1')" -gt "$(line_of 'worker\.1 *\| killed')" ] ||
	fail "api.1 signalled before worker.1 ended"
# never has no type after it that runs: signalled at once; late is not.
assert_before 'sending SIGTERM to never\.1' 'worker\.1 *\| killed by SIGKILL'
assert_no_grep 'late\.1 *\| started' out
assert_no_grep 'sending SIG[A-Z]+ to late\.1' out
# worker's own timeout (0.5 s), not -t 8: the whole in well under 8 s.
[ "$elapsed" -ge 800 ] || fail "shutdown took $elapsed ms, less than worker's 0.5 s and api's 0.3 s"
[ "$elapsed" -lt 6000 ] || fail "shutdown took $elapsed ms: worker's stop_timeout not used"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# A second SIGTERM during a shutdown in reverse order (worker ignoring SIGTERM for its 20 s, api and db waiting their turn) sends SIGKILL to every group at once: muster exits within a second, and no instance is signalled again once its end has been told.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
db: echo "db up"; sleep 30 # $MARK
api: echo "api up"; sleep 30 # $MARK
worker: trap '' TERM; echo "worker up"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[db]
ready = line db up
[api]
after = db
ready = line api up
[worker]
after = api
stop_timeout = 20
EOF

start_muster start -t 20
wait_for 'grep -q "worker\.1 *| worker up" out'
kill -TERM "$MUSTER_PID"
wait_for 'grep -q "sending SIGTERM to worker\.1" out'
t0=$(now_ms)
kill -TERM "$MUSTER_PID"
wait_muster
elapsed=$(($(now_ms) - t0))
assert_eq 143 "$MUSTER_STATUS" "exit status"
[ "$elapsed" -lt 3000 ] || fail "muster took $elapsed ms after the second SIGTERM"
assert_grep 'SIGTERM received, killing' out
for i in db.1 api.1 worker.1; do
	assert_grep "${i%.*}\\.1 *\\| killed by SIGKILL" out
	end=$(line_of "${i%.*}\\.1 *\\| killed by")
	last=$(last_line_of "sending SIG[A-Z]+ to ${i%.*}\\.1 ")
	[ "$last" -lt "$end" ] ||
		fail "$i signalled (line $last) after its end was told (line $end)"
done
assert_eq "" "$(marked_procs)" "processes left"
exit 0

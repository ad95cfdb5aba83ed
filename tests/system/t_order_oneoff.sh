# A type named with :ok in an after is a one-off: its exit with 0 ends it as "exited" (EXIT 0 in status, the app runs on, whatever its on_exit) and the type after it starts then, once every instance of the one-off has exited 0.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
web: echo "web up"; sleep 30 # $MARK
migrate: until [ -e go.\$PS ]; do sleep 0.02; done; echo "migrated \$PS" # $MARK
api: echo "api up"; sleep 30 # $MARK
EOP
printf '[api]\nafter = migrate:ok\n' >muster.ini

start_muster start -m web=1,migrate=2,api=1
wait_for 'grep -q "api\.1 *| waiting for migrate to exit with 0$" out'
touch go.migrate.1
wait_for 'grep -q "migrate\.1 *| exited with code 0" out'
ctl_expect 1 status --json
assert_eq exited "$(json_state migrate.1)" "migrate.1 done"
assert_eq waiting "$(json_state api.1)" "api.1 while migrate.2 runs"
touch go.migrate.2
wait_for 'grep -q "api\.1 *| api up" out'
assert_before 'migrate\.2 *\| exited with code 0' 'api\.1 *\| started with pid'
alive "$MUSTER_PID" || fail "muster ended after the one-off's exit"

ctl_expect 0 status
awk '$1 ~ /^migrate\.[12]$/ && ($3 != "exited" || $6 != "0") { exit 1 }' ctl.out ||
	fail "status of the one-off: $(cat ctl.out)"
assert_eq 2 "$(grep -Ec '^migrate\.[12] +- +exited ' ctl.out)" "exited one-offs"
ctl_expect 0 status --json
assert_eq exited "$(json_state migrate.2)" "migrate.2 done"
assert_eq 0 "$(json_field migrate.2 exit_code)" "exit code of migrate.2"
assert_eq running "$(json_state api.1)" "api.1"
assert_eq running "$(json_state web.1)" "web.1"
ctl_expect 0 wait

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(count_lines 'api\.1 *\| started with pid' out)" "starts of api.1"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# A one-off (a type named with :ok) that ends other than with 0 stops the app with its status whatever its on_exit (shutdown, ignore, restart), or 128+n for a signal; the type waiting for it never starts.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
web: echo "web up"; sleep 30 # $MARK
migrate: until [ -e go ]; do sleep 0.02; done; echo "migration failed"; eval "\${HOW:-exit 3}" # $MARK
api: echo "api up"; sleep 30 # $MARK
EOP

# one_off_fails ON_EXIT HOW STATUS: migrate (on_exit ON_EXIT) ends by HOW;
# muster exits STATUS and api.1 never started.
one_off_fails() {
	printf '[migrate]\non_exit = %s\nrestart_limit = 5\n[api]\nafter = migrate:ok\n' "$1" >muster.ini
	rm -f go
	HOW=$2 start_muster start
	wait_for 'grep -q "api\.1 *| waiting for migrate to exit with 0$" out && grep -q "web\.1 *| web up" out'
	touch go
	wait_muster
	assert_eq "$3" "$MUSTER_STATUS" "exit status, on_exit = $1, $2"
	assert_no_grep 'api\.1 *\| started' out
	assert_no_grep 'api\.1 *\| api up' out
	assert_no_grep 'restarting in' out
	assert_eq 1 "$(count_lines 'migrate\.1 *\| started with pid' out)" "starts of migrate.1 (on_exit = $1)"
	assert_grep 'web\.1 *\| killed by SIGTERM' out
	assert_eq "" "$(marked_procs)" "processes left"
}

one_off_fails shutdown 'exit 3' 3
one_off_fails ignore 'exit 3' 3
one_off_fails restart 'exit 3' 3
one_off_fails ignore 'kill -KILL $$' 137
exit 0

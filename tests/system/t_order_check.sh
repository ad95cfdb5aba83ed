# muster.ini's after, ready and ready_timeout errors make check, start and run NAME exit 2 with "muster: muster.ini:LINE: message", every one at once and nothing started: an after naming no process type, cycles of one, two and three types (at the after line of the type the cycle is told from), bad values; a good order and its probes pass check.
# shellcheck disable=SC2317
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

procfile3() {
	printf 'web: %s\napi: %s\ndb: %s\n' "$CMD" "$CMD" "$CMD" >Procfile
}

o_valid() {
	procfile3
	cat >muster.ini <<'EOF'
[db]
ready = port
ready_timeout = 30
[api]
ready = http /healthz
after = db
[web]
after = api, db:ok
ready = exec test -e ready ; a comment
EOF
	"$MUSTER" check >out 2>err </dev/null || fail "check of a good order: $(cat err)"
	[ ! -e started ] || fail "check started a process"
}

o_unknown_type() {
	procfile3
	printf '[muster]\nport = 5000\n[web]\nafter = db, cache, queue:ok, api\n' >muster.ini
	bad -r web 2
	errors_are "unknown types" \
	    "muster: muster.ini:4: after: 'cache' names no process type of Procfile" \
	    "muster: muster.ini:4: after: 'queue' names no process type of Procfile"
}

o_cycle_self() {
	procfile3
	printf '[web]\non_exit = ignore\nafter = web\n' >muster.ini
	bad -r web 1
	errors_are "a type after itself" "muster: muster.ini:3: after: cycle web -> web"
}

o_cycle_two() {
	procfile3
	printf '[db]\nafter = web:ok\n[web]\nafter = db\n' >muster.ini
	bad -r web 1
	errors_are "a cycle of two" "muster: muster.ini:4: after: cycle web -> db -> web"
}

o_cycle_three() {
	procfile3
	printf '[db]\nafter = web\n\n[web]\nafter = api\n[api]\nafter = db\n' >muster.ini
	bad -r api 1
	errors_are "a cycle of three" "muster: muster.ini:5: after: cycle web -> api -> db -> web"
}

# Only types after the first are in the cycle; the first leads into it.
o_cycle_later() {
	procfile3
	printf '[web]\nafter = api\n[api]\nafter = db\n[db]\nafter = api\n' >muster.ini
	bad -r web 1
	errors_are "a cycle of later types" "muster: muster.ini:4: after: cycle api -> db -> api"
}

o_bad_values() {
	procfile3
	cat >muster.ini <<'EOF'
[web]
after = api,
ready = tcp
ready_timeout = 0
[api]
after = db, db:ok
ready = port 80
ready_timeout = soon
[db]
ready = http healthz
EOF
	bad -r web 7
	has_line 'muster: muster.ini:2: ' "invalid after 'api,' (expected process types, each with :ok or not, separated by commas)"
	has_line 'muster: muster.ini:3: ' "invalid ready 'tcp' (expected port, http PATH, exec COMMAND, line TEXT or notify)"
	has_line 'muster: muster.ini:4: ' "invalid ready_timeout '0' (expected seconds above 0, such as 30 or 2.5)"
	has_line 'muster: muster.ini:6: ' "invalid after 'db, db:ok' (a type is named twice)"
	has_line 'muster: muster.ini:7: ' "invalid ready 'port 80' (port takes nothing after it: the instance's PORT)"
	has_line 'muster: muster.ini:8: ' "invalid ready_timeout 'soon'"
	has_line 'muster: muster.ini:10: ' "invalid ready 'http healthz' (the path of http starts with /)"
}

# The line is the after key's, whatever keys follow it in its section.
o_line_keys_after() {
	procfile3
	printf '[web]\nafter = cache\nready = port\nready_timeout = 5\n' >muster.ini
	bad -r web 1
	errors_are "an unknown type, keys after it" \
	    "muster: muster.ini:2: after: 'cache' names no process type of Procfile"
	printf '[web]\nafter = db\nready = port\n[db]\nafter = web\non_exit = ignore\n' >muster.ini
	bad -r web 1
	errors_are "a cycle, keys after it" "muster: muster.ini:2: after: cycle web -> db -> web"
}

run_cases o_valid o_unknown_type o_cycle_self o_cycle_two o_cycle_three \
    o_cycle_later o_bad_values o_line_keys_after
exit 0

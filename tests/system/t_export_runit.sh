# muster export runit: a service directory per instance whose ./run,
# really run with runit's chpst, starts the command with every value as
# written (env/ files, and env(1) for what chpst would trim); -u runs it
# as that user, who need not be able to read env/.
. "$TESTS_DIR/lib_export.sh"

export_check runit
for s in web.1 web.2 worker.1 clock_tick.1; do
	if ! [ -x "exp/shop-$s/run" ] || ! [ -x "exp/shop-$s/log/run" ] ||
	    ! [ -d "exp/shop-$s/log/main" ]; then
		fail "shop-$s is incomplete"
	fi
done
# Only the type with another stop signal has a control/t.
[ -x exp/shop-web.1/control/t ] || fail "web.1 has no control/t"
[ -e exp/shop-worker.1/control ] && fail "worker.1 has a control/"

# A line break goes into env/ as a NUL byte, which chpst turns back.
printf 'ML="one\\ntwo"\n' >app/ml.env
export_fixture_to runit ml -e app/ml.env
"$PYTHON" "$VALIDATE" runit ml "$ROOT" >ml.json || fail "validate.py"
"$PYTHON" -c 'import json
u = json.load(open("ml.json"))
assert u["web.1"]["env"]["ML"] == "one\ntwo", u["web.1"]["env"]' ||
    fail "the line break did not arrive"

# PORT and PS of the env files give way to the instance's, wherever they
# stand in the file.
printf 'PORT=7000\nPS=x\nA="1 "\nB=2\n' >app/port.env
export_fixture_to runit port -e app/port.env
"$PYTHON" "$VALIDATE" runit port "$ROOT" >port.json || fail "validate.py"
"$PYTHON" -c 'import json
u = json.load(open("port.json"))["web.2"]["env"]
assert u == {"PORT": "7001", "PS": "web.2", "A": "1 ", "B": "2"}, u' ||
    fail "PORT, PS or the values not as the env file and instance say"

# chpst drops its privileges only after reading env/ (mode 0600).
if [ "$(id -u)" = 0 ]; then
	export_fixture_to runit user -u nobody
	[ "$(stat -c %a user/shop-web.1/env/PORT)" = 600 ] ||
	    fail "env/ files are readable by others"
	chmod 777 app
	"$PYTHON" "$VALIDATE" runit user "$ROOT" >user.json ||
	    fail "validate.py: $(cat user.json)"
	"$PYTHON" -c 'import json, pwd
for name, u in json.load(open("user.json")).items():
    assert u["uid"] == pwd.getpwnam("nobody").pw_uid, (name, u["uid"])
    assert u["env"]["INJECT_SUB"] == "$(touch /tmp/muster-export-pwned)"' ||
	    fail "not run as nobody with its values"
else
	echo "note: -u not run: changing user needs root"
fi

# The readiness and order fixture: runit holds neither ready nor after;
# the services are as without them.
export_check_ready runit
exit 0

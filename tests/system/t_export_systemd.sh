# muster export systemd: a target and a unit per instance that systemd
# itself loads (systemd-analyze verify, then its --test dump) with every
# command and value as written; a value systemd cannot hold is refused
# with its file and line, and nothing is written.
. "$TESTS_DIR/lib_export.sh"

export_check systemd
assert_eq 4 "$(find exp -name 'shop-*.service' | wc -l)" "units"
# The env files' values are in shop.env (mode 600, read by the manager
# through EnvironmentFile=), never in the world-readable units that
# `systemctl show` prints to every user.
assert_eq 600 "$(stat -c %a exp/shop.env)" "mode of shop.env"
for f in exp/*.service exp/*.target; do
	assert_eq 644 "$(stat -c %a "$f")" "mode of $f"
	assert_no_grep 'INJECT|DATABASE_URL|postgres' "$f"
	case $f in
	*.service) assert_grep '^EnvironmentFile=%Y/shop\.env$' "$f" ;;
	esac
done
assert_grep '^Wants=shop-web\.1\.service shop-web\.2\.service shop-worker\.1\.service shop-clock_tick\.1\.service$' exp/shop.target

# The validator itself catches an assignment systemd would drop.
cp -r exp dropped
printf 'A.B="x"\n' >>dropped/shop.env
"$PYTHON" "$VALIDATE" systemd dropped "$ROOT" >dropped.out 2>&1 &&
    fail "validate.py took an assignment systemd drops"
assert_grep "systemd drops b?'A\.B'" dropped.out

# A line break in a value is written as it is, inside the quotes, and
# arrives as a line break.
printf 'ML="one\\ntwo"\n' >app/ml.env
export_fixture_to systemd ml -e app/ml.env
assert_grep '^ML="one$' ml/shop.env
"$PYTHON" "$VALIDATE" systemd ml "$ROOT" >ml.json || fail "validate.py"
"$PYTHON" -c 'import json, sys
u = json.load(open("ml.json"))
assert u["web.1"]["env"]["ML"] == "one\ntwo", u["web.1"]["env"]' ||
    fail "the line break did not arrive"

# -u: every unit runs as that user.
# (systemd warns about nobody; daemon is in every Debian.)
export_fixture_to systemd user -u daemon
"$PYTHON" "$VALIDATE" systemd user "$ROOT" >user.json || fail "validate.py"
"$PYTHON" -c 'import json
for name, u in json.load(open("user.json")).items():
    assert u["user"] == "daemon", (name, u["user"])' ||
    fail "units do not run as daemon"

# -t 0: systemd reads TimeoutStopSec=0 as infinity (never killed), so the
# smallest span it honours is written, and the loaded unit has it.
export_fixture_to systemd zero -t 0
"$PYTHON" "$VALIDATE" systemd zero "$ROOT" >zero.json || fail "validate.py"
"$PYTHON" -c 'import json
u = json.load(open("zero.json"))["worker.1"]
assert 0 < u["timeout"] <= 0.001, u["timeout"]' ||
    fail "-t 0 is not the smallest stop timeout: $(grep -h TimeoutStopSec zero/shop-worker.1.service)"

# Names systemd would drop from the environment (it takes letters,
# digits and '_', not starting with a digit) are refused, named, with
# their line; the value is never shown.
printf 'OK=1\nA.B=secret-dot\n1A=secret-digit\nC-D=secret-dash\n' >app/keys.env
export_refused keys "muster: app/keys.env:2: cannot export A.B to systemd: systemd takes only letters, digits and '_' in a variable's name, not a digit first
muster: app/keys.env:3: cannot export 1A to systemd: systemd takes only letters, digits and '_' in a variable's name, not a digit first
muster: app/keys.env:4: cannot export C-D to systemd: systemd takes only letters, digits and '_' in a variable's name, not a digit first" \
    -f app/Procfile -e app/keys.env systemd

# systemd takes no other control character in a value.
printf 'OK=1\nBELL=a\007b\n' >app/bell.env
export_refused bell "muster: app/bell.env:2: cannot export the value of BELL to systemd: it holds a control character" \
    -f app/Procfile -e app/bell.env systemd

# The readiness and order fixture: After= and Wants= (Requires= for :ok)
# per instance waited for, the one-off a oneshot (never restarted), ready
# = notify a Type=notify unit.
export_check_ready systemd
assert_grep '^Type=notify$' exp/shop-queue.1.service
assert_grep '^Type=oneshot$' exp/shop-migrate.1.service
assert_grep '^Requires=shop-migrate\.1\.service$' exp/shop-web.2.service
exit 0

# muster export supervisord: one group, a program per instance, that
# supervisord's own loader reads back with every command and value as
# written; -u sets the user; a value no supervisord file can hold (a line
# break) is refused with its file and line.
. "$TESTS_DIR/lib_export.sh"

export_check supervisord
assert_grep '^\[group:shop\]$' exp/shop.conf
assert_grep '^programs=shop-web\.1,shop-web\.2,shop-worker\.1,shop-clock_tick\.1$' exp/shop.conf

# The values environment= cannot hold go through env(1), readably.
assert_grep "^command=/usr/bin/env 'INJECT_QUOTES=" exp/shop.conf

export_fixture_to supervisord user -u nobody
"$PYTHON" "$VALIDATE" supervisord user/shop.conf "$ROOT" >user.json ||
    fail "validate.py"
"$PYTHON" -c 'import json, pwd
for name, u in json.load(open("user.json")).items():
    assert u["user"] == pwd.getpwnam("nobody").pw_uid, (name, u["user"])
    assert u["stopasgroup"] and u["killasgroup"], name' ||
    fail "user, stopasgroup or killasgroup not as exported"

printf 'PEM="-----BEGIN\nabc\n-----END"\n' >app/pem.env
export_refused pem "muster: app/pem.env:1: cannot export the value of PEM to supervisord: it holds a line break" \
    -f app/Procfile -e app/pem.env supervisord

# The readiness and order fixture: supervisord holds neither ready nor
# after; the programs are as without them.
export_check_ready supervisord
exit 0

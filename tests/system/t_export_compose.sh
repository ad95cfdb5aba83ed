# muster export compose: a service per type (replicas from the formation,
# stop signal and grace period, restart from the policy) that
# docker-compose itself reads back with every command and value as
# written ($ doubled against its interpolation); without --image each
# service builds the app's root; -u sets the user.
. "$TESTS_DIR/lib_export.sh"

export_check compose
"$MUSTER" export -f app/Procfile -u nobody compose build >out 2>err ||
    fail "export exited $?"
"$PYTHON" "$VALIDATE" compose build/compose.yaml "$ROOT" >c.json ||
    fail "validate.py: $(cat c.json)"
ROOT=$ROOT "$PYTHON" -c 'import json, os
d = json.load(open("c.json"))
for name, s in d.items():
    assert s["image"] is None, name
    assert s["user"] == "nobody", (name, s["user"])
    assert s["build"] == {"context": os.environ["ROOT"]}, s["build"]' ||
    fail "services do not build the root as nobody"

# Service names are lower case (Docker refuses an upper-case image name,
# and compose names the image it builds after the service); PS is still
# the type's own name. Two types that would share a name are refused.
mkdir upper
printf 'Web: serve\nWORKER_2: work\n' >upper/Procfile
"$MUSTER" export -f upper/Procfile compose upper/out >out 2>err ||
    fail "export exited $?"
"$PYTHON" "$VALIDATE" compose upper/out/compose.yaml "$ROOT" >u.json 2>&1 ||
    fail "validate.py: $(cat u.json)"
"$PYTHON" -c 'import json
d = json.load(open("u.json"))
assert sorted(d) == ["web", "worker_2"], sorted(d)
assert d["web"]["env"]["PS"] == "Web", d["web"]["env"]
assert d["worker_2"]["env"]["PS"] == "WORKER_2", d["worker_2"]["env"]' ||
    fail "services not lower case, or PS not the type's name"
printf 'Web: serve\nweb: work\n' >upper/Procfile
export_refused none "muster: upper/Procfile:2: cannot export web to compose: it would have the service name of Web (web)" \
    -f upper/Procfile compose

# compose.yaml that another app's export wrote is not replaced.
"$MUSTER" export -f app/Procfile -a other compose build >out 2>err
assert_eq 1 "$?" "status over another app's compose.yaml"
assert_eq "muster: build/compose.yaml: not written by muster export for app other; not replaced, nothing written" "$(cat err)" "stderr"

# The readiness and order fixture: ready = exec a healthcheck, after a
# depends_on with the condition compose can wait for.
export_check_ready compose
assert_eq 1 "$(grep -c '^    healthcheck:$' exp/compose.yaml)" "healthchecks"
exit 0

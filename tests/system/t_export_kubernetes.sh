# muster export kubernetes: a Secret of the env files' values and a
# Deployment per type (replicas from the formation, PORT, a containerPort
# where a port is bound, the grace period from the timeout) that parse as
# YAML with the fields Kubernetes requires, every command and value as
# written; names are made RFC 1123 labels, or refused.
. "$TESTS_DIR/lib_export.sh"

export_check kubernetes
# The env files' values are a Secret's, never a ConfigMap's.
assert_eq 1 "$(grep -c '^kind: Secret$' exp/shop.yaml)" "Secrets"
assert_eq 0 "$(grep -c '^kind: ConfigMap$' exp/shop.yaml)" "ConfigMaps"
assert_eq 600 "$(stat -c %a exp/shop.yaml)" "mode of shop.yaml"
assert_eq 3 "$(grep -c '^kind: Deployment$' exp/shop.yaml)" "Deployments"
"$PYTHON" "$VALIDATE" kubernetes exp/shop.yaml "$ROOT" >k.json ||
    fail "validate.py"
"$PYTHON" -c 'import json
d = json.load(open("k.json"))
assert d["web"]["ports"] == [6000], d["web"]["ports"]
assert d["worker"]["ports"] == [6100], d["worker"]["ports"]
assert d["clock-tick"]["ports"] == [], d["clock-tick"]["ports"]
assert d["web"]["image"] == "registry.example/shop:1"' ||
    fail "ports or image not as expected"

# A formation that leaves a type out gives it 0 replicas, ready to scale.
"$MUSTER" export -f app/Procfile -m web=3 --image shop kubernetes some \
    >out 2>err || fail "export exited $?"
"$PYTHON" "$VALIDATE" kubernetes some/app.yaml "$ROOT" >k.json ||
    fail "validate.py"
"$PYTHON" -c 'import json
d = json.load(open("k.json"))
assert [d[t]["replicas"] for t in ("web", "worker", "clock-tick")] == \
    [3, 0, 0], d' || fail "replicas not from the formation"

# Refused, nothing written: no image; -u; two types with one name.
export_refused none "muster: export kubernetes needs --image IMAGE: the image the app runs in" \
    -f app/Procfile kubernetes
export_refused none "muster: -u does not apply to kubernetes: set the user in the image" \
    -f app/Procfile -u app --image x kubernetes
printf 'a_b: one\nA-B: two\n-c: three\n' >Procfile
export_refused none "muster: Procfile:2: cannot export A-B to kubernetes: it would have the name of a_b (a-b)
muster: Procfile:3: cannot export -c to kubernetes: the name is not an RFC 1123 label" \
    --image x kubernetes

# The readiness and order fixture: port, http and exec are
# readinessProbes; line, notify and the start order are comments.
export_check_ready kubernetes
assert_eq 3 "$(grep -c '^          readinessProbe:$' exp/shop.yaml)" "probes"
exit 0

#!/usr/bin/python3
"""Reads a `muster export` back with the target's own parser and prints
what the target would run, one entry per unit, as JSON:

  {"web.1": {"argv": [...], "env": {...}, "dir": ..., "stop_signal": "INT",
             "timeout": 20.0, "restart": true, "replicas": null}, ...}

systemd: `systemd-analyze verify`, then systemd's own --test dump of the
loaded units (as nobody: systemd refuses test mode as root), and each
EnvironmentFile= through systemd's own loader in libsystemd-shared.
supervisord: supervisord's config loader (ServerOptions.realize).
runit: each service's ./run, really run, with chpst from runit; a chpst
  earlier in PATH hands the real one a recorder in place of /bin/sh.
kubernetes: YAML, and the fields the API server requires.
compose: docker-compose's own parser and interpolation (`config`).

What each holds of muster.ini's ready and after is read back too:
systemd's Type=, NotifyAccess= and the After=/Wants=/Requires= between
the app's units ("type", "notify_access", "after", "wants", "requires");
a Kubernetes readinessProbe as muster would probe ("probe") and the
comments of its Deployment ("comments"); compose's healthcheck
("healthcheck", as the argv docker runs) and depends_on with its
conditions ("depends_on").

With --expect FIXTURE.json, compares every unit with the fixture instead
and prints "ok: N units" (tests/export/fixture/expected.json): each
type's "ready" and "after" are muster.ini's, and each format must carry
what it can hold of them and claim nothing it cannot.

usage: validate.py FORMAT PATH ROOT [--expect FILE]
"""

import json
import math
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile

import yaml


def fail(msg):
    print("validate.py: " + msg, file=sys.stderr)
    sys.exit(1)


def env_args(argv, env):
    """Moves the KEY=VALUE arguments of a leading /usr/bin/env into env."""
    if argv and argv[0] == "/usr/bin/env":
        argv = argv[1:]
        while argv and "=" in argv[0] and not argv[0].startswith("/"):
            k, v = argv[0].split("=", 1)
            env[k] = v
            argv = argv[1:]
    return argv


def as_nobody():
    if os.getuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"]
    return []


def systemd_span(s):
    """systemd's own time span text ("1min 30s", "100ms", "1us") in
    seconds; "infinity" (what a TimeoutStopSec= of 0 means) is inf."""
    if s.strip() == "infinity":
        return math.inf
    units = {"min": 60, "s": 1, "ms": 0.001, "us": 0.000001, "h": 3600}
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+)(min|ms|us|s|h)", s):
        total += float(num) * units[unit]
    return total


SYSTEMD_SHARED = "/usr/lib/x86_64-linux-gnu/systemd"


def systemd_env_file(fn):
    """The assignments systemd's manager takes from an EnvironmentFile=:
    its own parser, load_env_file() of libsystemd-shared (the library
    the manager links; systemd --test does not read these files), then
    the check by which the manager drops an assignment with no more than
    a line in its log (env_assignment_is_valid) -- here, a failure."""
    import ctypes
    import glob
    libs = sorted(glob.glob(SYSTEMD_SHARED + "/libsystemd-shared-*.so") +
                  glob.glob("/lib/systemd/libsystemd-shared-*.so"))
    if not libs:
        fail("no libsystemd-shared to read %s with" % fn)
    lib = ctypes.CDLL(libs[0])
    load = lib.load_env_file
    load.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                     ctypes.POINTER(ctypes.POINTER(ctypes.c_char_p))]
    load.restype = ctypes.c_int
    valid = lib.env_assignment_is_valid
    valid.argtypes = [ctypes.c_char_p]
    valid.restype = ctypes.c_bool
    ret = ctypes.POINTER(ctypes.c_char_p)()
    r = load(None, fn.encode(), ctypes.byref(ret))
    if r < 0:
        fail("systemd cannot load %s: %s" % (fn, os.strerror(-r)))
    env, i = {}, 0
    while ret[i]:
        a = ret[i]
        if not valid(a):
            fail("systemd drops %r of %s" % (a.split(b"=")[0], fn))
        k, v = a.decode().split("=", 1)
        env[k] = v
        i += 1
    return env


def systemd(path, root):
    for f in os.listdir(path):
        if f.endswith(".env") and os.stat(os.path.join(path, f)).st_mode \
                & 0o077:
            fail("%s is readable by others" % f)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no"] +
                       sorted(os.path.join(path, f)
                              for f in os.listdir(path)
                              if not f.endswith(".env")),
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stdout.strip() or r.stderr.strip():
        fail("systemd-analyze verify: " + r.stdout + r.stderr)
    targets = [f for f in os.listdir(path) if f.endswith(".target")]
    if len(targets) != 1:
        fail("expected one target, found %r" % targets)
    app = targets[0][:-len(".target")]
    env = dict(SYSTEMD_UNIT_PATH=os.path.abspath(path), HOME="/tmp",
               PATH=os.environ["PATH"])
    r = subprocess.run(as_nobody() + ["/lib/systemd/systemd", "--test",
                                      "--system", "--unit=" + targets[0]],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("systemd --test: " + r.stderr)
    units, cur = {}, None
    last = None
    for line in r.stdout.split("\n"):
        m = re.match(r"\t-> Unit (.*):$", line)
        if m:
            name = m.group(1)
            cur = None
            if name.startswith(app + "-") and name.endswith(".service"):
                cur = units[name[len(app) + 1:-len(".service")]] = {
                    "env": {}, "argv": None}
            continue
        if cur is None:
            continue
        if not line.startswith("\t") and last is not None:
            # A value that holds a newline goes on over the next line.
            k, v = last
            cur["env"][k] += "\n" + line
            continue
        m = re.match(r"\t+([A-Za-z ]+): (.*)$", line)
        if not m:
            continue
        key, val = m.groups()
        last = None
        if key in ("After", "Wants", "Requires"):
            # "shop-db.1.service (origin-file)": only the app's units.
            dep = val.split(" (")[0]
            if dep.startswith(app + "-") and dep.endswith(".service"):
                cur.setdefault(key, []).append(
                    dep[len(app) + 1:-len(".service")])
        elif key == "Environment":
            k, v = val.split("=", 1)
            cur["env"][k] = v
            last = (k, v)
        elif key == "EnvironmentFile":
            # "PATH (ignore_errors=no)" in some versions of the dump.
            cur.setdefault("env_files", []).append(
                re.sub(r" \(ignore_errors=(yes|no)\)$", "", val))
        elif key == "Command Line" and cur["argv"] is None:
            cur["argv"] = systemd_argv(val)
        else:
            cur[key] = val
    out = {}
    for name, u in units.items():
        # The manager reads these when it starts the unit; they override
        # Environment= (systemd.exec(5)).
        for fn in u.get("env_files", []):
            u["env"].update(systemd_env_file(fn))
        argv = env_args(u["argv"], u["env"])
        out[name] = {
            "argv": argv, "env": u["env"],
            "dir": u.get("WorkingDirectory"),
            "stop_signal": u.get("KillSignal", "")[3:],
            "kill_mode": u.get("KillMode"),
            "timeout": systemd_span(u.get("TimeoutStopSec", "")),
            "timeout_slack": 1.0,   # the dump shows whole seconds
            "restart": u.get("Restart") == "always",
            "user": u.get("User"),
            "replicas": None,
            "type": u.get("Type"),
            "notify_access": u.get("NotifyAccess"),
            "after": sorted(u.get("After", [])),
            "wants": sorted(u.get("Wants", [])),
            "requires": sorted(u.get("Requires", [])),
        }
    return out


def systemd_argv(text):
    """The dump's command line, which systemd quotes for a shell: words
    apart at blanks, "..." groups, a backslash takes the next character as
    it is.  Then $$ is what systemd turns into $ when it starts the
    command."""
    words, cur, inword, quoted, i = [], "", False, False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            cur += text[i + 1]
            inword = True
            i += 2
            continue
        if c == '"':
            quoted = not quoted
            inword = True
        elif c == " " and not quoted:
            if inword:
                words.append(cur)
            cur, inword = "", False
        else:
            cur += c
            inword = True
        i += 1
    if inword:
        words.append(cur)
    return [w.replace("$$", "$") for w in words]


def supervisord(path, root):
    from supervisor.options import ServerOptions, signame

    with tempfile.TemporaryDirectory() as tmp:
        main = os.path.join(tmp, "supervisord.conf")
        with open(main, "w") as f:
            f.write("[supervisord]\nlogfile=%s/log\npidfile=%s/pid\n"
                    "[include]\nfiles=%s\n" %
                    (tmp, tmp, os.path.abspath(path)))
        opts = ServerOptions()
        opts.configfile = main
        opts.realize(args=[])
        out = {}
        for group in opts.process_group_configs:
            for p in group.process_configs:
                env = dict(p.environment or {})
                argv = env_args(shlex.split(p.command), env)
                name = p.name.split("-", 1)[1]
                out[name] = {
                    "group": group.name,
                    "argv": argv, "env": env, "dir": p.directory,
                    "user": p.uid,
                    "stop_signal": signame(p.stopsignal)[3:],
                    "timeout": p.stopwaitsecs, "timeout_ceil": True,
                    "restart": getattr(p.autorestart, "__name__", "") ==
                    "RestartUnconditionally",
                    "stopasgroup": p.stopasgroup,
                    "killasgroup": p.killasgroup,
                    "replicas": None,
                }
        return out


RECORDER = r"""import json, os, sys
json.dump({"argv": sys.argv[1:], "env": dict(os.environ),
           "cwd": os.getcwd(), "uid": os.getuid()}, open(OUT, "w"))
"""


def runit(path, root):
    """Runs each service's ./run as runsv would (from its directory), with
    a chpst in PATH that hands the real chpst a recorder for /bin/sh."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        rec = os.path.join(tmp, "record")
        with open(rec, "w") as f:
            f.write("#!/usr/bin/python3\n" + RECORDER.replace(
                "OUT", repr(rec + ".json")))
        os.chmod(rec, 0o755)
        wrap = os.path.join(tmp, "chpst")
        with open(wrap, "w") as f:
            f.write('#!/bin/sh\nfor a do\n\tshift\n'
                    '\t[ "$a" = /bin/sh ] && a=%s\n'
                    '\tset -- "$@" "$a"\ndone\nexec /usr/bin/chpst "$@"\n'
                    % rec)
        os.chmod(wrap, 0o755)
        for svc in sorted(os.listdir(path)):
            sdir = os.path.join(path, svc)
            if not os.path.isfile(os.path.join(sdir, "run")):
                continue
            for f in ("run", "log/run"):
                if not os.access(os.path.join(sdir, f), os.X_OK):
                    fail("%s/%s is not executable" % (svc, f))
            if os.path.exists(rec + ".json"):
                os.unlink(rec + ".json")
            os.chmod(tmp, 0o777)
            r = subprocess.run(["./run"], cwd=sdir, capture_output=True,
                               text=True, timeout=30,
                               env={"PATH": tmp + ":/usr/bin:/bin",
                                    "LC_ALL": "C.UTF-8"})
            if r.returncode != 0 or not os.path.exists(rec + ".json"):
                fail("%s/run: exit %d: %s" % (svc, r.returncode, r.stdout))
            with open(rec + ".json") as f:
                got = json.load(f)
            env = got["env"]
            for k in ("PATH", "PWD", "OLDPWD", "LC_ALL"):
                env.pop(k, None)
            ctl = os.path.join(sdir, "control", "t")
            sig = "TERM"
            if os.path.exists(ctl):
                m = re.search(r"kill -s (\w+)", open(ctl).read())
                sig = m.group(1) if m else "?"
            out[svc.split("-", 1)[1]] = {
                "argv": ["/bin/sh"] + got["argv"], "env": env,
                "dir": got["cwd"], "uid": got["uid"], "stop_signal": sig,
                "replicas": None,
            }
    return out


def k8s_name(kind, name):
    if not isinstance(name, str) or not re.fullmatch(
            r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", name) or len(name) > 253:
        fail("%s name %r is not a DNS subdomain" % (kind, name))


def k8s_expand(s, env):
    """What Kubernetes makes of a command: $(NAME) of a variable the
    container defines is its value, $$ is $, anything else stays
    (k8s.io/kubernetes third_party/forked/golang/expansion Expand)."""
    out, i = "", 0
    while i < len(s):
        if s[i] != "$" or i + 1 == len(s):
            out += s[i]
            i += 1
            continue
        nxt = s[i + 1]
        if nxt == "$":
            out += "$"
            i += 2
        elif nxt == "(":
            end = s.find(")", i + 2)
            if end == -1:
                out += "$("
                i += 2
            else:
                name = s[i + 2:end]
                out += env.get(name, "$(" + name + ")")
                i = end + 1
        else:
            out += "$" + nxt
            i += 2
    return out


K8S_PROBE_FIELDS = {"exec", "httpGet", "tcpSocket", "grpc",
                    "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                    "successThreshold", "failureThreshold",
                    "terminationGracePeriodSeconds"}


def k8s_port(p, what):
    """A probe's port, 1 to 65535.  The API server takes a name too
    (validatePortNumOrName), of a named containerPort: muster names
    none, so a name here is wrong."""
    if not isinstance(p, int) or isinstance(p, bool) or \
            not 1 <= p <= 65535:
        fail("%s port %r is not a port number" % (what, p))
    return p


def k8s_probe(c, static):
    """A container's readinessProbe as what muster would probe, after
    the API server's checks: one handler, its fields of the right type,
    the period at least 1 s.  The kubelet expands $(NAME) in an exec
    probe's command with the container's env entries alone, each a
    valueFrom as empty (ExpandContainerCommandOnlyStatic)."""
    pr = c.get("readinessProbe")
    if pr is None:
        return None
    if not isinstance(pr, dict) or set(pr) - K8S_PROBE_FIELDS:
        fail("readinessProbe with unknown fields %r" % pr)
    handlers = [h for h in ("exec", "httpGet", "tcpSocket", "grpc")
                if h in pr]
    if len(handlers) != 1:
        fail("readinessProbe with handlers %r, expected one" % handlers)
    for k in K8S_PROBE_FIELDS - {"exec", "httpGet", "tcpSocket", "grpc"}:
        if k in pr and (not isinstance(pr[k], int) or pr[k] < 0):
            fail("readinessProbe %s %r" % (k, pr[k]))
    if pr.get("periodSeconds", 10) < 1:
        fail("readinessProbe periodSeconds %r" % pr["periodSeconds"])
    h = pr[handlers[0]]
    out = {"period": pr.get("periodSeconds", 10)}
    if handlers[0] == "tcpSocket":
        if set(h) - {"port", "host"}:
            fail("tcpSocket with fields %r" % sorted(h))
        out.update(kind="port", port=k8s_port(h.get("port"), "tcpSocket"))
    elif handlers[0] == "httpGet":
        if set(h) - {"path", "port", "host", "scheme", "httpHeaders"}:
            fail("httpGet with fields %r" % sorted(h))
        if h.get("scheme", "HTTP") != "HTTP" or "host" in h:
            fail("httpGet not of the pod's own HTTP: %r" % h)
        if not isinstance(h.get("path"), str):
            fail("httpGet path %r" % h.get("path"))
        out.update(kind="http", path=h["path"],
                   port=k8s_port(h.get("port"), "httpGet"))
    elif handlers[0] == "exec":
        cmd = h.get("command")
        if set(h) != {"command"} or not isinstance(cmd, list) or not cmd or \
                not all(isinstance(a, str) for a in cmd):
            fail("exec probe command %r" % cmd)
        out.update(kind="exec", argv=[k8s_expand(a, static) for a in cmd])
    else:
        fail("readinessProbe with a grpc handler")
    return out


def k8s_comments(text):
    """The comment lines of each Deployment, by its container's name."""
    out = {}
    for doc in re.split(r"^---$", text, flags=re.M):
        m = re.search(r"^kind: Deployment$", doc, flags=re.M)
        n = re.search(r"^ *- name: (\S+)$", doc, flags=re.M)
        if m and n:
            out[n.group(1)] = [ln.strip()[1:].strip()
                               for ln in doc.split("\n")
                               if ln.strip().startswith("#")]
    return out


def kubernetes(path, root):
    with open(path) as f:
        text = f.read()
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    comments = k8s_comments(text)
    maps, secrets, out = {}, {}, {}
    for d in docs:
        kind = d.get("kind")
        if kind not in ("ConfigMap", "Secret", "Deployment"):
            fail("unexpected kind %r" % kind)
        meta = d.get("metadata") or fail("%s without metadata" % kind)
        k8s_name(kind, meta.get("name"))
        if kind in ("ConfigMap", "Secret"):
            if d.get("apiVersion") != "v1":
                fail("%s apiVersion %r" % (kind, d.get("apiVersion")))
            # A Secret's stringData is written into its data, base64
            # encoded, by the API server.
            field = "data" if kind == "ConfigMap" else "stringData"
            if kind == "Secret" and (d.get("type") != "Opaque" or
                                     "data" in d):
                fail("Secret of type %r with data" % d.get("type"))
            data = d.get(field) or {}
            for k, v in data.items():
                if not re.fullmatch(r"[-._a-zA-Z0-9]+", k):
                    fail("%s key %r" % (kind, k))
                if not isinstance(v, str):
                    fail("%s value of %s is not a string" % (kind, k))
            (maps if kind == "ConfigMap" else secrets)[meta["name"]] = data
            continue
        if d.get("apiVersion") != "apps/v1":
            fail("Deployment apiVersion %r" % d.get("apiVersion"))
        spec = d.get("spec") or fail("Deployment without spec")
        if not isinstance(spec.get("replicas"), int) or spec["replicas"] < 0:
            fail("replicas %r" % spec.get("replicas"))
        sel = spec["selector"]["matchLabels"]
        labels = spec["template"]["metadata"]["labels"]
        for k, v in list(sel.items()) + list(meta.get("labels", {}).items()):
            if not re.fullmatch(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]",
                                v) or len(v) > 63:
                fail("label value %r" % v)
        for k, v in sel.items():
            if labels.get(k) != v:
                fail("selector %s=%s does not match the template" % (k, v))
        pod = spec["template"]["spec"]
        grace = pod.get("terminationGracePeriodSeconds")
        if not isinstance(grace, int) or grace < 0:
            fail("terminationGracePeriodSeconds %r" % grace)
        containers = pod.get("containers")
        if not containers or len(containers) != 1:
            fail("expected one container in %s" % meta["name"])
        c = containers[0]
        if not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                            c.get("name", "")) or len(c["name"]) > 63:
            fail("container name %r" % c.get("name"))
        if not isinstance(c.get("image"), str) or not c["image"]:
            fail("container without image")
        if not all(isinstance(a, str) for a in c.get("command", [])):
            fail("command holds a non-string")
        env, static = {}, {}
        for ef in c.get("envFrom", []):
            kind, src = (("ConfigMap", maps) if "configMapRef" in ef else
                         ("Secret", secrets))
            ref = ef.get("configMapRef", ef.get("secretRef"))["name"]
            if ref not in src:
                fail("envFrom names a missing %s %r" % (kind, ref))
            env.update(src[ref])
        for e in c.get("env", []):
            static[e["name"]] = e.get("value", "")
            if "value" in e:
                if not isinstance(e["value"], str):
                    fail("env %s is not a string" % e["name"])
                env[e["name"]] = e["value"]
            else:
                env[e["name"]] = "<%s>" % e["valueFrom"]["fieldRef"][
                    "fieldPath"]
        for p in c.get("ports", []):
            if not 1 <= p.get("containerPort", 0) <= 65535:
                fail("containerPort %r" % p.get("containerPort"))
        out[c["name"]] = {
            "argv": [k8s_expand(a, env) for a in c["command"]],
            "env": env, "image": c["image"],
            "ports": [p["containerPort"] for p in c.get("ports", [])],
            "replicas": spec["replicas"], "timeout": grace,
            "timeout_ceil": True,
            "probe": k8s_probe(c, static),
            "comments": comments.get(c["name"], []),
        }
    return out


def compose_span(s):
    """A compose duration in seconds: "7500ms", "20s", and as `config`
    writes some of them, "1m30s" or "1h"."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000001}
    parts = re.findall(r"([0-9.]+)(h|ms|us|m|s)", s)
    if not parts or "".join(n + u for n, u in parts) != s:
        fail("duration %r" % s)
    return sum(float(n) * units[u] for n, u in parts)


def compose(path, root):
    r = subprocess.run(["docker-compose", "-f", path, "config"],
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        fail("docker-compose config: " + r.stderr.strip())
    cfg = yaml.safe_load(r.stdout)

    # compose prints a literal $ as $$; a lone $ would have been
    # interpolated (and warned about).
    def unescape(v):
        if isinstance(v, str):
            if "$" in v.replace("$$", ""):
                fail("uninterpolated $ in %r" % v)
            return v.replace("$$", "$")
        if isinstance(v, list):
            return [unescape(x) for x in v]
        if isinstance(v, dict):
            return {k: unescape(x) for k, x in v.items()}
        return v
    services = unescape(cfg)["services"]
    out = {}
    for name, s in services.items():
        # docker-compose names the image it builds and the containers
        # after the service, and Docker takes no upper case in an image
        # name ("repository name must be lowercase").
        if name != name.lower():
            fail("service name %r is not lower case" % name)
        out[name] = {
            "argv": s["command"], "env": s.get("environment", {}),
            "image": s.get("image"), "build": s.get("build"),
            "stop_signal": s.get("stop_signal", "")[3:],
            "timeout": compose_span(s["stop_grace_period"]),
            "restart": s.get("restart") == "always",
            "replicas": s["deploy"]["replicas"],
            "user": s.get("user"),
            "healthcheck": compose_health(name, s.get("healthcheck")),
            "depends_on": compose_depends(name, s, services),
        }
    return out


def compose_health(name, h):
    """A healthcheck as the argv docker runs and its interval."""
    if h is None:
        return None
    if set(h) - {"test", "interval", "timeout", "retries", "start_period",
                 "disable"} or h.get("disable"):
        fail("%s: healthcheck %r" % (name, h))
    test = h.get("test")
    if isinstance(test, list) and len(test) == 2 and test[0] == "CMD-SHELL":
        argv = ["/bin/sh", "-c", test[1]]
    elif isinstance(test, list) and len(test) > 1 and test[0] == "CMD":
        argv = test[1:]
    else:
        fail("%s: healthcheck test %r" % (name, test))
    return {"argv": argv, "interval": compose_span(h.get("interval", "30s"))}


def compose_depends(name, s, services):
    """depends_on as {service: condition}; compose checks the names, but
    not that a service waited for as healthy has a healthcheck."""
    out = {}
    for dep, d in (s.get("depends_on") or {}).items():
        if dep not in services:
            fail("%s depends on %s, no service" % (name, dep))
        out[dep] = d["condition"]
        if d["condition"] == "service_healthy" and \
                not services[dep].get("healthcheck"):
            fail("%s waits for %s to be healthy, which has no healthcheck"
                 % (name, dep))
    return out


def ready_of(want):
    """A type's muster.ini ready as (KIND, ARGUMENT); (None, None)."""
    kind, _, arg = want.get("ready", "").partition(" ")
    return kind or None, arg or None


def after_of(want):
    """A type's muster.ini after as [(TYPE, OK)]."""
    return [(a[:-3], True) if a.endswith(":ok") else (a, False)
            for a in want.get("after", [])]


def expect_order(fmt, t, u, fx, check):
    """What the unit holds of t's ready and after against muster.ini:
    all a format can carry, and nothing claimed that it cannot."""
    types = fx["types"]
    want = types[t]
    kind, arg = ready_of(want)
    after = after_of(want)
    oneoff = any((t, True) in after_of(w) for w in types.values())
    port = u["env"].get("PORT")
    if fmt == "systemd":
        # After= waits for a unit's start; a one-off (:ok) is started
        # once it has exited (oneshot), Type=notify once READY=1 came.
        check("Type", u["type"], "oneshot" if oneoff else
              "notify" if kind == "notify" else "simple")
        check("NotifyAccess", u["notify_access"],
              "all" if kind == "notify" and not oneoff else "none")
        units = {d: ["%s.%d" % (d, n)
                     for n in range(1, types[d]["count"] + 1)]
                 for d, _ in after}
        check("After", u["after"], sorted(
            i for d, _ in after for i in units[d]))
        check("Wants", u["wants"], sorted(
            i for d, ok in after if not ok for i in units[d]))
        check("Requires", u["requires"], sorted(
            i for d, ok in after if ok for i in units[d]))
    elif fmt == "kubernetes":
        exp = None
        if kind == "port":
            exp = {"kind": "port", "port": int(port), "period": 1}
        elif kind == "http":
            exp = {"kind": "http", "path": arg, "port": int(port),
                   "period": 1}
        elif kind == "exec":
            exp = {"kind": "exec", "argv": ["/bin/sh", "-c", arg],
                   "period": 1}
        check("readinessProbe", u["probe"], exp)
        # What Kubernetes cannot hold is said in a comment, and only that.
        said = [m.group(1) for c in u["comments"] for m in
                [re.fullmatch(r"muster\.ini's ready = (\w+) has no "
                              r"readinessProbe here\.", c)] if m]
        check("comment on ready", said,
              [kind] if kind in ("line", "notify") else [])
        said = [m.group(1) for c in u["comments"] for m in
                [re.fullmatch(r"muster\.ini starts (\S+) after other "
                              r"types; Kubernetes starts them all at "
                              r"once\.", c)] if m]
        check("comment on after", said, [t] if after else [])
    elif fmt == "compose":
        # compose runs a healthcheck, so ready = exec is one; it waits
        # for a service started, healthy or completed successfully.
        check("healthcheck", u["healthcheck"],
              {"argv": ["/bin/sh", "-c", arg], "interval": 1.0}
              if kind == "exec" else None)
        check("depends_on", u["depends_on"], {
            d.lower(): "service_completed_successfully" if ok else
            "service_healthy" if ready_of(types[d])[0] == "exec" else
            "service_started" for d, ok in after})


def expect(fmt, units, fx, root):
    """Compares the units read back with the fixture's expectations."""
    types = list(fx["types"])
    per_type = fmt in ("kubernetes", "compose")
    seen = {t: 0 for t in types}
    for name, u in sorted(units.items()):
        t = name.split(".")[0]
        n = 1 if per_type else int(name.split(".")[1])
        if per_type:
            t = {k.lower().replace("_", "-"): k for k in types}.get(t, t)
        if t not in fx["types"]:
            fail("%s: no such type in the fixture" % name)
        want = fx["types"][t]
        seen[t] += 1 if not per_type else u["replicas"]

        def check(what, got, exp):
            if got != exp:
                fail("%s %s: %s: got %r, expected %r" %
                     (fmt, name, what, got, exp))
        check("argv", u["argv"], ["/bin/sh", "-c", want["command"]])
        env = dict(u["env"])
        port = env.pop("PORT", None)
        ps = env.pop("PS", None)
        check("env", env, fx["env"])
        check("PORT", port, str(fx["base_port"] + 100 * types.index(t) +
                                n - 1))
        check("PS", ps, {"kubernetes": "<metadata.name>",
                         "compose": t}.get(fmt, name))
        if "dir" in u:
            check("directory", u["dir"], root)
        if "stop_signal" in u:
            check("stop signal", u["stop_signal"], want["stop_signal"])
        if "timeout" in u:
            exp = want["timeout"]
            if u.get("timeout_ceil"):
                exp = math.ceil(exp)
            if abs(u["timeout"] - exp) > u.get("timeout_slack", 0):
                check("timeout", u["timeout"], exp)
        # A one-off (waited for with :ok) ends as exited, whatever its
        # on_exit: no format restarts it.
        oneoff = any(t + ":ok" in w.get("after", [])
                     for w in fx["types"].values())
        if "restart" in u:
            check("restart", u["restart"], want["restart"] and not oneoff)
        expect_order(fmt, t, u, fx, check)
    for t in types:
        if seen[t] != fx["types"][t]["count"]:
            fail("%s: %s has %d instances, expected %d" %
                 (fmt, t, seen[t], fx["types"][t]["count"]))
    print("ok: %d units" % len(units))


def main():
    args = sys.argv[1:]
    exp = None
    if len(args) == 5 and args[3] == "--expect":
        exp = args[4]
        args = args[:3]
    if len(args) != 3:
        fail("usage: validate.py FORMAT PATH ROOT [--expect FILE]")
    fmt, path, root = args
    fn = {"systemd": systemd, "supervisord": supervisord, "runit": runit,
          "kubernetes": kubernetes, "compose": compose}.get(fmt)
    if fn is None:
        fail("unknown format " + fmt)
    units = fn(path, root)
    if exp is None:
        json.dump(units, sys.stdout, indent=1, sort_keys=True,
                  ensure_ascii=False)
        print()
        return
    with open(exp) as f:
        expect(fmt, units, json.load(f), root)


signal.signal(signal.SIGPIPE, signal.SIG_DFL)
main()

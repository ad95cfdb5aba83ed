# Helpers for the readiness and start order scenarios (t_ready_*,
# t_order_*, §12 of the contract): a free base port, the order of lines in
# muster's output, and small python3 servers a probe can talk to.
# shellcheck shell=bash

. "$TESTS_DIR/lib_ctl.sh"

# free_base N: a base port from which the ports of N types (base, base+100,
# ...) are free on 127.0.0.1 now, picked at random so that scenarios
# running side by side do not share one.
free_base() {
	"$PYTHON" - "$1" <<'EOF'
import random, socket, sys
n = int(sys.argv[1])
for _ in range(200):
    base = random.randrange(20000, 60000 - 100 * n)
    try:
        for i in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", base + 100 * i))
            s.close()
    except OSError:
        continue
    print(base)
    sys.exit(0)
sys.exit("no free ports")
EOF
}

# line_of ERE [FILE]: the number of the first line of FILE (default ./out)
# that matches, or 0 if none does.
line_of() {
	local n
	n=$(grep -En -m 1 -- "$1" "${2:-out}" | cut -d: -f1)
	echo "${n:-0}"
}

# last_line_of ERE [FILE]: the number of the last line that matches, or 0.
last_line_of() {
	local n
	n=$(grep -En -- "$1" "${2:-out}" | tail -n 1 | cut -d: -f1)
	echo "${n:-0}"
}

# assert_before ERE1 ERE2 [FILE]: a line matching ERE1 comes before the
# first line matching ERE2 (both present).
assert_before() {
	local a b
	a=$(line_of "$1" "${3:-out}")
	b=$(line_of "$2" "${3:-out}")
	[ "$a" -gt 0 ] || fail "no line matches '$1'"
	[ "$b" -gt 0 ] || fail "no line matches '$2'"
	[ "$a" -lt "$b" ] || fail "'$1' (line $a) is not before '$2' (line $b)"
}

# ready_secs NAME.j: the seconds of the instance's last "ready after N s".
ready_secs() {
	sed -n "s/.*$1 *| ready after \([0-9.]*\) s$/\1/p" out | tail -n 1
}

# json_state NAME.j: the instance's state in ./ctl.out, the answer of
# `muster status --json`.
json_state() {
	"$PYTHON" -c '
import json, sys
for p in json.load(open("ctl.out"))["processes"]:
    if p["name"] == sys.argv[1]:
        print(p["state"])' "$1"
}

# json_field NAME.j FIELD: a field of the instance in ./ctl.out, as JSON.
json_field() {
	"$PYTHON" -c '
import json, sys
for p in json.load(open("ctl.out"))["processes"]:
    if p["name"] == sys.argv[1]:
        print(json.dumps(p[sys.argv[2]]))' "$1" "$2"
}

# state_is NAME.j STATE [OPTION...]: `muster status OPTION... NAME.j`
# shows it in STATE.
# shellcheck disable=SC2317 # called through wait_for
state_is() {
	local name=$1 state=$2
	shift 2
	"$MUSTER" status "$@" "$name" 2>/dev/null |
	    awk -v n="$name" -v s="$state" '$1 == n && $3 == s { f = 1 } END { exit !f }'
}

# write_listener: ./listen.py [MARK]: once the file ./go.$PS exists,
# listens on 127.0.0.1:$PORT (and writes ./listening.$PS) and accepts
# connections without end, each one counted by a line in ./conns.$PS. It
# prints nothing.
write_listener() {
	cat >listen.py <<'EOF'
import os, socket, sys, time
while not os.path.exists("go." + os.environ["PS"]):
    time.sleep(0.02)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(os.environ["PORT"])))
s.listen(64)
with open("listening." + os.environ["PS"], "w") as f:
    f.write("%.3f\n" % time.time())
while True:
    c, _ = s.accept()
    with open("conns." + os.environ["PS"], "a") as f:
        f.write("%.3f\n" % time.time())
    c.close()
EOF
}

# write_http_server: ./httpd.py BAD CODE [MARK]: an HTTP server on
# 127.0.0.1:$PORT that answers its first BAD requests with 503, then
# every one with CODE; each request is a line "VERSION PATH CODE TIME" in
# ./requests.$PS. It prints nothing.
write_http_server() {
	cat >httpd.py <<'EOF'
import http.server, os, sys, time
bad, code = int(sys.argv[1]), int(sys.argv[2])
count = 0
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global count
        count += 1
        c = 503 if count <= bad else code
        with open("requests." + os.environ["PS"], "a") as f:
            f.write("%s %s %d %.3f\n" % (self.request_version, self.path, c,
                                         time.monotonic()))
        self.send_response(c)
        if 300 <= c < 400:
            self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])),
                       Handler).serve_forever()
EOF
}

# Helpers for the control socket scenarios (t_ctl_*): a runtime directory
# of the scenario's own for the default socket, the client run to its end
# with what it printed kept, and raw protocol talk through python3.
# shellcheck shell=bash

. "$TESTS_DIR/lib.sh"

# The default socket goes to $XDG_RUNTIME_DIR/muster/ (muster(1) CONTROL):
# a directory of the scenario's own, whatever the caller's environment.
mkdir -m 700 run
XDG_RUNTIME_DIR=$PWD/run
export XDG_RUNTIME_DIR
unset MUSTER_SOCKET MUSTER_PROCFILE MUSTER_CONFIG MUSTER_SCROLLBACK \
    MUSTER_LOG_FORMAT MUSTER_TIMESTAMPS MUSTER_PREFIX MUSTER_TIMEOUT

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# ctl ARGS...: runs the client "muster ARGS" to its end; its stdout is in
# ./ctl.out, its stderr in ./ctl.err and its exit status in CTL_STATUS.
ctl() {
	"$MUSTER" "$@" >ctl.out 2>ctl.err </dev/null
	CTL_STATUS=$?
}

# ctl_expect STATUS ARGS...: as ctl, and fails unless it exits STATUS.
ctl_expect() {
	local want=$1
	shift
	ctl "$@"
	[ "$CTL_STATUS" = "$want" ] ||
		fail "muster $*: exit $CTL_STATUS, expected $want; stdout: $(cat ctl.out); stderr: $(cat ctl.err)"
}

# default_socket: the one socket in the scenario's runtime directory.
default_socket() {
	local s
	for s in "$XDG_RUNTIME_DIR"/muster/*.sock; do
		[ -S "$s" ] && echo "$s"
	done
}

# serving: muster answers status (any status but "not running").
# shellcheck disable=SC2317 # called through wait_for
serving() {
	"$MUSTER" status "$@" >/dev/null 2>&1
	[ $? -le 1 ]
}

# raw_request SOCKET EXPR [GRACE]: connects to SOCKET, sends the bytes
# of the python3 expression EXPR and prints every answer line, then how
# the connection ended: "<eof>" or "<reset>" (the reset that follows
# bytes muster left unread), "<open>" when it is still open GRACE seconds
# (default 3) after the end line, "<timeout>" when no end line came
# within 10 s.
raw_request() {
	"$PYTHON" - "$1" "$2" "${3:-3}" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
try:
    s.sendall(eval(sys.argv[2]))
except BrokenPipeError:
    pass
data = b""
end = "<timeout>"
deadline = time.monotonic() + 10
try:
    while True:
        ended = data.startswith(b"end ") or b"\nend " in data
        if ended and data.endswith(b"\n") and end == "<timeout>":
            end = "<open>"
            deadline = time.monotonic() + float(sys.argv[3])
        left = deadline - time.monotonic()
        if left <= 0 and end == "<open>":
            s.setblocking(False)
            try:
                if s.recv(65536, socket.MSG_PEEK) == b"":
                    end = "<eof>"
            except BlockingIOError:
                pass
            break
        if left <= 0:
            break
        s.settimeout(left)
        chunk = s.recv(65536)
        if not chunk:
            end = "<eof>"
            break
        data += chunk
except ConnectionResetError:
    end = "<reset>"
except socket.timeout:
    pass
sys.stdout.write(data.decode("utf-8", "backslashreplace"))
print(end)
EOF
}

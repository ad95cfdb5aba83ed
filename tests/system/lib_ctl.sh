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

# raw_request SOCKET EXPR: connects to SOCKET, sends the bytes of the
# python3 expression EXPR, and prints every answer line, then "<eof>" or
# "<reset>" as the connection ends (10 s at most, else "<timeout>").
raw_request() {
	"$PYTHON" - "$1" "$2" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(eval(sys.argv[2]))
s.settimeout(10)
data = b""
end = "<eof>"
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except ConnectionResetError:
    end = "<reset>"
except socket.timeout:
    end = "<timeout>"
sys.stdout.write(data.decode("utf-8", "backslashreplace"))
print(end)
EOF
}

# Helpers for the terminal scenarios (t_tty_*, muster(1) Terminals): the
# control scenarios' (lib_ctl.sh), and a user at a pseudo terminal played
# by ptydrive.py, running "muster connect" (or "muster start" itself).
# shellcheck shell=bash

. "$TESTS_DIR/lib_ctl.sh"

# drive NAME [--size ROWSxCOLS] [--timeout SECS] STEP... -- COMMAND...:
# runs COMMAND on a pseudo terminal of its own and plays the steps at it
# (ptydrive.py: expect TEXT, send TEXT, resize RxC, signal SIG, touch
# FILE, await FILE, raw, hangup, exit). What COMMAND printed is in
# ./NAME.out, as it comes; how it ended ("exit N", "signal KILL") in
# ./NAME.status once it has, and on its second line whether it left its
# terminal's settings as they were ("terminal restored"); the driver's
# own status (0 when every step succeeded) in DRIVE_STATUS.
drive() {
	local name=$1
	shift
	"$PYTHON" "$TESTS_DIR/ptydrive.py" --out "$name.out" \
	    --status "$name.status" "$@" 2>"$name.err"
	DRIVE_STATUS=$?
}

# drive_ok NAME ARGS...: as drive, and fails unless every step succeeded.
drive_ok() {
	drive "$@"
	[ "$DRIVE_STATUS" -eq 0 ] || fail "pty driver $1: $(cat "$1.err")"
}

# ended NAME: how the command driven as NAME ended.
ended() {
	sed -n 1p "$1.status"
}

# assert_restored NAME: the command driven as NAME left its terminal's
# settings as they were (a client leaves raw mode on every way out).
assert_restored() {
	assert_eq "terminal restored" "$(sed -n 2p "$1.status")" "$1's terminal"
}

# client_said NAME: what the client driven as NAME printed, CRs removed
# (the terminal turns each LF into CR LF).
client_said() {
	tr -d '\r' <"$1.out"
}

# tty_size_py: a program that prints its terminal's size as "size ROWS
# COLS" at start, on each SIGWINCH and for each line typed.
tty_size_py() {
	cat >size.py <<'EOF'
import os, signal, sys
def show(*_):
    c, r = os.get_terminal_size(0)
    sys.stdout.write("size %d %d\n" % (r, c))
    sys.stdout.flush()
signal.signal(signal.SIGWINCH, show)
show()
while sys.stdin.readline():
    show()
EOF
}

# stream_lines NAME: the lines muster relayed for the instance NAME (its
# own and muster's about it), without time and name, from ./out.
stream_lines() {
	sed -n "s/^\\([0-9:]* \\)\\{0,1\\}${1%.*}\\.${1#*.} *| //p" out
}

# raw_connect SOCKET EXPR [SECS]: connects to SOCKET, sends the bytes of
# the python3 expression EXPR (a "connect NAME" request and frames:
# frame(T, DATA) makes one) and reads without answering: prints the first
# answer line, then how the connection ended within SECS (default 10):
# "<closed>" (muster closed it: an end of file, or a reset when it left
# bytes unread), or "<open>" when it is still open.
raw_connect() {
	"$PYTHON" - "$1" "$2" "${3:-10}" <<'EOF'
import socket, struct, sys, time
def frame(t, data):
    return t + struct.pack(">H", len(data)) + data
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
try:
    s.sendall(eval(sys.argv[2]))
except (BrokenPipeError, ConnectionResetError):
    pass
data = b""
end = "<open>"
deadline = time.monotonic() + float(sys.argv[3])
try:
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = s.recv(65536)
        if not chunk:
            end = "<closed>"
            break
        data += chunk
except ConnectionResetError:
    end = "<closed>"
except socket.timeout:
    pass
print(data.split(b"\n", 1)[0].decode("utf-8", "backslashreplace"))
print(end)
EOF
}

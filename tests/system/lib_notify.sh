# Helpers for the sd_notify scenarios (t_notify_*): a runtime directory of
# the scenario's own (lib_ctl.sh), a sender of datagrams for Procfile
# commands and for the test itself (notify_send.py), a receiver standing
# in for systemd (notify_recv.py), and the fields of status --json.
# shellcheck shell=bash

. "$TESTS_DIR/lib_ctl.sh"

# Whatever runs the tests (a systemd unit, say) keeps its NOTIFY_SOCKET.
unset NOTIFY_SOCKET

# SEND: a command for a Procfile line (or the test) that sends datagrams
# (notify_send.py STEP...), marked for cleanup.
SEND="$PYTHON $TESTS_DIR/notify_send.py --mark $MARK"

# json_field NAME FIELD: FIELD of instance NAME in ./ctl.out (a status
# --json answer), as JSON ("starting", null, 42).
json_field() {
	"$PYTHON" - "$1" "$2" <<'EOF'
import json, sys
with open("ctl.out") as f:
    doc = json.load(f)
for p in doc["processes"]:
    if p["name"] == sys.argv[1]:
        print(json.dumps(p[sys.argv[2]], ensure_ascii=False))
        break
else:
    sys.exit("no %s in status --json" % sys.argv[1])
EOF
}

# field_is NAME FIELD JSON: muster's status --json says so now.
# shellcheck disable=SC2317 # called through wait_for
field_is() {
	timeout 10 "$MUSTER" status --json >ctl.out 2>ctl.err </dev/null
	[ "$(json_field "$1" "$2" 2>/dev/null)" = "$3" ]
}

# assert_field NAME FIELD JSON
assert_field() {
	timeout 10 "$MUSTER" status --json >ctl.out 2>ctl.err </dev/null
	assert_eq "$3" "$(json_field "$1" "$2")" "$2 of $1 in status --json"
}

# env_of PID NAME: the value of NAME in the environment of process PID,
# or nothing (with status 1) when it has none.
env_of() {
	tr '\0' '\n' </proc/"$1"/environ | sed -n "s/^$2=//p" | grep .
}

# start_receiver ADDRESS: a stand-in for systemd bound at ADDRESS (a path
# or @name) that logs each datagram it gets to ./up.log, one python bytes
# literal a line; RECEIVER_PID.
start_receiver() {
	"$PYTHON" "$TESTS_DIR/notify_recv.py" "$1" up.log --mark "$MARK" &
	RECEIVER_PID=$!
	wait_for '[ -e up.log.bound ]'
}

# received: the datagrams ./up.log holds, one a line, as python reads them
# ("STATUS=1 of 2 ready", "STOPPING=1\nSTATUS=stopping" with a real \n
# written as the two characters \n).
received() {
	[ -f up.log ] || return 0
	"$PYTHON" -c '
import ast, sys
for line in open("up.log"):
    m = ast.literal_eval(line)
    print(m.decode("utf-8", "backslashreplace").replace("\n", "\\n"))
'
}

# up_scenario ADDRESS: muster started with NOTIFY_SOCKET=ADDRESS (a path
# or @name), a receiver bound there, a type q that sends READY=1 once
# ./go exists and a plain type web: the receiver gets STATUS= as the count
# of ready instances changes, READY=1 once both are ready and never
# before, then STOPPING=1 at SIGTERM, nothing else; q's NOTIFY_SOCKET is
# its own, and web has none.
up_scenario() {
	local addr=$1 q

	cat >Procfile <<EOP
q: exec $SEND info:q.info wait:go 'msg:b"READY=1"'
web: env >env.web; echo web up; sleep 30 # $MARK
EOP
	printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
	start_receiver "$addr"
	NOTIFY_SOCKET=$addr
	export NOTIFY_SOCKET
	start_muster start
	unset NOTIFY_SOCKET
	wait_for 'started q.1 && grep -q "web\.1 *| web up" out && [ -s q.info ]'
	wait_for 'received | grep -qx "STATUS=1 of 2 ready"'
	assert_field q.1 state '"starting"'
	if received | grep -q 'READY=1'; then
		fail "READY=1 sent while q.1 is starting: $(received)"
	fi

	# No NOTIFY_SOCKET of muster's in the processes' environments.
	if grep -q '^NOTIFY_SOCKET=' env.web; then
		fail "web.1 has NOTIFY_SOCKET: $(grep '^NOTIFY_SOCKET=' env.web)"
	fi
	q=$(pid_of_instance q.1)
	case $(env_of "$q" NOTIFY_SOCKET) in
	"$XDG_RUNTIME_DIR/muster/"*) ;;
	*) fail "q.1's NOTIFY_SOCKET is not its own: $(env_of "$q" NOTIFY_SOCKET)" ;;
	esac

	touch go
	wait_for 'received | grep -qx "READY=1"'
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status"
	wait_for 'received | grep -qx "STOPPING=1\\\\nSTATUS=stopping"'
	kill "$RECEIVER_PID"
	wait "$RECEIVER_PID" 2>/dev/null
	printf '%s\n' 'STATUS=0 of 2 ready' 'STATUS=1 of 2 ready' \
	    'STATUS=2 of 2 ready' 'READY=1' 'STOPPING=1\nSTATUS=stopping' \
	    >up.expected
	received >up.got
	cmp -s up.expected up.got ||
		fail "muster's own NOTIFY_SOCKET got: $(cat up.got)"
	assert_eq "" "$(marked_procs)" "processes left"
}

# started NAME...: muster has said each instance's "started with pid"
# line (a process may run, and write, before muster says it).
# shellcheck disable=SC2317 # called through wait_for
started() {
	local n
	for n in "$@"; do
		[ -n "$(pid_of_instance "$n")" ] || return 1
	done
}

# The default socket is $XDG_RUNTIME_DIR/muster/DIRNAME-HASH.sock (else /tmp/muster-UID/), its directory made mode 0700 and the socket 0600 even under umask 000, one per Procfile path (two apps in directories of the same name do not share one), and it is removed however muster exits; a socket named by --socket, MUSTER_SOCKET or muster.ini is used as named, and one that cannot be made is an error (exit 2) with nothing started.
. "$TESTS_DIR/lib_ctl.sh"

umask 000
mkdir -p one/app two/app
for d in one/app two/app; do
	cat >"$d/Procfile" <<EOP
web: echo ready; sleep 30 # $MARK
quit: echo ready; while [ ! -f quit ]; do sleep 0.05; done; exit 4
EOP
done

# Two apps at once, each with its own socket in the runtime directory.
cd one/app || exit 1
start_muster start
one=$MUSTER_PID
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
cd ../../two/app || exit 1
start_muster start
two=$MUSTER_PID
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
cd ../.. || exit 1
assert_eq 700 "$(stat -c %a run/muster)" "mode of the socket directory"
n=0
for s in run/muster/*; do
	n=$((n + 1))
	[ -S "$s" ] || fail "$s is not a socket"
	assert_eq 600 "$(stat -c %a "$s")" "mode of $s"
	case ${s#run/muster/} in
	app-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].sock) ;;
	*) fail "socket named $s" ;;
	esac
done
assert_eq 2 "$n" "files in the socket directory"
(cd one/app && ctl_expect 0 status --json && exec cat ctl.out) >one.json || exit 1
(cd two/app && ctl_expect 0 status --json && exec cat ctl.out) >two.json || exit 1
"$PYTHON" - "$one" "$MUSTER_PID" "$(pwd -P)" <<'EOF' || fail "status of two apps: $(cat one.json two.json)"
import json, sys
for name, pid in (("one", sys.argv[1]), ("two", sys.argv[2])):
    d = json.load(open(name + ".json"))
    if d["pid"] != int(pid) or d["procfile"] != "%s/%s/app/Procfile" % (sys.argv[3], name):
        sys.exit("%s: %r" % (name, d))
EOF

# Removed at exit: on SIGTERM, on "muster stop" and when a process's end
# stops the app.
(cd one/app && ctl_expect 0 stop) || exit 1
MUSTER_PID=$one
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status of one"
assert_eq 1 "$(find run/muster -name '*.sock' | wc -l)" "sockets once one is stopped"
touch two/app/quit
cd two/app || exit 1
MUSTER_PID=$two
wait_muster
assert_eq 4 "$MUSTER_STATUS" "exit status of two"
assert_eq "" "$(default_socket)" "sockets once two has ended"
rm quit
start_muster start
wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
[ -n "$(default_socket)" ] || fail "no socket"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(default_socket)" "socket after SIGTERM"

# Without XDG_RUNTIME_DIR (or with a relative one): /tmp/muster-UID/.
for xdg in unset relative; do
	if [ $xdg = unset ]; then
		unset XDG_RUNTIME_DIR
	else
		export XDG_RUNTIME_DIR=run
	fi
	ctl_expect 3 status
	tmpsock=$(sed -n 's/^muster: not running: no socket at //p' ctl.err)
	case $tmpsock in
	/tmp/muster-"$(id -u)"/app-[0-9a-f]*.sock) ;;
	*) fail "default socket $tmpsock ($xdg XDG_RUNTIME_DIR)" ;;
	esac
	start_muster start
	wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
	ctl_expect 0 ps
	assert_eq 700 "$(stat -c %a "/tmp/muster-$(id -u)")" "mode of /tmp/muster-UID ($xdg XDG_RUNTIME_DIR)"
	[ -S "$tmpsock" ] || fail "no socket $tmpsock ($xdg XDG_RUNTIME_DIR)"
	assert_eq 600 "$(stat -c %a "$tmpsock")" "mode of $tmpsock"
	[ -e run/muster ] && fail "a socket directory under the relative XDG_RUNTIME_DIR"
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status"
	[ -e "$tmpsock" ] && fail "$tmpsock left at exit"
done
XDG_RUNTIME_DIR=$(cd ../.. && pwd)/run
export XDG_RUNTIME_DIR

# Named sockets: used as named, 0600, removed at exit.
printf '[muster]\nsocket = ini.sock\n' >muster.ini
for how in option env ini; do
	case $how in
	option) start_muster start --socket "$PWD/opt.sock" ;;
	env) MUSTER_SOCKET=env.sock start_muster start ;;
	ini) start_muster start ;;
	esac
	wait_for '[ "$(count_lines "\| ready$" out)" -eq 2 ]'
	s=$(find . -maxdepth 1 -name '*.sock')
	assert_eq "./$([ $how = option ] && echo opt || echo $how).sock" "$s" "socket by $how"
	assert_eq 600 "$(stat -c %a "$s")" "mode of the socket by $how"
	assert_eq "" "$(default_socket)" "default socket beside the one by $how"
	ctl_expect 0 status --socket "$s"
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status"
	[ -e "$s" ] && fail "$s left at exit"
done
rm muster.ini

# A named socket that cannot be made: exit 2, nothing started.
for bad in "$PWD/no/such/dir/x.sock" "$PWD/$(printf 'x%.0s' $(seq 120)).sock"; do
	start_muster start --socket "$bad"
	wait_muster
	assert_eq 2 "$MUSTER_STATUS" "exit status for --socket $bad"
	assert_eq "" "$(cat out)" "stdout for --socket $bad"
	assert_eq 1 "$(grep -c '^muster: ' err)" "stderr for --socket $bad: $(cat err)"
done
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# A second muster start for an app that one serves already (from the same directory, through -f from another, or on the same named socket) refuses with "muster: already running for /abs/Procfile (pid N)" and exit 2, starting nothing; the first runs on and still answers.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo \$\$ >>starts; echo ready; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "| ready$" out'
web=$(pid_of_instance web.1)
abs=$(pwd -P)/Procfile
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

# second ARGS...: a second muster start, in the foreground (bounded).
second() {
	timeout 10 "$MUSTER" "$@" >out2 2>err2 </dev/null
	SECOND_STATUS=$?
}

second start
assert_eq 2 "$SECOND_STATUS" "status of a second start"
assert_eq "muster: already running for $abs (pid $MUSTER_PID)" "$(cat err2)" "stderr of a second start"
assert_eq "" "$(cat out2)" "stdout of a second start"
mkdir sub
(cd sub && second start -f ../Procfile && exit "$SECOND_STATUS")
SECOND_STATUS=$?
assert_eq 2 "$SECOND_STATUS" "status of a second start through -f"
assert_eq "muster: already running for $abs (pid $MUSTER_PID)" "$(cat sub/err2)" "stderr of a second start through -f"
(cd sub && MUSTER_PROCFILE=$PWD/../Procfile second start && exit "$SECOND_STATUS")
SECOND_STATUS=$?
assert_eq 2 "$SECOND_STATUS" "status of a second start through MUSTER_PROCFILE"

# Nothing started, the first unharmed and serving.
assert_eq 1 "$(wc -l <starts)" "starts of web"
assert_eq "$sock" "$(default_socket)" "socket"
ctl_expect 0 status --json
"$PYTHON" -c 'import json, sys; d = json.load(open("ctl.out")); sys.exit(not (d["pid"] == int(sys.argv[1]) and d["processes"][0]["pid"] == int(sys.argv[2])))' "$MUSTER_PID" "$web" ||
	fail "status after a second start: $(cat ctl.out)"
(cd sub && ctl_expect 0 status -f ../Procfile) || exit 1
assert_no_grep 'started with pid|received|sending' err
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"

# The same with a socket named on both command lines.
start_muster start --socket "$PWD/app.sock"
wait_for 'grep -q "| ready$" out'
second start --socket "$PWD/app.sock"
assert_eq 2 "$SECOND_STATUS" "status of a second start on a named socket"
assert_eq "muster: already running for $abs (pid $MUSTER_PID)" "$(cat err2)" "stderr of a second start on a named socket"
assert_eq 2 "$(wc -l <starts)" "starts of web"
ctl_expect 0 status --socket "$PWD/app.sock"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# Once every probe has succeeded (port, http, exec and line, one type after another), nothing of them is left: the quiet, ready app makes no system call for a second, with the control socket open.
. "$TESTS_DIR/lib_ready.sh"

command -v strace >/dev/null || skip "strace is not installed"
write_listener
write_http_server
cat >Procfile <<EOP
port: python3 listen.py $MARK
http: python3 httpd.py 2 200 $MARK
exec: echo "exec up"; sleep 30 # $MARK
line: sleep 0.3; echo "line up"; sleep 30 # $MARK
api: echo "api up"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[port]
ready = port
[http]
ready = http /
[exec]
ready = exec test -e exec.ready
[line]
ready = line line up
[api]
after = port, http, exec, line
EOF
base=$(free_base 5) || fail "no free ports"

start_muster start -p "$base"
wait_for 'grep -q "exec\.1 *| exec up" out'
touch exec.ready go.port.1
wait_for 'grep -q "api\.1 *| api up" out'
assert_eq 4 "$(count_lines '\| ready after' out)" "ready lines"
# A round trip: muster has done with the client before the second begins.
ctl_expect 0 wait -t 5
assert_eq "" "$(idle_calls)" "system calls once every probe succeeded"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(wc -l <conns.port.1)" "connections to port.1"
assert_eq 3 "$(wc -l <requests.http.1)" "requests to http.1"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

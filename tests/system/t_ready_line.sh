# ready = line TEXT: an instance is ready when a line of its output (stdout or stderr) contains TEXT, not before: lines without it leave it starting, the line that holds it is relayed before "ready after", a second such line says nothing more, and one that never says it is stopped after its ready_timeout.
. "$TESTS_DIR/lib_ready.sh"

cat >Procfile <<EOP
web: echo booting; echo "listening"; until [ -e go.web ]; do sleep 0.02; done; echo "now listening on \$PORT"; echo "still listening on \$PORT"; sleep 30 # $MARK
err: until [ -e go.err ]; do sleep 0.02; done; echo "[err] listening on \$PORT" >&2; sleep 30 # $MARK
quiet: echo "listening o"; echo "n"; sleep 30 # $MARK
EOP
cat >muster.ini <<EOF
[web]
ready = line listening on
[err]
ready = line listening on
[quiet]
ready = line listening on
ready_timeout = 1
on_exit = ignore
EOF
base=$(free_base 3) || fail "no free ports"

start_muster start -p "$base"
wait_for 'grep -q "web\.1 *| listening$" out'
ctl_expect 1 status --json
assert_eq starting "$(json_state web.1)" "web.1 before its line"
assert_eq starting "$(json_state err.1)" "err.1 before its line"
touch go.web
wait_for 'grep -q "web\.1 *| ready after" out'
assert_before "web\\.1 *\\| now listening on $base\$" 'web\.1 *\| ready after'
touch go.err
wait_for 'grep -q "err\.1 *| ready after" out'
assert_before "err\\.1 *\\| \\[err\\] listening on $((base + 100))\$" 'err\.1 *\| ready after'
ctl_expect 0 wait web err

# quiet.1 never said it whole: a line cut in two does not count.
wait_for 'grep -q "quiet\.1 *| not ready after 1 s" out'
wait_for 'state_is quiet.1 failed'
assert_no_grep 'quiet\.1 *\| ready after' out

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq 1 "$(count_lines 'web\.1 *\| ready after' out)" "ready lines of web.1"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

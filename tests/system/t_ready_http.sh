# ready = http PATH: GET PATH (HTTP/1.0) on 127.0.0.1:$PORT every 0.1 s until the answer is 2xx or 3xx: a server that answers 503 three times, then 200, is ready after its fourth request and gets no fifth; one that redirects (302) is ready; one that answers 404 stays starting until its ready_timeout, then fails.
. "$TESTS_DIR/lib_ready.sh"

write_http_server
cat >Procfile <<EOP
web: python3 httpd.py 3 200 $MARK
redir: python3 httpd.py 1 302 $MARK
lost: python3 httpd.py 0 404 $MARK
EOP
cat >muster.ini <<EOF
[web]
ready = http /healthz?probe=1
[redir]
ready = http /
[lost]
ready = http /missing
ready_timeout = 3
on_exit = ignore
EOF
base=$(free_base 3) || fail "no free ports"

start_muster start -p "$base"
wait_for 'grep -q "lost\.1 *| started with pid" out'
ctl_expect 1 status --json lost
assert_eq starting "$(json_state lost.1)" "lost.1 answering 404"
wait_for 'grep -q "web\.1 *| ready after" out && grep -q "redir\.1 *| ready after" out'
# The answer that made it ready was the last request: 503 x 3, then 200.
wait_for '[ "$(wc -l <requests.web.1)" -ge 4 ]'
awk '{ print $1, $2, $3 }' requests.web.1 >got.web
printf 'HTTP/1.0 /healthz?probe=1 %s\n' 503 503 503 200 >want.web
cmp -s want.web got.web || fail "requests of web.1: $(cat got.web)"
printf 'HTTP/1.0 / %s\n' 503 302 >want.redir
awk '{ print $1, $2, $3 }' requests.redir.1 >got.redir
cmp -s want.redir got.redir || fail "requests of redir.1: $(cat got.redir)"
# Each attempt begins 0.1 s after the one before it began.
awk 'NR > 1 && $4 - last < 0.08 { bad = 1; print "gap " $4 - last } { last = $4 }
    END { exit bad }' requests.web.1 || fail "probes closer than 0.1 s: $(cat requests.web.1)"
secs=$(ready_secs web.1)
awk -v s="$secs" 'BEGIN { exit !(s >= 0.25) }' ||
	fail "web.1 ready after $secs s, after four requests 0.1 s apart"

# 404 is not ready: starting, then not ready after 3 s, failed.
wait_for 'grep -q "lost\.1 *| not ready after 3 s" out'
assert_no_grep 'lost\.1 *\| ready after' out
wait_for 'state_is lost.1 failed'
awk '$2 != "/missing" || $3 != 404 { exit 1 }' requests.lost.1 ||
	fail "requests of lost.1: $(cat requests.lost.1)"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
# No request after the one that found it ready.
cmp -s want.web <(awk '{ print $1, $2, $3 }' requests.web.1) ||
	fail "requests of web.1 after it was ready: $(cat requests.web.1)"
cmp -s want.redir <(awk '{ print $1, $2, $3 }' requests.redir.1) ||
	fail "requests of redir.1 after it was ready: $(cat requests.redir.1)"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

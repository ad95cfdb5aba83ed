# No answer of the control socket carries a value from an env file: status, status --json, logs (the process does not print it), errors and refusals, through the client and the raw protocol; the process does get the value.
. "$TESTS_DIR/lib_ctl.sh"

secret="muster-secret-$$-4f2a9c"
printf 'SECRET=%s\nexport OTHER="%s-other"\n' "$secret" "$secret" >.env
cat >Procfile <<EOP
web: [ "\$SECRET" = "\$(sed -n 's/^SECRET=//p' .env)" ] && echo "has the secret"; echo ready; sleep 30 # $MARK
worker: [ -n "\$OTHER" ] && echo "has the other"; sleep 30 # $MARK
EOP
start_muster start
wait_for 'grep -q "web\.1 *| ready$" out && grep -q "worker\.1 *| has the other$" out'
assert_grep 'web\.1 +\| has the secret$' out
sock=$(default_socket)
[ -n "$sock" ] || fail "no socket"

: >answers
# answer ARGS...: the client's stdout and stderr, kept.
answer() {
	ctl "$@"
	cat ctl.out ctl.err >>answers
}
answer status
answer status --json
answer ps web
answer status nope
answer logs
answer logs --log-format json
answer logs -n 5 web
answer kill -s USR2 nope
answer kill -s NOPE web
answer wait -t 0.2 nope
answer stop nope
answer restart worker
answer stop worker
answer status --json worker
answer restart worker
for req in 'b"status\n"' 'b"logs 100\n"' 'b"follow 100 nope\n"' \
    'b"frobnicate\n"' 'b"status SECRET\n"' 'b"\x00\n"' 'b"x" * 5000'; do
	raw_request "$sock" "$req" 0 >>answers
done
[ "$(wc -l <answers)" -gt 40 ] || fail "too few answers to mean anything: $(cat answers)"
assert_grep '"name":"web\.1"' answers
assert_no_grep "$secret" answers
assert_no_grep "$secret" out
assert_no_grep "$secret" err
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_no_grep "$secret" out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

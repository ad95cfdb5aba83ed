# connect refused, each with its exit status and message, the client's terminal untouched: no muster running (3), stdin not a terminal (2, "not a terminal"), an instance without tty (2, naming the key), an unknown name or one outside the formation (2), a type of several instances (2), no name or two (2), a stopped instance (1, not running). A type of one instance is fine.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
web: sleep 30 # $MARK
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
multi: sleep 30 # $MARK
EOP
printf '[repl]\ntty = true\n[multi]\ntty = true\n' >muster.ini

# refused NAME STATUS MESSAGE ARGS...: "muster connect ARGS" on a
# terminal exits STATUS and prints MESSAGE (an extended regular
# expression matching its one line), its terminal as it was.
refused() {
	local name=$1 want=$2 msg=$3
	shift 3
	drive_ok "$name" -- "$MUSTER" connect "$@"
	assert_eq "exit $want" "$(ended "$name")" "connect $*"
	assert_restored "$name"
	assert_eq 1 "$(client_said "$name" | wc -l)" "lines connect $* printed: $(client_said "$name")"
	client_said "$name" | grep -Eq -- "$msg" ||
		fail "connect $*: expected '$msg', got '$(client_said "$name")'"
}

refused none 3 '^muster: not running: no socket at ' repl.1
ctl_expect 3 status

start_muster start -m web=1,repl=1,multi=2
wait_for '[ "$(count_lines "started with pid" out)" -eq 4 ]'

ctl_expect 2 connect repl.1
assert_eq "muster: connect: not a terminal" "$(cat ctl.err)" "connect with stdin /dev/null"
echo hello | "$MUSTER" connect repl.1 >ctl.out 2>ctl.err
assert_eq 2 $? "connect with stdin a pipe"
assert_eq "muster: connect: not a terminal" "$(cat ctl.err)" "connect with stdin a pipe"

refused web 2 '^muster: web\.1 is not on a terminal \(tty = true in \[web\] of muster\.ini, or --tty\)$' web.1
refused webtype 2 'web\.1 is not on a terminal .*tty' web
refused nope 2 "^muster: unknown process 'nope'$" nope
refused nope1 2 "^muster: unknown process 'nope\\.1'$" nope.1
refused repl7 2 "^muster: unknown process 'repl\\.7'$" repl.7
refused multi 2 '^muster: multi has 2 instances: connect to one, such as multi\.1$' multi
refused noname 2 'connect needs one process name'
refused twonames 2 'connect needs one process name' repl.1 multi.1

# A type of one instance is that instance.
drive_ok repl expect '> ' send 'x\r' expect 'got: x\r\n> ' send '\x1c' exit \
    -- "$MUSTER" connect repl
assert_eq "exit 0" "$(ended repl)" "connect repl"
drive_ok multi1 raw send '\x1c' exit -- "$MUSTER" connect multi.2
assert_eq "exit 0" "$(ended multi1)" "connect multi.2"

ctl_expect 0 stop repl.1
refused stopped 1 '^muster: repl\.1 is not running \(stopped\)$' repl.1

# Nothing was typed but x, nothing ended but the stopped repl.1.
assert_eq "> x
got: x" "$(stream_lines repl.1 | sed -n '2,3p')" "repl.1's lines"
assert_eq 1 "$(count_lines 'exited|killed' out)" "ends"
assert_grep 'repl\.1 +\| killed by SIGTERM$' out
alive "$MUSTER_PID" || fail "muster ended"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

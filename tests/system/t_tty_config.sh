# Where tty comes from: a type's own key wins over [muster]'s, MUSTER_TTY and --tty, which are for every type that does not say otherwise ([plain] tty = false keeps plain off a terminal under each); MUSTER_TTY over [muster]; off by default; connect to a type kept off names the key; a bad value is refused with its line (exit 2).
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
term: if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then echo terminal; else echo pipes; fi; sleep 30 # $MARK
plain: if [ -t 0 ] || [ -t 1 ] || [ -t 2 ]; then echo terminal; else echo pipes; fi; sleep 30 # $MARK
EOP

# on_terminal WANT ARGS...: "muster start ARGS" runs term and plain on
# what WANT says ("term plain" as each found it).
on_terminal() {
	local want=$1
	shift
	start_muster start "$@"
	wait_for 'grep -Eq "term\.1 +\| (terminal|pipes)$" out && grep -Eq "plain\.1 +\| (terminal|pipes)$" out'
	assert_eq "$want" "$(stream_lines term.1 | sed -n 2p) $(stream_lines plain.1 | sed -n 2p)" \
	    "term and plain under ${*:-no option}, MUSTER_TTY=${MUSTER_TTY:-}, muster.ini: $(tr '\n' ' ' <muster.ini 2>/dev/null)"
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status"
}

on_terminal "pipes pipes"

printf '[muster]\ntty = true\n[plain]\ntty = false\n' >muster.ini
start_muster start
wait_for 'grep -q "plain\.1 *| pipes$" out && grep -q "term\.1 *| terminal$" out'
drive_ok plain -- "$MUSTER" connect plain.1
assert_eq "exit 2" "$(ended plain)" "connect to plain.1"
assert_eq "muster: plain.1 is not on a terminal (tty = true in [plain] of muster.ini, or --tty)" \
    "$(client_said plain)" "what connect to plain.1 said"
assert_restored plain
kill -TERM "$MUSTER_PID"
wait_muster

printf '[plain]\ntty = false\n' >muster.ini
on_terminal "terminal pipes" --tty
MUSTER_TTY=1 on_terminal "terminal pipes"
printf '[term]\ntty = on\n' >muster.ini
on_terminal "terminal pipes"
printf '[muster]\ntty = true\n' >muster.ini
on_terminal "terminal terminal"
MUSTER_TTY=0 on_terminal "pipes pipes"
MUSTER_TTY=0 on_terminal "terminal terminal" --tty
printf '[muster]\ntty = no\n' >muster.ini
MUSTER_TTY=yes on_terminal "terminal terminal"
on_terminal "pipes pipes"

# Bad values: the file and line (or variable) and the value, exit 2.
printf '[muster]\ntty = 2\n' >muster.ini
ctl_expect 2 check
assert_grep "^muster: muster\\.ini:2: .*'2'" ctl.err
printf '[plain]\ntty = maybe\n' >muster.ini
ctl_expect 2 start
assert_grep "^muster: muster\\.ini:2: .*'maybe'" ctl.err
rm muster.ini
MUSTER_TTY=perhaps ctl_expect 2 check
assert_grep "^muster: MUSTER_TTY: .*'perhaps'" ctl.err
assert_eq "" "$(marked_procs)" "processes left"
exit 0

# tty = true with muster's stdout not a terminal: the process's stdin, stdout and stderr are one pseudo terminal of 80x24, its controlling terminal, in a session of its own whose foreground group is the process's; python flushes line by line as on a terminal; the relay takes the terminal as stdout, with no CR (JSON "stream":"stdout"); a type without tty gets none.
. "$TESTS_DIR/lib_tty.sh"

cat >probe.py <<'EOF'
import os, sys, time
print("isatty %d %d %d" % tuple(os.isatty(f) for f in (0, 1, 2)))
c, r = os.get_terminal_size(1)
print("size %d %d" % (r, c))
print("tty %s %s %s" % tuple(os.ttyname(f) for f in (0, 1, 2)))
print("session of its group %s" % (os.getsid(0) == os.getpgrp()))
print("foreground %s" % (os.tcgetpgrp(0) == os.getpgrp()))
os.close(os.open("/dev/tty", os.O_RDWR))
print("controlling terminal opened")
sys.stderr.write("to stderr\n")
sys.stderr.flush()
# Not flushed: on a terminal, python's stdout is line buffered.
print("early")
time.sleep(30)
EOF
cat >Procfile <<EOP
term: python3 probe.py $MARK
shell: echo "stty \$(stty size)"; tty; sleep 30 # $MARK
plain: [ -t 0 ] || [ -t 1 ] || [ -t 2 ] || echo "no terminal"; sleep 30 # $MARK
EOP
printf '[term]\ntty = true\n[shell]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "term\.1 *| early$" out && grep -q "shell\.1 *| /dev/" out && grep -q "plain\.1 *| no terminal$" out'
term=$(pid_of_instance term.1)
alive "$term" || fail "term.1 ended: python printed before its end, but line by line?"

# The process's lines, as relayed: no CR of the terminal's CR LF.
assert_eq 0 "$(grep -c $'\r' out)" "lines with a CR on muster's stdout"
stream_lines term.1 >term.lines
pts=$(sed -n 's/^tty \(\/dev\/pts\/[0-9]*\) .*/\1/p' term.lines)
[ -n "$pts" ] || fail "term.1 is not on a pseudo terminal: $(cat term.lines)"
assert_eq "started with pid $term
isatty 1 1 1
size 24 80
tty $pts $pts $pts
session of its group True
foreground True
controlling terminal opened
to stderr
early" "$(cat term.lines)" "what term.1 saw"

# From outside: a session and group of its own, its terminal's
# foreground group, and that terminal its controlling one.
read -r sid pgid tpgid ctty <<<"$(ps -o sid=,pgid=,tpgid=,tty= -p "$term")"
assert_eq "$term $term $term ${pts#/dev/}" "$sid $pgid $tpgid $ctty" \
    "sid, pgid, tpgid and tty of term.1"

assert_eq "stty 24 80" "$(stream_lines shell.1 | sed -n 2p)" "stty size of shell.1"
assert_grep '^[0-9:]+ shell\.1 +\| /dev/pts/[0-9]+$' out
[ "$(stream_lines shell.1 | sed -n 3p)" != "$pts" ] || fail "term.1 and shell.1 share $pts"
assert_eq "" "$(ps -o tty= -p "$(pid_of_instance plain.1)" | tr -d ' ?')" "terminal of plain.1"

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep 'term\.1 +\| killed by SIGTERM$' out
assert_eq "" "$(marked_procs)" "processes left"

# As JSON: the terminal is the process's stdout, whatever it writes to.
start_muster start --log-format json term
wait_for 'grep -q "\"line\":\"early\"" out'
kill -TERM "$MUSTER_PID"
wait_muster
"$PYTHON" - <<'EOF' || fail "JSON lines of term.1"
import json, sys
recs = [json.loads(l) for l in open("out")]
lines = [(r["stream"], r["line"]) for r in recs if r["process"] == "term.1" and "event" not in r]
want = {("stdout", "to stderr"), ("stdout", "early"), ("stdout", "size 24 80")}
if not want <= set(lines) or any(s != "stdout" for s, _ in lines):
    sys.exit("term.1's lines: %r" % lines)
EOF
assert_eq 0 "$(grep -c $'\r' out)" "JSON lines with a CR"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

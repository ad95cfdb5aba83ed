# muster run forwards TERM, HUP, USR1, USR2 and WINCH to its command, ignores INT and QUIT itself, and keeps the command in its process group.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# Background jobs of a script start with INT and QUIT ignored; give muster
# the defaults so that its own ignoring is what is tested.
defsig=()
if env --default-signal=INT,QUIT true 2>/dev/null; then
	defsig=(env '--default-signal=INT,QUIT')
fi

# start_run ARG...: `muster run ARG...` in the background, in a session of
# its own, as start_muster does.
start_run() {
	setsid "${defsig[@]}" "$MUSTER" run "$@" >out 2>err </dev/null &
	MUSTER_PID=$!
}

cat >cmd.sh <<'EOS'
#!/bin/sh
for s in USR1 USR2 WINCH HUP TERM; do
	trap "echo $s >>got" "$s"
done
echo $$ >cmd.pid
while [ ! -e stop ]; do sleep 0.02; done
exit 5
EOS
chmod 755 cmd.sh

start_run ./cmd.sh "$MARK"
wait_for '[ -s cmd.pid ]'
cmd=$(cat cmd.pid)
# muster runs the command directly (no shell in between) and in its own
# process group, which setsid made muster's pid.
assert_eq "$MUSTER_PID" "$(ps -o ppid= -p "$cmd" | tr -d ' ')" "parent of the command"
assert_eq "$MUSTER_PID" "$(ps -o pgid= -p "$cmd" | tr -d ' ')" "process group of the command"

for s in USR1 USR2 WINCH HUP TERM; do
	kill -s "$s" "$MUSTER_PID"
	wait_for "grep -qx $s got"
done
assert_eq "USR1 USR2 WINCH HUP TERM" "$(tr '\n' ' ' <got | sed 's/ $//')" "signals the command got"

# INT and QUIT to muster alone: neither muster nor the command stops, and
# muster still forwards what comes after.
kill -s INT "$MUSTER_PID"
kill -s QUIT "$MUSTER_PID"
kill -s USR1 "$MUSTER_PID"
wait_for '[ "$(grep -c USR1 got)" = 2 ]'
alive "$MUSTER_PID" || fail "muster stopped on SIGINT or SIGQUIT"
alive "$cmd" || fail "the command stopped on SIGINT or SIGQUIT to muster"
assert_no_grep 'INT|QUIT' got

# The command ends on its own: its status is muster's.
touch stop
wait_muster
assert_eq 5 "$MUSTER_STATUS" "exit status after the command exited 5"
[ -s err ] && fail "muster wrote to stderr"

# A forwarded signal that kills the command gives 128+n.
for pair in TERM:143 HUP:129 USR1:138 USR2:140; do
	rm -f cmd.pid
	start_run sh -c 'echo $$ >cmd.pid; while :; do sleep 0.02; done' "$MARK"
	wait_for '[ -s cmd.pid ]'
	kill -s "${pair%%:*}" "$MUSTER_PID"
	wait_muster
	assert_eq "${pair##*:}" "$MUSTER_STATUS" "exit status after SIG${pair%%:*}"
done

# Ctrl-C at a terminal reaches the whole process group: the command dies
# of it, and muster, which ignored it, reports 130.
rm -f cmd.pid
start_run sh -c 'echo $$ >cmd.pid; while :; do sleep 0.02; done' "$MARK"
wait_for '[ -s cmd.pid ]'
kill -s INT -- "-$MUSTER_PID"
wait_muster
assert_eq 130 "$MUSTER_STATUS" "exit status after SIGINT to the group"
[ -s err ] && fail "muster wrote to stderr after SIGINT to the group"

# The same for a Procfile entry, which runs under /bin/sh -c.
printf 'web: echo $$ >cmd.pid; while :; do sleep 0.02; done # %s\n' "$MARK" >Procfile
rm -f cmd.pid
start_run web
wait_for '[ -s cmd.pid ]'
kill -s TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status of run web after SIGTERM"
exit 0

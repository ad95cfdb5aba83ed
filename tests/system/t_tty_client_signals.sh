# SIGTERM, SIGINT, SIGHUP or SIGQUIT to a connected client: it restores its terminal, says "detached from repl.1 (SIGNAME)" and exits 0; the process runs on, same pid, and takes the next client.
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
repl: printf '> '; while IFS= read -r line; do echo "got: \$line"; printf '> '; done # $MARK
EOP
printf '[repl]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "repl\.1 *| started with pid" out'
repl=$(pid_of_instance repl.1)

for sig in TERM INT HUP QUIT; do
	drive_ok "c$sig" expect '> ' raw signal "$sig" exit \
	    -- "$MUSTER" connect repl.1
	assert_eq "exit 0" "$(ended "c$sig")" "connect's end on SIG$sig"
	assert_restored "c$sig"
	assert_eq "muster: detached from repl.1 (SIG$sig)" "$(client_said "c$sig" | tail -n 1)" "the client's last line on SIG$sig"
done
drive_ok c expect '> ' send 'still\r' expect 'got: still\r\n> ' send '\x1c' exit \
    -- "$MUSTER" connect repl.1
assert_eq "exit 0" "$(ended c)" "connect's end"
ctl_expect 0 status repl.1
assert_eq "repl.1 $repl running" "$(awk 'NR == 2 { print $1, $2, $3 }' ctl.out)" "repl.1 at the end"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

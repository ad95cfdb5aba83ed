# Processes get the .env values, the shell's environment beats .env, and muster's PORT and PS beat both.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: echo "vars FROM_FILE=\$FROM_FILE BOTH=\$BOTH SHELL_ONLY=\$SHELL_ONLY PS=\$PS PORT=\$PORT"; sleep 30 # $MARK
EOP
cat >.env <<'EOE'
FROM_FILE=file value
BOTH=from file
PS=bogus
EOE
unset PORT MUSTER_PORT
BOTH="from shell" SHELL_ONLY=yes PS=shell setsid "$MUSTER" start >out 2>err </dev/null &
MUSTER_PID=$!
wait_for 'grep -q "| vars " out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_grep '^[0-9:]{8} web\.1 +\| vars FROM_FILE=file value BOTH=from shell SHELL_ONLY=yes PS=web\.1 PORT=5000$' out
exit 0

# The EXAMPLES of muster(1) about check and run work as written, with the example Procfile and .env.test.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT PS DATABASE_URL

# `muster run` keeps its command in its own process group, which
# start_muster made a session of its own: take the whole group down.
trap 'if [ -n "${MUSTER_PID:-}" ]; then kill -KILL -- "-$MUSTER_PID" 2>/dev/null; fi; cleanup' EXIT

cat >Procfile <<'EOP'
web: echo "listening on $PORT"; exec sleep 600
worker: while :; do echo "$PS working"; sleep 1; done
EOP
cat >.env.test <<'EOP'
DATABASE_URL=postgres://localhost/test
EOP

# $ muster check
"$MUSTER" check >out 2>err
assert_eq 0 "$?" "exit status of muster check"
assert_eq "valid procfile detected (web, worker)" "$(cat out)" "muster check"
[ -s err ] && fail "muster check wrote to stderr"

# $ muster run env
export EXAMPLE_SHELL_VAR=from-shell
"$MUSTER" run env >out 2>err </dev/null
assert_eq 0 "$?" "exit status of muster run env"
assert_grep '^EXAMPLE_SHELL_VAR=from-shell$' out
assert_grep "^PATH=$PATH\$" out
assert_no_grep '^DATABASE_URL=' out
printf 'GREETING=hello\n' >.env
"$MUSTER" run env >out 2>err </dev/null
assert_eq 0 "$?" "exit status of muster run env with .env"
assert_grep '^GREETING=hello$' out
assert_grep '^EXAMPLE_SHELL_VAR=from-shell$' out
rm .env

# $ muster run -e .env.test printenv DATABASE_URL
"$MUSTER" run -e .env.test printenv DATABASE_URL >out 2>err </dev/null
assert_eq 0 "$?" "exit status of muster run -e .env.test printenv"
assert_eq "postgres://localhost/test" "$(cat out)" "DATABASE_URL"
[ -s err ] && fail "muster run -e .env.test wrote to stderr"

# $ muster run web: in the foreground with PORT=5000 and PS=web.1.
start_muster run web
wait_for 'grep -q "listening on" out'
assert_eq "listening on 5000" "$(cat out)" "output of muster run web"
# The shell exec'd sleep, which is muster's child and has the environment.
wait_for '[ -n "$(ps -o pid= --ppid "$MUSTER_PID")" ]'
child=$(ps -o pid= --ppid "$MUSTER_PID" | tr -d ' ')
wait_for "grep -q sleep /proc/$child/cmdline"
tr '\0' '\n' <"/proc/$child/environ" >child.env
assert_grep '^PORT=5000$' child.env
assert_grep '^PS=web\.1$' child.env
assert_eq "$PWD" "$(readlink "/proc/$child/cwd")" "directory of web"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status of muster run web after SIGTERM"
alive "$child" && fail "web's sleep survived"
exit 0

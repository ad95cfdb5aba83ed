# muster's own MUSTER_* settings are not passed on to the processes (start, run NAME, run COMMAND), so a muster started by a process runs its own Procfile, not the parent's formation; an env file's MUSTER_* is the app's and passes.
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT PS

export MUSTER_TIMEOUT=3 MUSTER_COLOR=never MUSTER_FORMATION=web=1
printf 'web: env # %s\nworker: true\n' "$MARK" >Procfile
printf 'MUSTER_APP_SETTING=from-file\n' >.env

# no_muster_settings FILE: FILE, output of env, shows the app's variables
# and none of muster's own.
no_muster_settings() {
	assert_grep 'PS=web\.1$' "$1"
	assert_grep 'MUSTER_APP_SETTING=from-file$' "$1"
	assert_no_grep 'MUSTER_(TIMEOUT|COLOR|FORMATION)=' "$1"
	assert_eq 1 "$(grep -c 'MUSTER_' "$1")" "MUSTER_ variables in $1"
}

timeout 30 "$MUSTER" start >out 2>err </dev/null
assert_eq 0 "$?" "exit status of start"
no_muster_settings out
timeout 30 "$MUSTER" run web >out 2>err </dev/null
assert_eq 0 "$?" "exit status of run web"
no_muster_settings out
timeout 30 "$MUSTER" run env >out 2>err </dev/null
assert_eq 0 "$?" "exit status of run env"
assert_no_grep '^MUSTER_(TIMEOUT|COLOR|FORMATION)=' out
assert_grep '^MUSTER_APP_SETTING=from-file$' out

# A process that runs a muster of its own, for the app in sub/: under a
# parent started with MUSTER_FORMATION=web=1, which names no type of the
# sub-app, it runs the sub-app's one type.
rm .env
mkdir sub
printf 'inner: echo "inner ran on $PORT" # %s\n' "$MARK" >sub/Procfile
printf 'web: cd sub && exec %q start -p 7000 # %s\n' "$MUSTER" "$MARK" >Procfile
timeout 30 "$MUSTER" start >out 2>err </dev/null
assert_eq 0 "$?" "exit status of the parent start"
assert_grep '^[0-9:]+ web\.1 +\| [0-9:]+ inner\.1 +\| inner ran on 7000$' out
assert_no_grep 'unknown process type' out
timeout 30 "$MUSTER" run web >out 2>err </dev/null
assert_eq 0 "$?" "exit status of the parent run web"
assert_grep '^[0-9:]+ inner\.1 +\| inner ran on 7000$' out
assert_eq "" "$(marked_procs)" "processes left"
exit 0

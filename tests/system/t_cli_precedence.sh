# Settings come from, highest first, the command line, MUSTER_*, muster.ini, the default; --config and the implicit muster.ini, with paths relative to the ini.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT A

top=$PWD

# run_web ARG...: the output of `muster ARG... run web`, status checked.
run_web() {
	"$MUSTER" "$@" run web 2>err </dev/null || fail "muster $* run web exited $?"
}

# --- the base port ---
printf 'web: echo "$PORT"\n' >Procfile
assert_eq 5000 "$(run_web)" "default port"
printf 'PORT=5500\n' >.env
assert_eq 5500 "$(run_web)" "PORT from .env"
assert_eq 5600 "$(PORT=5600 run_web)" "PORT over .env"
printf '[muster]\nport = 5700\n' >muster.ini
assert_eq 5700 "$(PORT=5600 run_web)" "muster.ini over PORT"
assert_eq 5800 "$(PORT=5600 MUSTER_PORT=5800 run_web)" "MUSTER_PORT over muster.ini"
assert_eq 5900 "$(MUSTER_PORT=5800 run_web -p 5900)" "-p over MUSTER_PORT"
assert_eq 5901 "$(MUSTER_PORT=5800 run_web --port=5901)" "--port over MUSTER_PORT"
# An empty MUSTER_PORT counts as unset.
assert_eq 5700 "$(MUSTER_PORT='' run_web)" "empty MUSTER_PORT"
rm muster.ini
assert_eq 5600 "$(MUSTER_PORT='' PORT=5600 run_web)" "empty MUSTER_PORT, PORT set"
# A malformed lower layer is an error even when a higher one is given.
MUSTER_PORT=abc "$MUSTER" -p 5900 run web >out 2>err </dev/null
assert_eq 2 "$?" "exit status with a bad MUSTER_PORT under -p"
assert_grep '^muster: MUSTER_PORT: ' err
[ -s out ] && fail "web ran with a bad MUSTER_PORT"
rm .env

# --- booleans, observed in start's output ---
printf 'web: echo hello\n' >Procfile
ts='^[0-9]{2}:[0-9]{2}:[0-9]{2} web\.1 +\| hello$'
bare_ts='^web\.1 +\| hello$'
# start_line ARG...: runs `muster ARG... start`, which ends with web.
start_line() {
	"$MUSTER" "$@" start >out 2>err </dev/null || fail "muster $* start exited $?"
}
start_line
assert_grep "$ts" out
for b in true yes on 1; do
	MUSTER_TIMESTAMPS=$b start_line
	assert_grep "$ts" out
	MUSTER_PREFIX=$b start_line
	assert_grep "$ts" out
done
for b in false no off 0; do
	MUSTER_TIMESTAMPS=$b start_line
	assert_grep "$bare_ts" out
	assert_no_grep '^[0-9]{2}:' out
	MUSTER_PREFIX=$b start_line
	assert_grep '^hello$' out
	assert_no_grep '\| hello' out
done
MUSTER_TIMESTAMPS='' start_line
assert_grep "$ts" out
printf '[muster]\ntimestamps = no\nprefix = off\n' >muster.ini
start_line
assert_grep '^hello$' out
MUSTER_TIMESTAMPS=yes MUSTER_PREFIX=on start_line
assert_grep "$ts" out
MUSTER_TIMESTAMPS=yes MUSTER_PREFIX=on start_line --no-timestamp
assert_grep "$bare_ts" out
rm muster.ini
MUSTER_TIMESTAMPS=maybe "$MUSTER" start >out 2>err </dev/null
assert_eq 2 "$?" "exit status with MUSTER_TIMESTAMPS=maybe"
assert_grep '^muster: MUSTER_TIMESTAMPS: ' err

# --- --config, MUSTER_CONFIG and the procfile key ---
mkdir -p conf/sub other
printf 'web: echo "conf|$PORT|$A|$(pwd)"\n' >conf/sub/Procfile.dev
printf 'A=confenv\n' >conf/vars.env
printf '[muster]\nprocfile = sub/Procfile.dev\nenv = vars.env\nport = 6100\nroot = ../other\n' >conf/my.ini
printf '[muster]\nport = 6200\n' >conf/b.ini
printf 'web: echo "top|$PORT|$A|$(pwd)"\n' >Procfile

# Named by --config or MUSTER_CONFIG, its procfile key counts, and its
# paths are relative to its directory.
assert_eq "conf|6100|confenv|$top/other" "$(run_web --config conf/my.ini)" "--config"
[ -s err ] && fail "stderr not empty for --config"
assert_eq "conf|6100|confenv|$top/other" "$(MUSTER_CONFIG=conf/my.ini run_web)" "MUSTER_CONFIG"
assert_eq "top|6200|" "$(MUSTER_CONFIG=conf/my.ini run_web --config conf/b.ini | cut -d"|" -f1-3)" \
    "--config over MUSTER_CONFIG"
"$MUSTER" --config conf/my.ini check >out 2>err </dev/null || fail "check --config exited $?"
assert_eq "valid procfile detected (web)" "$(cat out)" "check --config"
# -f and MUSTER_PROCFILE win over the key.
assert_eq "top|6100|confenv|$top/other" "$(run_web --config conf/my.ini -f Procfile)" \
    "-f over the procfile key"
assert_eq "top|6100|confenv|$top/other" "$(MUSTER_PROCFILE=Procfile run_web --config conf/my.ini)" \
    "MUSTER_PROCFILE over the procfile key"
# A named muster.ini replaces the one beside the Procfile.
printf '[muster]\nport = 6300\n' >muster.ini
assert_eq "top|6100|confenv|$top/other" "$(run_web --config conf/my.ini -f Procfile)" \
    "--config instead of ./muster.ini"
assert_eq "top|6300|" "$(run_web | cut -d"|" -f1-3)" "./muster.ini read implicitly"

# Beside the Procfile, muster.ini is read but its procfile key is ignored
# with a warning.
printf '[muster]\nport = 6400\nprocfile = conf/sub/Procfile.dev\n' >muster.ini
assert_eq "top|6400|" "$(run_web | cut -d"|" -f1-3)" "procfile key of ./muster.ini"
assert_grep '^muster: muster\.ini:3: .*procfile' err
"$MUSTER" check >out 2>err </dev/null || fail "check with an ignored procfile key exited $?"
assert_eq "valid procfile detected (web)" "$(cat out)" "check with an ignored procfile key"
assert_grep '^muster: muster\.ini:3: .*procfile' err
rm muster.ini

# The muster.ini beside a Procfile named by -f or MUSTER_PROCFILE, with
# paths relative to it; command-line paths are relative to the current
# directory.
mkdir -p app/e app/r
printf 'web: echo "app|$PORT|$A|$(pwd)"\n' >app/Procfile
printf 'A=appenv\n' >app/e/app.env
printf 'A=cwdenv\n' >cwd.env
printf '[muster]\nenv = e/app.env\nroot = r\nport = 6500\n' >app/muster.ini
assert_eq "app|6500|appenv|$top/app/r" "$(run_web -f app/Procfile)" "muster.ini beside -f"
assert_eq "app|6500|appenv|$top/app/r" "$(MUSTER_PROCFILE=app/Procfile run_web)" \
    "muster.ini beside MUSTER_PROCFILE"
assert_eq "app|6500|cwdenv|$top/other" "$(run_web -f app/Procfile -e cwd.env -d other)" \
    "command-line paths"
assert_eq "app|6500|cwdenv|$top/other" \
    "$(MUSTER_ENV=cwd.env MUSTER_ROOT=other run_web -f app/Procfile)" "MUSTER_* paths"
exit 0

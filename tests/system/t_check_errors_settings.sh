# Each bad formation, port, root or MUSTER_* setting makes check, start (and run NAME where it applies) exit 2 with the same "muster: [PATH[:LINE]:] message" errors and start nothing.
# shellcheck disable=SC2317
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

USAGE="usage: see 'muster help'"

# One formation a row: SPEC|error|whether run NAME refuses it too (the
# errors found while parsing options; run does not check a formation
# against the Procfile).
f_malformed() {
	local m msg r
	procfile2
	while IFS='|' read -r m msg r; do
		if [ "$r" = run ]; then
			bad -r web 1 -m "$m"
			errors_are "'muster run -m $m web'" "muster: -m: $msg" "$USAGE"
		else
			bad 1 -m "$m"
			errors_are "'muster start -m $m'" "muster: -m: $msg"
		fi
		has_line 'muster: -m: '
	done <<'EOF'
web|invalid formation item 'web' (expected NAME=COUNT)|run
=1|invalid formation item '=1' (expected NAME=COUNT)|run
web==2|invalid formation item 'web==2' (expected NAME=COUNT)|run
web=1,|empty item in formation|run
|empty formation|run
 |empty formation|run
web=-1|invalid count '-1' for 'web' (expected a whole number from 0)|run
web=x|invalid count 'x' for 'web' (expected a whole number from 0)|run
web=1,,worker=1|empty item in formation|run
web=1,web=2|'web' given twice in formation|run
all=1,all=2|'all' given twice in formation|run
web.1=2|invalid process type name 'web.1' in formation|run
web=65537|count 65537 for 'web' is too large (at most 65536)|run
ghost=1|unknown process type 'ghost' in formation|
EOF
	bad -r web 1 --formation web
	has_line 'muster: -' web
	has_line 'muster: -' "invalid formation item 'web' (expected NAME=COUNT)"
	bad -r web 1 -c web=
	has_line 'muster: -c: ' "invalid formation item 'web='"
}

f_from_env_and_ini() {
	procfile2
	MUSTER_FORMATION='web=1,' bad -r web 1
	has_line 'muster: MUSTER_FORMATION: ' 'empty item in formation'
	printf '[muster]\nformation = worker==1\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:2: ' "invalid formation item 'worker==1'"
	# Checked against the Procfile, the error keeps the origin.
	printf '[muster]\nport = 5000\nformation = web=1, ghost=2\n' >muster.ini
	bad 1
	has_line 'muster: muster.ini:3: ' "unknown process type 'ghost' in formation"
	rm muster.ini
	MUSTER_FORMATION=all=0 bad 1
	has_line 'muster: MUSTER_FORMATION: ' 'nothing to start'
}

f_nothing_to_start() {
	printf 'web: %s\n' "$CMD" >Procfile
	bad 1 -m web=0
	has_line 'muster: -m: '
	assert_eq "muster: -m: nothing to start: the formation runs no instance of the selected process types" \
	    "$(<err)" "error"
	procfile2
	bad 1 -m all=0
	has_line 'muster: -m: ' 'nothing to start'
}

# web is the second entry: its port is base + 100.
port_above_65535() {
	printf 'worker: %s\nweb: %s\n' "$CMD" "$CMD" >Procfile
	bad -r web 1 -p 65500 -m web=1
	has_line 'muster: -p: ' 65600
	has_line 'muster: -p: port 65600 of web.1 is above 65535 (base port 65500)'
	"$MUSTER" check -p 65435 -m web=1 >out 2>err ||
	    fail "port 65535 refused"
	bad 1 -p 65436 -m web=1
	has_line 'muster: ' 65536
	bad 1 -p 65500 -m worker=37
	has_line 'muster: ' 65536
	has_line 'muster: -p: port 65536 of worker.37 is above 65535 (base port 65500)'
	"$MUSTER" check -p 65500 -m worker=36 >out 2>err ||
	    fail "worker.36 on port 65535 refused"
	# The error names where the base port was set.
	PORT=65500 bad -r web 1
	has_line 'muster: PORT: port 65600 of web.1 is above 65535'
	MUSTER_PORT=65500 bad -r web 1
	has_line 'muster: MUSTER_PORT: port 65600 of web.1 is above 65535'
	printf '[muster]\nport = 65500\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:2: port 65600 of web.1 is above 65535'
	rm muster.ini
	# From an env file: its file and line, not its value (procfile(5)).
	printf 'A=1\nPORT=65500\n' >.env
	bad -r web 1
	assert_eq "muster: .env:2: the base port in PORT puts web.1 above port 65535" \
	    "$(<err)" "error"
}

# The base port from muster's environment or the env files.
base_port() {
	procfile2
	PORT=abc bad -r web 1
	assert_eq "muster: PORT: invalid port 'abc' (expected 1-65535)" "$(<err)" "error"
	PORT=0 bad -r web 1
	has_line "muster: PORT: invalid port '0' "
	printf 'A=1\nPORT=70000\n' >.env
	bad -r web 1
	assert_eq "muster: .env:2: invalid port in PORT (expected 1-65535)" \
	    "$(<err)" "error"
	# The last setting of PORT is the one named.
	printf 'PORT=1\nPORT=x\n' >.env
	bad -r web 1
	has_line 'muster: .env:2: invalid port in PORT'
}

# A bad MUSTER_* value is reported with the variable's name; an empty one
# counts as unset.
settings_from_environ() {
	procfile2
	MUSTER_PORT=x bad -r web 1
	has_line 'muster: MUSTER_PORT: ' "invalid port 'x' (expected 1-65535)"
	MUSTER_TIMEOUT=-1 bad -r web 1
	has_line 'muster: MUSTER_TIMEOUT: ' "invalid timeout '-1'"
	MUSTER_COLOR=red bad -r web 1
	has_line 'muster: MUSTER_COLOR: ' "invalid color 'red'"
	MUSTER_TIMESTAMPS=maybe bad -r web 1
	has_line 'muster: MUSTER_TIMESTAMPS: ' "invalid boolean 'maybe'"
	MUSTER_PREFIX=2 bad -r web 1
	has_line 'muster: MUSTER_PREFIX: ' "invalid boolean '2'"
	MUSTER_LOG_FORMAT=xml bad -r web 1
	has_line 'muster: MUSTER_LOG_FORMAT: ' "invalid log format 'xml'"
	MUSTER_ENV=a.env,, bad -r web 1
	has_line 'muster: MUSTER_ENV: ' 'empty file name in env file list'
	MUSTER_PROCFILE=nope MUSTER_ROOT='' bad -r web 1
	has_line 'muster: nope: ' 'cannot open'
	# Every bad variable at once, in a fixed order.
	MUSTER_PORT=0 MUSTER_COLOR=red bad -r web 2
	has_line 'muster: MUSTER_PORT: '
	has_line 'muster: MUSTER_COLOR: '
}

root_dir() {
	procfile2
	bad -r web 1 -d no-such-dir
	has_line 'muster: no-such-dir: ' 'cannot use as root directory: No such file or directory'
	touch afile
	bad -r web 1 -d afile
	has_line 'muster: afile: ' 'cannot use as root directory: Not a directory'
	MUSTER_ROOT=afile bad -r web 1
	has_line 'muster: afile: ' 'cannot use as root directory'
}

# One run of check, start or run reports the errors of every layer and
# file, in the same order: the environment, muster.ini, the Procfile, the
# env files (start and run stopped at the errors of the settings before).
all_at_once() {
	printf 'web: %s\n bad\nworker: %s\n' "$CMD" "$CMD" >Procfile
	printf 'A=1\nNOSEP\n' >.env
	printf '[muster]\nport = x\n[web]\non_exit = never\n' >muster.ini
	MUSTER_TIMEOUT=abc bad -r web 5
	errors_are "check" \
	    "muster: MUSTER_TIMEOUT: invalid timeout 'abc' (expected seconds, such as 5 or 0.5)" \
	    "muster: muster.ini:2: invalid port 'x' (expected 1-65535)" \
	    "muster: muster.ini:4: invalid on_exit 'never' (expected shutdown, ignore or restart)" \
	    "muster: Procfile:2: process type name must start at column 0" \
	    "muster: .env:2: no '=' or ':' after key"
	# run COMMAND reads no Procfile: the rest, at once.
	MUSTER_TIMEOUT=abc refused "run COMMAND" run touch started
	errors_are "run touch started" \
	    "muster: MUSTER_TIMEOUT: invalid timeout 'abc' (expected seconds, such as 5 or 0.5)" \
	    "muster: muster.ini:2: invalid port 'x' (expected 1-65535)" \
	    "muster: muster.ini:4: invalid on_exit 'never' (expected shutdown, ignore or restart)" \
	    "muster: .env:2: no '=' or ':' after key"
	# Two bad MUSTER_* variables, with the errors of the files.
	rm muster.ini
	MUSTER_PORT=0 MUSTER_FORMATION=web bad -r web 4
	has_line 'muster: MUSTER_FORMATION: '
	has_line 'muster: MUSTER_PORT: '
	has_line 'muster: Procfile:2: '
	has_line 'muster: .env:2: '
	# Without errors in the settings, the same.
	bad -r web 2
	has_line 'muster: Procfile:2: '
	has_line 'muster: .env:2: '
}

run_cases f_malformed f_from_env_and_ini f_nothing_to_start \
    port_above_65535 base_port settings_from_environ root_dir all_at_once
exit 0

# version, help, unknown commands and options: the words and exit statuses of muster's command line, and no command-line error starts anything.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

USAGE="usage: see 'muster help'"

# ok ARG...: `muster ARG...` exits 0 with nothing on stderr; stdout in out.
ok() {
	"$MUSTER" "$@" >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of 'muster $*'"
	[ -s err ] && fail "stderr of 'muster $*' not empty"
	return 0
}

# usage_error ARG...: `muster ARG...` exits 2 with a "muster: " message on
# stderr, nothing on stdout, and starts nothing.
usage_error() {
	refused usage "$@"
	err_matches '^muster: '
}

# No Procfile is needed for any of these.
for a in version --version -v; do
	ok "$a"
	assert_grep '^muster [0-9]+\.[0-9]+\.[0-9]+$' out
	assert_eq 1 "$(wc -l <out | tr -d ' ')" "lines of 'muster $a'"
done
ok version
v=$(cat out)
ok -f nope check --version
assert_eq "$v" "$(cat out)" "--version after a command"

for a in help --help -h; do
	ok "$a"
	for c in start run check export version help; do
		assert_grep "(^|[^a-z])$c([^a-z]|$)" out
	done
	assert_grep '^usage: muster' out
done
ok help run
assert_grep 'muster run' out
ok check --help
assert_grep 'muster check' out
ok help export
assert_grep '^usage: muster export \[options\] format directory$' out
for o in '-a, --app APP' '-u, --user USER' '--image IMAGE' systemd \
    supervisord runit kubernetes compose; do
	assert_grep "$o" out
done

# From here on a good Procfile is at hand, so an error that muster let
# through would start its processes.
procfile2

usage_error frobnicate
assert_eq "muster: unknown command 'frobnicate'" "${ERR[0]}" "unknown command"
errors_are frobnicate "muster: unknown command 'frobnicate'" "$USAGE"
usage_error -t 1 frobnicate --no-color
assert_eq "muster: unknown command 'frobnicate'" "${ERR[0]}" "unknown command among options"
usage_error help frobnicate
err_matches "frobnicate"
errors_are "help frobnicate" "muster: unknown command 'frobnicate'"

for a in --bogus -z '-p 5000 --frobnicate' 'check --bogus' 'run -z true' \
    '--no-color=1'; do
	# shellcheck disable=SC2086
	usage_error $a
	err_lacks 'needs a value'
done
usage_error --bogus
err_matches "^muster: unknown option '--bogus'"
usage_error check -z
err_matches "^muster: unknown option '-z'"

# An option missing its value names the option (it can only be at the end
# of the line), for start without its word, check and run.
for c in -p -f -e -m -c -t -d --procfile --env --formation --concurrency \
    --port --timeout --root --color --log-format --config 'check -m' 'check -t' \
    'check --port' 'check --color' 'run -e' 'run --log-format'; do
	# shellcheck disable=SC2086
	usage_error $c
	err_matches "^muster: .*${c##* }"
	err_lacks 'unknown option'
	errors_are "'muster $c'" "muster: option ${c##* } needs a value" "$USAGE"
done

# Bad option values.
for a in '-p 0' '-p 65536' '-p 12ab' '-t -1' '-t 1s' '--color sometimes' \
    '--log-format xml' '-f ""'; do
	eval "usage_error $a check"
done

# Commands that take no operands, or need one.
usage_error version extra
errors_are "version extra" "muster: version takes no arguments"
usage_error run
errors_are run "muster: run needs a command"
usage_error export
errors_are export "muster: export needs a format and a directory: muster export FORMAT DIR"
usage_error export systemd
errors_are "export systemd" "muster: export needs a format and a directory: muster export FORMAT DIR"
usage_error check web
errors_are "check web" "muster: check takes no arguments"
usage_error help run check
errors_are "help run check" "muster: help takes at most one command"

# Every option error, the same for check (the options after the command
# word), start (before it) and run: exactly "muster: MESSAGE" and the
# pointer to help on stderr, naming the option in the form it was given
# (a long one by its full name). One a row: ARGS|MESSAGE (ARGS as the shell
# would split them).
while IFS='|' read -r a msg; do
	for c in "check $a" "$a start" "run $a web"; do
		eval "refused \"\$c\" $c"
		errors_are "'muster $c'" "muster: $msg" "$USAGE"
	done
done <<'EOF'
-p 0|-p: invalid port '0' (expected 1-65535)
-p 65536|-p: invalid port '65536' (expected 1-65535)
-p 12ab|-p: invalid port '12ab' (expected 1-65535)
-p ""|-p: invalid port '' (expected 1-65535)
-t -1|-t: invalid timeout '-1' (expected seconds, such as 5 or 0.5)
-t 1s|-t: invalid timeout '1s' (expected seconds, such as 5 or 0.5)
-t 86401|-t: invalid timeout '86401' (expected seconds, such as 5 or 0.5)
-m web|-m: invalid formation item 'web' (expected NAME=COUNT)
-m web=x|-m: invalid count 'x' for 'web' (expected a whole number from 0)
-c ""|-c: empty formation
--formation web=x|--formation: invalid count 'x' for 'web' (expected a whole number from 0)
--form=web|--formation: invalid formation item 'web' (expected NAME=COUNT)
--concurrency ""|--concurrency: empty formation
--port=0|--port: invalid port '0' (expected 1-65535)
--timeout 1s|--timeout: invalid timeout '1s' (expected seconds, such as 5 or 0.5)
--procfile ""|--procfile: empty path
--root=|--root: empty path
--env ""|--env: empty file name in env file list
--color sometimes|--color: invalid color 'sometimes' (expected auto, always or never)
--color=|--color: invalid color '' (expected auto, always or never)
--log-format xml|--log-format: invalid log format 'xml' (expected text or json)
-f ""|-f: empty path
-d ""|-d: empty path
--config ""|--config: empty path
-e ""|-e: empty file name in env file list
-e a.env,,b.env|-e: empty file name in env file list
--bogus|unknown option '--bogus'
-z|unknown option '-z'
-p 5000 --frobnicate|unknown option '--frobnicate'
--no-color=1|option --no-color takes no value
--no-timestamp=yes|option --no-timestamp takes no value
--help=run|option --help takes no value
EOF

nothing_left
exit 0

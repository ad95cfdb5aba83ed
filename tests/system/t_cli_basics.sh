# version, help, unknown commands and options: the words and exit statuses of muster's command line.
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# ok ARG...: `muster ARG...` exits 0 with nothing on stderr; stdout in out.
ok() {
	"$MUSTER" "$@" >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of 'muster $*'"
	[ -s err ] && fail "stderr of 'muster $*' not empty"
	return 0
}

# usage_error ARG...: `muster ARG...` exits 2 with a "muster: " message on
# stderr and nothing on stdout.
usage_error() {
	"$MUSTER" "$@" >out 2>err </dev/null
	assert_eq 2 "$?" "exit status of 'muster $*'"
	[ -s out ] && fail "stdout of 'muster $*' not empty"
	assert_grep '^muster: ' err
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

usage_error frobnicate
assert_eq "muster: unknown command 'frobnicate'" "$(head -n 1 err)" "unknown command"
usage_error -t 1 frobnicate --no-color
assert_eq "muster: unknown command 'frobnicate'" "$(head -n 1 err)" "unknown command among options"
usage_error help frobnicate
assert_grep "frobnicate" err

for a in --bogus -z '-p 5000 --frobnicate' 'check --bogus' 'run -z true' \
    '--no-color=1'; do
	# shellcheck disable=SC2086
	usage_error $a
	assert_no_grep 'needs a value' err
done
usage_error --bogus
assert_grep "^muster: unknown option '--bogus'" err
usage_error check -z
assert_grep "^muster: unknown option '-z'" err

# An option missing its value names the option.
for a in -p -f -e -m -c -t -d --procfile --port --color --log-format \
    --config 'check -m' 'run -e'; do
	# shellcheck disable=SC2086
	usage_error $a
	assert_grep "^muster: .*${a##* }" err
	assert_no_grep 'unknown option' err
done

# Bad option values.
for a in '-p 0' '-p 65536' '-p 12ab' '-t -1' '-t 1s' '--color sometimes' \
    '--log-format xml' '-f ""'; do
	eval "usage_error $a check"
done

# Commands that take no operands, or need one.
usage_error version extra
usage_error run
usage_error export
exit 0

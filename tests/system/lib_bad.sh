# Helpers for the bad-input scenarios (t_check_*.sh, t_cli_basics.sh),
# sourced after lib.sh: each malformed input is fed to `muster check`,
# `muster start` and, where it concerns a Procfile entry, `muster run NAME`;
# each must refuse it with the same errors on stderr, nothing on stdout,
# exit 2 and nothing started.
# shellcheck shell=bash

unset "${!MUSTER_@}" PORT

# The command of every Procfile entry here: it leaves ./started behind and
# a shell marked with $MARK for 10 s, so a start or run that should not have
# happened is seen (and ends in 10 s rather than hang the test), and so is
# any process it left behind.
CMD="touch started; sleep 10; : $MARK"

# procfile2: a good Procfile of two types, web and worker.
procfile2() {
	printf 'web: %s\nworker: %s\n' "$CMD" "$CMD" >Procfile
}

# refused WHAT ARG...: `muster ARG...` exits 2, writes nothing on stdout
# and starts nothing. Its stderr is left in ./err and in the array ERR.
refused() {
	local what=$1 rc
	shift
	# No ./started is left before: a start that should not have happened
	# fails the scenario at once.
	"$MUSTER" "$@" >out 2>err </dev/null
	rc=$?
	assert_eq 2 "$rc" "exit status of 'muster $*' ($what)"
	if [ -s out ]; then
		fail "stdout of 'muster $*' is not empty ($what)"
	fi
	if [ -e started ]; then
		fail "'muster $*' started a process ($what)"
	fi
	mapfile -t ERR <err
}

# errors_are WHAT LINE...: the stderr of the last refused command is
# exactly these lines.
errors_are() {
	local what=$1 got want
	shift
	printf -v got '%s\n' "${ERR[@]}"
	printf -v want '%s\n' "$@"
	[ "$got" = "$want" ] ||
	    fail "stderr of $what:"$'\n'"${got}expected:"$'\n'"$want"
}

# err_matches ERE: a line of the last refused command's stderr matches
# the extended regular expression; err_lacks ERE: none does. (Bash's own
# matching: these scenarios run muster hundreds of times, grep as often
# would double their time.)
err_matches() {
	local l
	for l in "${ERR[@]}"; do
		[[ $l =~ $1 ]] && return 0
	done
	fail "'$1' not found in the stderr of the last command"
}

err_lacks() {
	local l
	for l in "${ERR[@]}"; do
		[[ $l =~ $1 ]] && fail "'$1' unexpectedly found in the stderr of the last command"
	done
	return 0
}

# bad [-r NAME] N ARG...: for the malformed input in the current
# directory, `muster check ARG...` is refused with exactly N "muster: "
# lines on stderr; `muster start ARG...` is refused with the same stderr,
# every error at once as check reports them; with -r, `muster run ARG...
# NAME` is refused with the same stderr too. ./err keeps the stderr of
# check, for has_line.
bad() {
	local name='' n l count=0
	local -a check_err
	while :; do
		case $1 in
		-r) name=$2; shift 2 ;;
		*) break ;;
		esac
	done
	n=$1
	shift
	refused check check "$@"
	check_err=("${ERR[@]}")
	for l in "${check_err[@]}"; do
		case $l in
		"muster: "*) count=$((count + 1)) ;;
		esac
	done
	assert_eq "$n" "$count" "number of errors of 'muster check $*'"
	refused start start "$@"
	errors_are "'muster start $*'" "${check_err[@]}"
	if [ -n "$name" ]; then
		refused run run "$@" "$name"
		errors_are "'muster run $* $name'" "${check_err[@]}"
	fi
	printf '%s\n' "${check_err[@]}" >err
}

# has_line PREFIX [TEXT]: a line of ./err starts with the fixed string
# PREFIX (and holds TEXT after it).
has_line() {
	local l
	while IFS= read -r l; do
		case $l in
		"$1"*"${2:-}"*) return 0 ;;
		esac
	done <err
	fail "no line of stderr starts with '$1'${2:+ and holds '$2'}"
}

# nothing_left: no process marked with $MARK is alive.
nothing_left() {
	if pgrep -f -- "$MARK" >/dev/null; then
		fail "processes left: $(marked_procs)"
	fi
}

# run_cases CASE...: runs each case function in a directory of its own,
# then checks that none of them left a process behind.
run_cases() {
	local c
	for c in "$@"; do
		mkdir "$c"
		(cd "$c" && "$c") || fail "case $c"
	done
	nothing_left
}

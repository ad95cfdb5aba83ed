# Helpers for system scenarios; each scenario runs in a fresh temporary
# directory (the current one) and exits non-zero on failure.
# shellcheck shell=bash

set -u

: "${MUSTER:?MUSTER must name the muster binary}"

fail() {
	echo "FAIL: $*" >&2
	if [ -f out ]; then
		echo "--- stdout" >&2
		tail -n 30 out >&2
	fi
	if [ -f err ]; then
		echo "--- stderr" >&2
		tail -n 30 err >&2
	fi
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# wait_for 'shell condition' [seconds]: polls until the condition holds.
wait_for() {
	local cond=$1 limit=${2:-10} end
	end=$(($(date +%s%N) / 1000000 + limit * 1000))
	while ! eval "$cond"; do
		if [ $(($(date +%s%N) / 1000000)) -ge $end ]; then
			fail "timed out after ${limit}s waiting for: $cond"
		fi
		sleep 0.02
	done
}

# assert_eq expected actual [what]
assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}

# assert_grep pattern file: an extended regular expression must match.
assert_grep() {
	grep -Eq -- "$1" "$2" || fail "'$1' not found in $2"
}

assert_no_grep() {
	if grep -Eq -- "$1" "$2"; then
		fail "'$1' unexpectedly found in $2"
	fi
}

# count_lines pattern file
count_lines() {
	grep -Ec -- "$1" "$2" || true
}

# start_muster ARGS...: runs muster in the background in a session of its
# own (so SIGINT is not ignored), stdout to ./out and stderr to ./err; its
# pid is MUSTER_PID.
start_muster() {
	setsid "$MUSTER" "$@" >out 2>err </dev/null &
	MUSTER_PID=$!
}

# wait_muster [seconds]: waits for the background muster; its status is
# MUSTER_STATUS.
wait_muster() {
	wait_for '! kill -0 $MUSTER_PID 2>/dev/null || [ "$(ps -o stat= -p $MUSTER_PID)" = Z ]' "${1:-20}"
	wait "$MUSTER_PID"
	MUSTER_STATUS=$?
}

# alive pid: the process exists and is not a zombie.
alive() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $st in Z*) return 1 ;; esac
	return 0
}

# pid_of_instance NAME.N: the pid muster reported for an instance.
pid_of_instance() {
	sed -n "s/.*$1 *| started with pid \([0-9]*\).*/\1/p" out | tail -n 1
}

cleanup() {
	if [ -n "${MUSTER_PID:-}" ] && kill -0 "$MUSTER_PID" 2>/dev/null; then
		kill -KILL "$MUSTER_PID" 2>/dev/null
	fi
	# Whatever a scenario started is marked with its directory.
	pkill -KILL -f "muster-test-marker-$$" 2>/dev/null
	return 0
}
trap cleanup EXIT

# A word scenarios put in long-running commands so cleanup finds them.
MARK="muster-test-marker-$$"

# now_ms: a clock in milliseconds, for scenarios that measure delays.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# marked_procs: prints the live processes whose command line holds $MARK
# (awk reads the mark from its environment so it does not match itself).
marked_procs() {
	ps -eo pid=,stat=,args= | MARK_WORD=$MARK \
	    awk 'index($0, ENVIRON["MARK_WORD"]) && $2 !~ /^Z/'
}

# pgroup_alive PGID: a process other than a zombie is in the group.
pgroup_alive() {
	ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 }
	    END { exit !f }'
}

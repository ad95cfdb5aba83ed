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
	# Emptied here, not only by the background shell: a wait_for that
	# follows must not see the output of an earlier run.
	: >out
	: >err
	setsid "$MUSTER" "$@" >out 2>err </dev/null &
	MUSTER_PID=$!
}

# start_muster_piped ARGS...: as start_muster, but stdout is a pipe whose
# reader, cat (pid READER_PID), copies it to ./piped.
start_muster_piped() {
	: >err
	mkfifo pipe
	cat pipe >piped &
	READER_PID=$!
	setsid "$MUSTER" "$@" >pipe 2>err </dev/null &
	MUSTER_PID=$!
}

# wait_muster [seconds]: waits for the background muster; its status is
# MUSTER_STATUS.
wait_muster() {
	wait_for '! kill -0 $MUSTER_PID 2>/dev/null || [ "$(ps -o stat= -p $MUSTER_PID)" = Z ]' "${1:-20}"
	wait "$MUSTER_PID"
	MUSTER_STATUS=$?
}

# idle_calls: the system calls muster (MUSTER_PID) makes in a second,
# waits aside; skips the scenario where strace cannot attach.
idle_calls() {
	# The window is what is observed, not a wait for something to happen.
	timeout 1 strace -p "$MUSTER_PID" -o trace 2>strace.err
	[ -s trace ] || skip "strace cannot attach here: $(cat strace.err)"
	grep -Ev '^([0-9]+ +)?(epoll_wait|epoll_pwait|restart_syscall)\(|^$' trace || true
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

# stuck_stdout_stop 'COMMAND PREFIX' TIMEOUT MIN_MS MAX_MS: runs a web.1
# that writes lines without end (COMMAND PREFIX before it, say, to ignore
# SIGTERM) under "muster start -t TIMEOUT" whose stdout is a fifo the test
# holds open and never reads. Once web.1 is blocked in write(2) (muster has
# stopped reading), sends muster SIGTERM and asserts that web.1 ends within
# MIN_MS to MAX_MS, that muster exits 143 within 5 s and held under 64 MiB,
# and that nothing is left.
stuck_stdout_stop() {
	local prefix=$1 timeout=$2 min=$3 max=$4 web rss1 t0 elapsed
	local stable=0 last=
	cat >Procfile <<EOP
web: ${prefix}echo \$\$ >web.pid; while :; do echo "a line of output that fills pipes quickly, sixty-four bytes"; done # $MARK
EOP
	mkfifo fifo
	# The test holds the only reader of the fifo and never reads from it.
	exec 8<>fifo
	setsid "$MUSTER" start -t "$timeout" >fifo 2>err </dev/null &
	MUSTER_PID=$!
	wait_for '[ -s web.pid ]'
	web=$(cat web.pid)
	# The writer ends up blocked in write(2) for good (ten polls in a row
	# without a byte written): muster has stopped reading.
	# shellcheck disable=SC2317 # called through wait_for
	blocked() {
		local w
		w=$(awk '/^wchar/ { print $2 }' /proc/"$web"/io 2>/dev/null)
		if grep -Eq 'pipe_(write|wait)' /proc/"$web"/wchan 2>/dev/null &&
		    [ "$w" = "$last" ]; then
			stable=$((stable + 1))
		else
			stable=0
		fi
		last=$w
		[ "$stable" -ge 10 ]
	}
	wait_for blocked 10
	rss1=$(awk '/^VmRSS/ { print $2 }' /proc/"$MUSTER_PID"/status)
	t0=$(now_ms)
	kill -TERM "$MUSTER_PID"
	wait_for '! alive $web' 5
	elapsed=$(($(now_ms) - t0))
	if [ "$elapsed" -lt "$min" ] || [ "$elapsed" -ge "$max" ]; then
		fail "web.1 ended ${elapsed} ms after SIGTERM, -t $timeout (expected $min to $max ms)"
	fi
	wait_muster 10
	elapsed=$(($(now_ms) - t0))
	assert_eq 143 "$MUSTER_STATUS" "exit status"
	[ "$elapsed" -lt 5000 ] || fail "muster took ${elapsed} ms to exit on a stuck stdout, -t $timeout"
	[ "$rss1" -lt 65536 ] || fail "muster held ${rss1} KiB while its stdout was stuck"
	exec 8<&-
	assert_eq "" "$(marked_procs)" "processes left"
}

# burst_procfile: a Procfile of producers "out" (stdout) and "err" (stderr)
# for the load scenarios. A producer writes "NAME.j N" for N = 1, 2, ...
# until SIGTERM, when it writes N of the last line it wrote whole to
# last.NAME.j and exits 3. The shell (dash) runs a trap only between two
# commands, and a write(2) that a signal interrupts (EINTR) it retries; one
# command both counts and writes a line (the expansion, then the write), so
# when the trap runs, i is the number of the last line written whole. A
# line is shorter than PIPE_BUF: a write of it to a pipe is all or nothing.
burst_procfile() {
	local burst='i=0; trap "echo \$i >last.\$PS; exit 3" TERM; while :; do echo "$PS $((i += 1))"; done'

	cat >Procfile <<EOP
out: $burst # $MARK
err: $burst >&2 # $MARK
EOP
}

# assert_relayed_to_last INST...: each producer INST (out.1, err.2, ...) of
# a load scenario wrote "INST N" for N from 1 and recorded its last N, at
# least 2000, in ./last.INST before it exited 3: muster relayed exactly
# those lines, in order, between its start and exit lines, and nothing
# else but its own (no line mixed from parts of two).
assert_relayed_to_last() {
	local inst last others

	for inst in "$@"; do
		[ -s "last.$inst" ] || fail "$inst did not record its last line"
		last=$(cat "last.$inst")
		[ "$last" -ge 2000 ] || fail "$inst recorded $last as its last line"
		{
			echo "started with pid $(pid_of_instance "$inst")"
			seq -f "$inst %.0f" "$last"
			echo "exited with code 3"
		} >"expected.$inst"
		sed -n "s/^${inst%.*}\\.${inst#*.} *| //p" out >"got.$inst"
		cmp -s "expected.$inst" "got.$inst" ||
			fail "$inst: $(wc -l <"got.$inst") lines relayed (2 of muster's) for $last written; $(cmp "expected.$inst" "got.$inst" 2>&1 | head -n 1)"
	done
	others=$(grep -Evc '^(out|err)\.[12] +\| |^system +\| ' out)
	assert_eq 0 "$others" "lines of no process"
}

# --- PID 1: muster as the init of a new pid namespace, as in a container.

# pid1_require: skips unless this is root and unshare can make a pid
# namespace.
pid1_require() {
	[ "$(id -u)" -eq 0 ] || skip "not root: the PID 1 scenario needs unshare --pid"
	unshare --pid --fork --mount-proc true 2>/dev/null ||
		skip "unshare --pid --fork --mount-proc does not work here"
}

# start_pid1 ARGS...: runs "muster ARGS" as PID 1 of a new pid namespace,
# in the background in a session of its own, stdout to ./out, stderr to
# ./err and stdin from $PID1_STDIN (default /dev/null). UNSHARE_PID is
# unshare's pid; MUSTER_PID is muster's seen from outside (unshare's child),
# the pid to send signals to (unshare blocks SIGINT and SIGTERM), empty if
# muster was over before it was seen. unshare SIGKILLs muster if it dies,
# so cleanup may kill either.
start_pid1() {
	: >out
	: >err
	setsid unshare --pid --fork --mount-proc --kill-child \
	    "$MUSTER" "$@" >out 2>err <"${PID1_STDIN:-/dev/null}" &
	UNSHARE_PID=$!
	MUSTER_PID=$UNSHARE_PID
	wait_for '[ -n "$(pgrep -P $UNSHARE_PID)" ] || ! alive $UNSHARE_PID'
	MUSTER_PID=$(pgrep -P "$UNSHARE_PID")
}

# wait_pid1 [seconds]: waits for unshare, which ends when muster does and
# exits with its status; that is MUSTER_STATUS.
wait_pid1() {
	wait_for '! kill -0 $UNSHARE_PID 2>/dev/null || [ "$(ps -o stat= -p $UNSHARE_PID)" = Z ]' "${1:-20}"
	wait "$UNSHARE_PID"
	MUSTER_STATUS=$?
}

# in_pid1_ns COMMAND...: runs a command inside muster's pid namespace, so
# that pid 1 there is muster ("kill -USR1 1" from inside).
in_pid1_ns() {
	nsenter --target "$MUSTER_PID" --pid -- "$@"
}

# baseline_hwm N: the peak RSS in KiB of this muster running N quiet
# instances, in a directory of its own: what a memory bound is measured
# against, so that it holds for every build (ASan's shadow memory, say).
# ASan keeps 256 MiB of freed memory in quarantine, which a scenario that
# frees as it goes would measure instead of muster: memory bounds keep it
# at 1 MiB (other builds ignore ASAN_OPTIONS).
bound_memory() {
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
}
baseline_hwm() {
	local n=$1 pid hwm
	mkdir baseline
	printf 'quiet: exec sleep 30 # %s\n' "$MARK" >baseline/Procfile
	(cd baseline && exec setsid "$MUSTER" start -m quiet="$n" -t 1 \
	    >out 2>err </dev/null) &
	pid=$!
	wait_for '[ "$(count_lines "started with pid" baseline/out)" -eq '"$n"' ]' 30
	hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$pid"/status)
	kill -TERM "$pid"
	wait "$pid"
	echo "$hwm"
}

# stalled_bursts POLICY: 300 instances of "burst" under on_exit = POLICY,
# each writing 600 lines of about 100 bytes and then recording its run in
# runs.burst.J, under a muster whose stdout is the fifo ./relay that the
# test holds open on fd 8 and does not read. Sets BASE_HWM (baseline_hwm
# 300) first, and MUSTER_PID. The bound is the relay's: the scrollback,
# which keeps up to 1000 lines per instance by design, is off (bench/
# measures it).
stalled_bursts() {
	cat >Procfile <<EOP
burst: yes "\$PS writes a line of output that is about a hundred bytes long, the same every time" | head -n 600; echo run >>runs.\$PS
EOP
	printf '[burst]\non_exit = %s\nrestart_limit = 1000\n' "$1" >muster.ini
	bound_memory
	BASE_HWM=$(baseline_hwm 300)
	mkfifo relay
	exec 8<>relay
	setsid "$MUSTER" start --no-timestamp --scrollback 0 -m burst=300 \
	    >relay 2>err \
	    </dev/null &
	MUSTER_PID=$!
}

# no_children: muster has reaped every process it started.
# shellcheck disable=SC2317 # called through wait_for
no_children() {
	local c
	c=$(cat /proc/"$MUSTER_PID"/task/*/children 2>/dev/null)
	[ -z "$c" ]
}

# runs: the number of runs the bursts of stalled_bursts recorded.
runs() {
	cat runs.burst.* 2>/dev/null | wc -l
}

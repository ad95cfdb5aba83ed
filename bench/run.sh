#!/bin/bash
# Measures muster against foreman and a raw pipe on this machine, its
# relay against the Node supervisors concurrently and node-foreman (nf),
# its control socket (status, restart, the scrollback) against muster
# without a scrollback or a plain exec, and its terminals (tty = true:
# the relay, keystroke echo through muster connect) against pipes and a
# direct pseudo terminal, and its start order and readiness (muster.ini
# after and ready: from a dependency's readiness to its dependent's
# start, by probe kind, and a chain of types), and prints Markdown
# tables; bench/README.md says what each row measures and how.
#
# usage: bench/run.sh [--quick]
#
# Full mode takes every figure as the median of BENCH_RUNS runs (default 5)
# and writes the table, with bench/NOTES.md after it, to bench/RESULTS.md.
# --quick runs every measure once at small sizes, only to show that the
# runner still works, and writes nothing but stdout.  Benchmarks assert
# nothing: the exit status is 0 unless the runner itself could not run.
#
# MUSTER names the binary (default ./muster); MUSTER_STATIC the static
# build whose memory is shown as well (default ./muster-static when it
# exists; empty for none).  BENCH_NPM_DIR is where concurrently and nf are
# installed from the npm registry when they are not on PATH (default
# bench/npm, kept between runs).

set -u
# Decimal points, not commas, in every printf and awk.
export LC_ALL=C

here=$(dirname "$0")
MUSTER=$(realpath "${MUSTER:-$here/../muster}") || exit 1
STATIC=${MUSTER_STATIC-$here/../muster-static}
[[ -x $STATIC ]] && STATIC=$(realpath "$STATIC") || STATIC=
cd "$here/.." || exit 1
REPO=$PWD
PROBE=$REPO/bench/probe
STAMP=$REPO/bench/stamp
NPM_DIR=${BENCH_NPM_DIR:-$REPO/bench/npm}

mode=full
case ${1:-} in
--quick) mode=quick ;;
"") ;;
*)
	echo "usage: bench/run.sh [--quick]" >&2
	exit 2
	;;
esac

# Sizes.  Quick mode keeps the small cases as they are and shrinks the
# large ones so that CI spends seconds, not minutes, on foreman.
if [[ $mode == full ]]; then
	RUNS=${BENCH_RUNS:-5}
	RELAY_LINES=200000	# each of 4 producers
	WIDE_LINES=12500	# each of 64 producers, the same total
	LONG_LINES=50000	# each of 4 producers, 500-digit lines
	START_SIZES=(2 100)
	STOP_SIZES=(4 1000)
	ORPHAN_N=100
	IDLE_SECS=5
	CHECK_N=100000		# Procfile entries, and env keys
	STATUS_SIZES=(4 1000)
	CALLS=20		# client calls in each control run
	FULL_N=1000		# instances whose scrollback is filled
	TTY_LINES=100000	# each of 4 producers, 80-digit lines
	ECHO_KEYS=200		# keys typed in each echo run
	READY_PAIRS=10		# dependency and dependent pairs, each kind
else
	RUNS=1
	RELAY_LINES=10000
	WIDE_LINES=625
	# 50 KB a producer: foreman deadlocks now and then on a producer
	# that fills its 64 KiB pipe before foreman has logged its start.
	LONG_LINES=100
	START_SIZES=(2 20)
	STOP_SIZES=(4 100)
	ORPHAN_N=20
	IDLE_SECS=2
	CHECK_N=10000
	STATUS_SIZES=(4 100)
	CALLS=5
	FULL_N=20
	TTY_LINES=2000
	ECHO_KEYS=50
	READY_PAIRS=3
fi
IDLE_N=4
# The restart case's instances, of which p.1 is restarted.
RESTART_N=4
# Milliseconds between two keys of the echo case: at this pace, as when
# typing, the processes on the way are asleep when a key comes (typed
# back to back, every key is echoed about twice as fast here).
ECHO_GAP_MS=10
# Lines each instance prints to fill its scrollback (muster's default of
# 1000: with its own "started" line, one more than it keeps).
FULL_LINES=1000
# The types of the start order case, each after the one before: cheap
# enough for quick mode as well.
CHAIN_N=100
# The ways a dependency becomes ready (muster.ini ready), each a case.
READY_KINDS=(notify line port http exec)
# Seconds the probe waits for the lines: foreman needs about 20 s for a
# relay here, muster and the raw pipe well under one.
LINES_LIMIT=30
FOREMAN_LINES_LIMIT=60
# nf needs 10-15 s for the 4 x 200 000 relay here, concurrently 1.5-3 s.
NODE_LINES_LIMIT=60
# A subject that fails a case this often is not run on it again.
MAX_FAILS=2

# Targets of the dynamic build, by measure key (the size is part of the
# key, so quick mode's smaller cases have none): "ratio" for the relay
# cases measured against foreman and the raw pipe, "raw" for the 500-byte
# lines, against the raw pipe alone (it relays them only about 20 times
# faster than foreman here), else the highest acceptable muster figure
# and its text.  Peak RSS has none: with 4 children it is mostly the C
# library's shared pages, which private memory leaves out.
declare -A TARGET=(
	[relay-4x200000]=ratio
	[relay-64x12500]=ratio
	[relay-4x50000x500]=raw
	[start-2]="0.005|≤ 5 ms"
	[start-100]="0.1|≤ 100 ms"
	[stop-1000]="1|≤ 1 s"
	[priv-relay-4x200000]="512|≤ 512 KiB"
	[priv-4]="512|≤ 512 KiB"
	[priv-1000]="4096|≤ 4096 KiB"
	[idle-4]="0|0"
	[status-4]="0.005|≤ 5 ms"
	[status-1000]="0.05|≤ 50 ms"
	[restart-extra-4]="0.01|≤ 10 ms"
	[echo-extra-200]="0.001|≤ 1 ms"
	[ready-notify-10]="0.005|≤ 5 ms"
	[ready-line-10]="0.005|≤ 5 ms"
	[ready-max-port-10]="0.11|≤ 110 ms"
	[ready-max-http-10]="0.11|≤ 110 ms"
	[ready-max-exec-10]="0.11|≤ 110 ms"
	[sbcost-4x200000]="0.1|≤ 10 %"
	[check-procfile-100000]="1|≤ 1 s"
	[check-env-100000]="1|≤ 1 s"
)

# By KEY/SUBJECT: samples holds the figures of the good runs, nfail the
# number of failed runs and whys their reasons, one a line.
declare -A samples nfail whys

log() {
	printf '%s\n' "$*" >&2
}

# The supervisors must see neither our settings nor a port of ours.
unset "${!MUSTER_@}" PORT
# 1000 children need a few thousand descriptors, muster and foreman alike.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# apt_install PACKAGE: through apt-get, as root or with sudo.
apt_install() {
	local -a sudo=()

	if ((EUID != 0)); then
		command -v sudo >/dev/null || return 1
		sudo=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get install -y "$1" >&2 ||
		{ "${sudo[@]}" apt-get update >&2 &&
			"${sudo[@]}" apt-get install -y "$1" >&2; }
}

# need COMMAND PACKAGE: installs PACKAGE when COMMAND is missing; fails
# when it is still missing.
need() {
	command -v "$1" >/dev/null && return 0
	log "bench: $1 is missing: installing $2"
	apt_install "$2"
	command -v "$1" >/dev/null
}

# node_need: finds concurrently and node-foreman's nf (npm package
# foreman) on PATH or in NPM_DIR, installing the missing ones into NPM_DIR
# from the npm registry; sets bin[SUBJECT] and node_version[SUBJECT] for
# each, or no_node[SUBJECT] to why not.  npm picks the newest version
# whose declared Node.js range the machine's node satisfies.
node_need() {
	local c rc=0 why=
	local -a missing=()
	local -A pkg=([concurrently]=concurrently [nf]=foreman)

	for c in concurrently nf; do
		bin[$c]=$(command -v "$c" || true)
		[[ -n ${bin[$c]} ]] && continue
		[[ -x $NPM_DIR/node_modules/.bin/$c ]] || missing+=("${pkg[$c]}")
		bin[$c]=$NPM_DIR/node_modules/.bin/$c
	done
	if ((${#missing[@]} > 0)); then
		if ! command -v npm >/dev/null || ! command -v node >/dev/null
		then
			no_node[concurrently]="Node.js and npm not installed"
			no_node[nf]=${no_node[concurrently]}
			return
		fi
		log "bench: installing ${missing[*]} from npm into $NPM_DIR"
		# Few retries and an overall limit: an unreachable registry
		# must cost quick mode (CI) a minute at most, not npm's
		# default of several.
		timeout -k 5 60 npm install --prefix "$NPM_DIR" --no-audit \
		    --no-fund --no-update-notifier --fetch-retries=1 \
		    --fetch-retry-mintimeout=1000 \
		    --fetch-retry-maxtimeout=5000 --fetch-timeout=20000 \
		    "${missing[@]}" >&2 || rc=$?
		if ((rc == 124 || rc == 137)); then
			why="npm install took over 60 s"
		elif ((rc != 0)); then
			why="npm install failed"
		fi
	fi
	for c in concurrently nf; do
		# --version proves that it runs on this node, not only that
		# npm put it there.
		node_version[$c]=$("${bin[$c]}" --version 2>/dev/null) ||
			no_node[$c]=${why:-"$c --version failed"}
	done
}

# Every process of a run works in, or names, a directory under ROOT; the
# unique name keeps cleanup away from anything else on the machine.
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/muster-bench.XXXXXX") || exit 1

# reap DIR: kills whatever a run left behind.  The probe, the supervisors
# and the raw shells name DIR on their command line; the producers have
# exec'd sleep and name nothing, but DIR is their working directory.
reap() {
	local dir=$1 pids

	for _ in {1..50}; do
		pids=$({
			find /proc/[0-9]*/cwd -maxdepth 0 -lname "$dir*" \
			    2>/dev/null | cut -d/ -f3
			pgrep -f -- "$dir"
		} | grep -vx -e "$$" -e "$BASHPID")
		[[ -z $pids ]] && return 0
		# shellcheck disable=SC2086 # one pid a word
		kill -KILL $pids 2>/dev/null
		sleep 0.1
	done
	log "bench: still running after cleanup: ${pids//$'\n'/ }"
}

cleanup() {
	reap "$ROOT"
	rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# newdir NAME: a fresh directory for one run.
newdir() {
	mktemp -d "$ROOT/$1.XXXXXX" || exit 1
}

# snapshot PATH: a copy of the binary at PATH to measure, so that a
# rebuild during the run (src/ changes meanwhile) cannot mix two builds.
snapshot() {
	local copy

	[[ -n $1 ]] || return 0
	copy=$ROOT/bin/$(basename "$1")
	mkdir -p "$ROOT/bin" && cp "$1" "$copy" &&
		"$copy" version >/dev/null 2>&1 || copy=$1
	printf '%s' "$copy"
}

# probe_run SUBJECT COMMAND N LINES [PROBE-OPTION ...]: one run of SUBJECT
# (muster, static, noscroll, tty, foreman, raw, plain, concurrently or
# nf) with N instances of COMMAND in a fresh directory, the probe waiting
# for LINES data lines (or digits, with -d).  When the array client is set, the
# probe then runs it (its calls: -c, -e), every @DIR@ in it replaced by
# the run's directory.  Sets out to the probe's key=value lines, or
# returns 1 with why set.
probe_run() {
	local subject=$1 cmd=$2 n=$3 lines=$4 dir limit=$LINES_LIMIT i exe
	local -a cmds=() opts=()
	shift 4

	dir=$(newdir "$subject")
	printf 'p: %s\n' "$cmd" >"$dir/Procfile"
	case $subject in
	muster | static | noscroll | tty)
		# The control socket in the run's directory, not the default
		# one in /tmp/muster-UID or XDG_RUNTIME_DIR, so that a muster
		# killed by SIGKILL leaves no socket behind there.  noscroll
		# is muster keeping no scrollback, tty muster running every
		# instance on a terminal.
		exe=${bin[muster]}
		[[ $subject == static ]] && exe=${bin[static]}
		[[ $subject == noscroll ]] && opts=(--scrollback 0)
		[[ $subject == tty ]] && opts=(--tty)
		set -- "$@" -l "$limit" -n "$lines" -- "$exe" start \
		    -f "$dir/Procfile" --socket "$dir/sock" -m "p=$n" \
		    "${opts[@]}"
		;;
	foreman)
		limit=$FOREMAN_LINES_LIMIT
		set -- "$@" -l "$limit" -n "$lines" -- foreman start \
		    -f "$dir/Procfile" -d "$dir" -m "p=$n"
		;;
	raw)
		# The same producers, each run by sh -c as the supervisors run
		# them, on one pipe read by cat; their writes split each
		# other's lines, so -a counts newlines.
		set -- "$@" -a -l "$limit" -n "$lines" -- sh -c \
		    "(for i in \$(seq $n); do sh -c '$cmd' & done; wait) | cat"
		;;
	plain)
		# One producer, forked and exec'd by the probe itself.
		set -- "$@" -l "$limit" -n "$lines" -- sh -c "$cmd"
		;;
	concurrently)
		# One argument a producer, as its users write them; it runs
		# each by sh -c and prefixes its lines "[0] ", "[1] "...
		limit=$NODE_LINES_LIMIT
		for ((i = 0; i < n; i++)); do
			cmds+=("$cmd")
		done
		set -- "$@" -l "$limit" -n "$lines" -- "${bin[concurrently]}" \
		    "${cmds[@]}"
		;;
	nf)
		limit=$NODE_LINES_LIMIT
		set -- "$@" -l "$limit" -n "$lines" -- "${bin[nf]}" \
		    -j "$dir/Procfile" start "p=$n"
		;;
	esac
	((${#client[@]} > 0)) && set -- "$@" ::: "${client[@]//@DIR@/$dir}"
	probe_exec "$dir" "$limit" "$@"
	reap "$dir"
	rm -rf "$dir"
	[[ -z $why ]]
}

# probe_exec DIR LIMIT PROBE-ARGUMENT...: runs the probe in DIR, its
# output in DIR/out and DIR/err; sets out to its key=value lines, and why
# to the reason it failed (empty when it did not).  LIMIT is its -l.
probe_exec() {
	local dir=$1 limit=$2 rc

	shift 2
	# In DIR, so that foreman finds no .env or .foreman of ours.  In the
	# background, because bash runs a trap only once the foreground
	# command is over, but at once during a wait.  The probe has its own
	# limits (-l, -w); timeout is for a probe that is stuck.
	(cd "$dir" && exec timeout -k 5 $((limit + 60)) "$PROBE" "$@") \
	    >"$dir/out" 2>"$dir/err" &
	wait "$!"
	rc=$?
	out=$(cat "$dir/out")
	why=
	if ((rc == 124 || rc == 137)); then
		why="probe stuck after $((limit + 60)) s"
	elif ((rc != 0)); then
		why=$(tail -n 1 "$dir/err")
		why=${why#probe: }
		[[ -n $why ]] || why="probe exited $rc"
	fi
}

# value KEY: KEY's value in the probe's output.
value() {
	sed -n "s/^$1=//p" <<<"$out"
}

# skip KEY SUBJECT: true when SUBJECT cannot run or has failed KEY too
# often.
skip() {
	[[ $2 == foreman && -n $no_foreman ]] ||
		[[ -n ${no_node[$2]:-} ]] ||
		[[ $2 == static && -z $STATIC ]] ||
		((${nfail[$1/$2]:-0} >= MAX_FAILS))
}

# fail KEY... SUBJECT: records a failed run, and why, for each KEY.
fail() {
	local subject=${*: -1} key

	for key in "${@:1:$#-1}"; do
		nfail[$key/$subject]=$((${nfail[$key/$subject]:-0} + 1))
		whys[$key/$subject]+="$why"$'\n'
	done
	log "  $subject failed: $why"
}

# relay KEY N LINES DIGITS COMMAND: one run of the relay case KEY, N
# producers of LINES data lines (DIGITS digits in all) each, for each
# subject; the static build only where its memory is shown, and muster
# with --scrollback 0 (noscroll) only in the 4-producer case, right after
# muster, to show what the scrollback costs.
relay() {
	local key=$1 n=$2 lines=$3 digits=$4 cmd=$5 subject rate want
	local -a subjects=(muster raw foreman concurrently nf) opts

	[[ $key == "relay-4x$RELAY_LINES" ]] &&
		subjects=(muster noscroll raw foreman concurrently nf static)
	for subject in "${subjects[@]}"; do
		skip "$key" "$subject" && continue
		want=$((n * lines)) opts=()
		# Both cut a line in two where a read of its pipe ends: the
		# pieces would count twice as lines, their digits once.
		if [[ $subject == concurrently || $subject == nf ]]; then
			want=$((n * digits)) opts=(-d)
		fi
		if ! probe_run "$subject" "$cmd" "$n" "$want" -w 10 "${opts[@]}"
		then
			fail "$key" "rss-$key" "priv-$key" "$subject"
			continue
		fi
		rate=$(awk -v n=$((n * lines)) -v t="$(value elapsed)" \
		    'BEGIN { print n / t }')
		samples[$key/$subject]+="$rate "
		if [[ $subject != raw ]]; then
			samples[rss-$key/$subject]+="$(value hwm_kb) "
			samples[priv-$key/$subject]+="$(value priv_kb) "
		fi
		log "  $subject: ${out//$'\n'/ }"
	done
}

# tty_relay: one run of 4 producers of TTY_LINES lines of 80 digits each,
# muster running them on terminals (tty = true, through --tty) and then
# on pipes (raw, in the table): the same relay, but for the terminals.
tty_relay() {
	local key=ttyrelay-4x$TTY_LINES subject want=$((4 * TTY_LINES))
	local cmd="seq -f %080g $TTY_LINES; exec sleep 600"
	# The table's muster is the terminals, its raw the pipes.
	local -A as=([tty]=muster [muster]=raw)

	for subject in tty muster; do
		skip "$key" "${as[$subject]}" && continue
		if ! probe_run "$subject" "$cmd" 4 "$want" -w 10; then
			fail "$key" "${as[$subject]}"
			continue
		fi
		samples[$key/${as[$subject]}]+="$(awk -v n="$want" \
		    -v t="$(value elapsed)" 'BEGIN { print n / t }') "
		log "  $subject: ${out//$'\n'/ }"
	done
}

# lifecycle N: one run with N children that print a line and wait: the
# start-up time, the shutdown time and the supervisor's peak RSS and
# private memory.
lifecycle() {
	local n=$1 subject cmd='echo 1; exec sleep 600'
	local -a subjects=(muster raw foreman)

	[[ " ${STOP_SIZES[*]} " == *" $n "* ]] && subjects+=(static)
	for subject in "${subjects[@]}"; do
		skip "start-$n" "$subject" && continue
		if [[ $subject == raw ]]; then
			# A shell starting them is the floor for start-up.
			probe_run raw "$cmd" "$n" "$n" -w 10 || {
				fail "start-$n" raw
				continue
			}
		elif ! probe_run "$subject" "$cmd" "$n" "$n" -t -w 30; then
			fail "start-$n" "stop-$n" "rss-$n" "priv-$n" "$subject"
			continue
		else
			samples[stop-$n/$subject]+="$(value shutdown) "
			samples[rss-$n/$subject]+="$(value hwm_kb) "
			samples[priv-$n/$subject]+="$(value priv_kb) "
		fi
		samples[start-$n/$subject]+="$(value elapsed) "
		log "  $subject: ${out//$'\n'/ }"
	done
}

# status_case N: one run of `muster status` against a muster running N
# instances that printed a line and wait (CALLS calls, their median), and
# one of `muster version` in its place, the client's exec and exit alone,
# from a probe running one such process.
status_case() {
	local n=$1 key=status-$1 cmd='echo 1; exec sleep 600'

	if ! skip "$key" muster; then
		client=("${bin[muster]}" status -f @DIR@/Procfile
		    --socket @DIR@/sock)
		if probe_run muster "$cmd" "$n" "$n" -c "$CALLS" -w 30; then
			samples[$key/muster]+="$(value call) "
			log "  muster: ${out//$'\n'/ }"
		else
			fail "$key" muster
		fi
	fi
	if ! skip "$key" raw; then
		client=("${bin[muster]}" version)
		if probe_run plain "$cmd" 1 1 -c "$CALLS" -w 10; then
			samples[$key/raw]+="$(value call) "
			log "  muster version: ${out//$'\n'/ }"
		else
			fail "$key" raw
		fi
	fi
	client=()
}

# restart_case: one run of `muster restart p.1` against a muster running
# RESTART_N instances that print a line and then wait in `sleep`, which
# SIGTERM ends at once: CALLS restarts, each timed to the new process's
# line (restart-) and to the client's exit (restart-reply-); and one of
# the same line from a plain fork and exec, by the probe, of `sh -c 'echo
# 1'`.
restart_case() {
	local n=$RESTART_N key=restart-$RESTART_N cmd='echo 1; exec sleep 600'

	if ! skip "$key" muster; then
		client=("${bin[muster]}" restart -f @DIR@/Procfile
		    --socket @DIR@/sock p.1)
		if probe_run muster "$cmd" "$n" "$n" -c "$CALLS" -e 1 -w 30
		then
			samples[$key/muster]+="$(value line) "
			samples[restart-reply-$n/muster]+="$(value call) "
			log "  muster: ${out//$'\n'/ }"
		else
			fail "$key" "restart-reply-$n" muster
		fi
	fi
	if ! skip "$key" raw; then
		client=(sh -c 'echo 1')
		if probe_run plain "$cmd" 1 1 -c "$CALLS" -e 1 -w 10; then
			samples[$key/raw]+="$(value line) "
			log "  sh -c: ${out//$'\n'/ }"
		else
			fail "$key" raw
		fi
	fi
	client=()
}

# started LOG N PID: waits until the supervisor PID has logged N data
# lines "| 1" in LOG; returns 1 with why set when it does not within 30 s.
started() {
	why="not all $2 children started in 30 s"
	for _ in {1..300}; do
		if (($(grep -sc '| 1$' "$1" || true) + 0 >= $2)); then
			why=
			return 0
		fi
		alive "$3" || break
		sleep 0.1
	done
	return 1
}

# stop PID DIR: SIGTERM to the supervisor PID, 10 s for it to exit, and
# whatever is left in DIR killed.
stop() {
	kill -TERM "$1" 2>/dev/null
	for _ in {1..100}; do
		alive "$1" || break
		sleep 0.1
	done
	reap "$2"
	wait "$1" 2>/dev/null
}

# echo_case: one run of ECHO_KEYS keys typed ECHO_GAP_MS apart into a
# program that echoes them on a terminal in raw mode (the probe's -k):
# through `muster connect p.1` to a tty instance running it, driven by the
# probe on a pseudo terminal, and (raw) the same program on a pseudo
# terminal of the probe's own.  The program says "1" once it is in raw
# mode, so that muster's line of it means that no key can be echoed by
# the terminal itself.  Each run's median and 95th percentile.
echo_case() {
	local key=echo-$ECHO_KEYS p95=echo-p95-$ECHO_KEYS subject dir pid
	local cmd='stty raw -echo; echo 1; exec cat'
	local -a keys=(-k "$ECHO_KEYS" -g "$ECHO_GAP_MS" -l "$LINES_LIMIT"
	    -w 10 --)

	for subject in muster raw; do
		skip "$key" "$subject" && continue
		dir=$(newdir "echo-$subject")
		if [[ $subject == muster ]]; then
			printf 'p: %s\n' "$cmd" >"$dir/Procfile"
			(cd "$dir" && exec "${bin[muster]}" start \
			    -f "$dir/Procfile" --socket "$dir/sock" --tty \
			    -m p=1) >"$dir/log" 2>&1 &
			pid=$!
			started "$dir/log" 1 "$pid" &&
				probe_exec "$dir" "$LINES_LIMIT" "${keys[@]}" \
				    "${bin[muster]}" connect -f "$dir/Procfile" \
				    --socket "$dir/sock" p.1
			stop "$pid" "$dir"
		else
			probe_exec "$dir" "$LINES_LIMIT" "${keys[@]}" \
			    sh -c "$cmd"
			reap "$dir"
		fi
		rm -rf "$dir"
		if [[ -n $why ]]; then
			fail "$key" "$p95" "$subject"
			continue
		fi
		samples[$key/$subject]+="$(value key) "
		samples[$p95/$subject]+="$(value key_p95) "
		log "  $subject: $(grep -v '^keys=' <<<"$out" | paste -sd ' ')"
	done
}

# full_scrollback: one run of FULL_N instances that each print FULL_LINES
# lines of 100 digits and then wait, for muster and for muster with
# --scrollback 0: peak RSS and private memory once every line has come.
full_scrollback() {
	local key=sbfull-$FULL_N subject
	local cmd="seq -f %0100g $FULL_LINES; exec sleep 600"

	for subject in muster noscroll; do
		skip "$key" "$subject" && continue
		if probe_run "$subject" "$cmd" "$FULL_N" \
		    $((FULL_N * FULL_LINES)) -w 30; then
			samples[rss-$key/$subject]+="$(value hwm_kb) "
			samples[priv-$key/$subject]+="$(value priv_kb) "
			log "  $subject: ${out//$'\n'/ }"
		else
			fail "$key" "rss-$key" "priv-$key" "$subject"
		fi
	done
}

# state PID: the one-letter state of PID, empty when it is gone.
state() {
	local rest

	rest=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	rest=${rest##*) }
	printf '%s' "${rest%% *}"
}

# alive PID: PID runs and is not a zombie.
alive() {
	[[ $(state "$1") == [^ZX] ]]
}

# idle_run SUBJECT: the system calls SUBJECT makes in IDLE_SECS while its
# IDLE_N children, all started, are silent, muster's control socket open
# and no client connected.  Sets calls, or returns 1 with why set.
idle_run() {
	local subject=$1 dir pid rc
	local -a cmd

	dir=$(newdir "idle-$subject")
	printf 'p: echo 1; exec sleep 600\n' >"$dir/Procfile"
	cmd=("${bin[muster]}" start -f "$dir/Procfile" --socket "$dir/sock"
	    -m "p=$IDLE_N")
	[[ $subject == foreman ]] &&
		cmd=(foreman start -f "$dir/Procfile" -d "$dir" -m "p=$IDLE_N")
	(cd "$dir" && exec "${cmd[@]}") >"$dir/log" 2>&1 &
	pid=$!
	why="not all $IDLE_N children started in 30 s"
	for _ in {1..300}; do
		if (($(grep -sc '| 1$' "$dir/log" || true) + 0 >= IDLE_N)); then
			why=
			break
		fi
		alive "$pid" || break
		sleep 0.1
	done
	# The row says that muster idles with its socket open: make sure.
	[[ -z $why && $subject == muster && ! -S $dir/sock ]] &&
		why="no control socket at $dir/sock"
	if [[ -z $why ]]; then
		# Let the last start-up writes settle: the measure is idling.
		sleep 0.2
		timeout -s INT "$IDLE_SECS" strace -f -c -o "$dir/strace" \
		    -p "$pid" 2>"$dir/strace.err"
		rc=$?
		# timeout's 124 is the normal end; anything else is strace's.
		if ((rc != 124)); then
			why="strace: $(grep -v '^strace: Process' \
			    "$dir/strace.err" | tail -n 1)"
		fi
		calls=$(awk '$NF == "total" { print $4 }' "$dir/strace")
		# strace writes no table when there was nothing to count.
		[[ -n $calls ]] || calls=0
	fi
	kill -TERM "$pid" 2>/dev/null
	for _ in {1..100}; do
		alive "$pid" || break
		sleep 0.1
	done
	reap "$dir"
	wait "$pid" 2>/dev/null
	rm -rf "$dir"
	[[ -z $why ]]
}

# orphan_run SUBJECT: starts SUBJECT with ORPHAN_N children that print a
# line and wait, kills it with SIGKILL once all have printed, and sets
# gone to the seconds until none of them is left (zombies aside: init may
# be slow to reap them) and, for muster, guard_kb and guard_priv to its
# guard's peak RSS and private memory.
# Returns 1 with why set when they do not start, or are still there after
# 10 s.
orphan_run() {
	local subject=$1 dir pid t0 p left
	local -a cmd

	dir=$(newdir "orphan-$subject")
	printf 'p: echo 1; exec sleep 600\n' >"$dir/Procfile"
	cmd=("${bin[muster]}" start -f "$dir/Procfile" --socket "$dir/sock"
	    -m "p=$ORPHAN_N")
	[[ $subject == foreman ]] && cmd=(foreman start -f "$dir/Procfile" \
	    -d "$dir" -m "p=$ORPHAN_N")
	(cd "$dir" && exec "${cmd[@]}") >"$dir/log" 2>&1 &
	pid=$!
	why="not all $ORPHAN_N children started in 30 s"
	for _ in {1..300}; do
		if (($(grep -sc '| 1$' "$dir/log" || true) + 0 >= ORPHAN_N)); then
			why=
			break
		fi
		alive "$pid" || break
		sleep 0.1
	done
	guard_kb='' guard_priv=''
	if [[ -z $why ]]; then
		for p in $(pgrep -x muster-guard); do
			[[ $(readlink "/proc/$p/cwd") == "$dir" ]] || continue
			guard_kb=$(awk '/^VmHWM/ { print $2 }' \
			    "/proc/$p/status")
			guard_priv=$(awk '/^Private_(Clean|Dirty):/ {
			    kb += $2 } END { print kb }' \
			    "/proc/$p/smaps_rollup")
		done
		t0=$EPOCHREALTIME
		kill -KILL "$pid"
		why="children still running 10 s after SIGKILL"
		while awk -v t0="$t0" -v t="$EPOCHREALTIME" \
		    'BEGIN { exit !(t - t0 < 10) }'; do
			left=0
			for p in $(find /proc/[0-9]*/cwd -maxdepth 0 \
			    -lname "$dir" 2>/dev/null | cut -d/ -f3); do
				[[ $(cat "/proc/$p/comm" 2>/dev/null) == \
				    sleep ]] && alive "$p" && left=$((left + 1))
			done
			if ((left == 0)); then
				gone=$(awk -v t0="$t0" -v t="$EPOCHREALTIME" \
				    'BEGIN { print t - t0 }')
				why=
				break
			fi
			why="$left of $ORPHAN_N children still running 10 s after SIGKILL"
			sleep 0.01
		done
	fi
	kill -KILL "$pid" 2>/dev/null
	reap "$dir"
	wait "$pid" 2>/dev/null
	rm -rf "$dir"
	[[ -z $why ]]
}

orphans() {
	local subject key=orphan-$ORPHAN_N

	for subject in muster foreman; do
		skip "$key" "$subject" && continue
		if orphan_run "$subject"; then
			samples[$key/$subject]+="$gone "
			[[ -n $guard_kb ]] &&
				samples[rss-guard-$ORPHAN_N/$subject]+="$guard_kb "
			[[ -n $guard_priv ]] &&
				samples[priv-guard-$ORPHAN_N/$subject]+="$guard_priv "
			log "  $subject: gone after $gone s, guard" \
			    "${guard_kb:-none} KiB, ${guard_priv:-none} KiB private"
		else
			fail "$key" "$subject"
		fi
	done
}

idle() {
	local subject

	for subject in muster foreman; do
		skip "idle-$IDLE_N" "$subject" && continue
		if [[ -n $no_strace ]]; then
			why=$no_strace
			fail "idle-$IDLE_N" "$subject"
		elif idle_run "$subject"; then
			samples[idle-$IDLE_N/$subject]+="$calls "
			log "  $subject: $calls system calls"
		else
			fail "idle-$IDLE_N" "$subject"
		fi
	done
}

# check_case KIND: the time `check` takes on a Procfile of CHECK_N entries
# (KIND procfile) or an env file of CHECK_N keys (KIND env), each key set
# twice.  foreman's check reads no env file: it has only the first.
check_case() {
	local kind=$1 key=check-$1-$CHECK_N subject dir t0 rc
	local -a cmd

	for subject in muster foreman; do
		[[ $kind == env && $subject == foreman ]] && continue
		skip "$key" "$subject" && continue
		dir=$(newdir "check-$subject")
		if [[ $kind == procfile ]]; then
			awk -v n="$CHECK_N" 'BEGIN { for (i = 1; i <= n; i++)
			    printf "p%d: echo %d\n", i, i }' >"$dir/Procfile"
		else
			printf 'p: true\n' >"$dir/Procfile"
			awk -v n="$CHECK_N" 'BEGIN { for (j = 0; j < 2; j++)
			    for (i = 1; i <= n; i++)
				printf "K%d=value %d\n", i, j }' >"$dir/.env"
		fi
		# One type only, so that no port passes 65535.
		cmd=("${bin[muster]}" check -f "$dir/Procfile" -m p1=1)
		[[ $kind == env ]] && cmd=("${bin[muster]}" check \
		    -f "$dir/Procfile")
		[[ $subject == foreman ]] &&
			cmd=(foreman check -f "$dir/Procfile")
		t0=$EPOCHREALTIME
		(cd "$dir" && exec timeout 120 "${cmd[@]}") >"$dir/out" \
		    2>"$dir/err"
		rc=$?
		why=
		if ((rc == 124)); then
			why="check took over 120 s"
		elif ((rc != 0)); then
			why="check exited $rc: $(tail -n 1 "$dir/err")"
		fi
		if [[ -n $why ]]; then
			fail "$key" "$subject"
		else
			samples[$key/$subject]+="$(awk -v a="$t0" \
			    -v b="$EPOCHREALTIME" 'BEGIN { print b - a }') "
			log "  $subject: ok"
		fi
		reap "$dir"
		rm -rf "$dir"
	done
}

# ready_spec KIND I: the ready key of dependency I of kind KIND, and the
# argument its stamp -k takes ('' when none).
ready_spec() {
	case $1 in
	line) spec="ready = line dep ready" arg="'dep ready'" ;;
	http) spec="ready = http /" arg= ;;
	exec) spec="ready = exec test -e d$2.flag" arg=d$2.flag ;;
	*) spec="ready = $1" arg= ;;
	esac
}

# ready_run KIND: one muster running READY_PAIRS pairs of a dependency
# dI (stamp -k KIND) and its dependent aI (after = dI), one pair after
# the other (dI after a(I-1), which is ready on its line): only one
# dependency is ever being probed, so that no probe of another's
# competes for the CPU.  dI becomes ready 50 ms (muster's start-up is
# over) plus I READY_PAIRS-ths of the 0.1 s poll interval after it
# started, so that the pairs meet the polled probes at every phase.
# Sets pairs to the seconds from dI's readiness to aI's start, one a
# pair, or returns 1 with why set.
ready_run() {
	local kind=$1 dir i n=$READY_PAIRS d t
	local -a cmd

	dir=$(newdir "ready-$kind")
	for ((i = 0; i < n; i++)); do
		ready_spec "$kind" "$i"
		d=$(awk -v i="$i" -v n="$n" 'BEGIN { print 0.05 + 0.1 * i / n }')
		printf 'd%d: exec %s -k %s -d %s %s/d%d.t %s\n' "$i" "$STAMP" \
		    "$kind" "$d" "$dir" "$i" "$arg"
		printf 'a%d: exec %s %s/a%d.t\n' "$i" "$STAMP" "$dir" "$i"
	done >"$dir/Procfile"
	for ((i = 0; i < n; i++)); do
		ready_spec "$kind" "$i"
		printf '[d%d]\n%s\n' "$i" "$spec"
		((i > 0)) && printf 'after = a%d\n' $((i - 1))
		printf '[a%d]\nready = line 1\nafter = d%d\n' "$i" "$i"
	done >"$dir/muster.ini"
	# A base port of its own: others may use 5000 and up.
	cmd=("${bin[muster]}" start -f "$dir/Procfile" --socket "$dir/sock"
	    -p $((20000 + RANDOM % 20000)))
	probe_exec "$dir" "$LINES_LIMIT" -l "$LINES_LIMIT" -n "$n" -w 10 -- \
	    "${cmd[@]}"
	pairs=
	if [[ -z $why ]]; then
		for ((i = 0; i < n; i++)); do
			if ! t=$(awk 'FNR == 1 { v[++k] = $1 }
			    END { if (k == 2) print v[2] - v[1]; else exit 1 }' \
			    "$dir/d$i.t" "$dir/a$i.t" 2>/dev/null); then
				why="no time from the pair d$i and a$i"
				break
			fi
			pairs+="$t "
		done
	fi
	reap "$dir"
	rm -rf "$dir"
	[[ -z $why ]]
}

# ready_case: one run of ready_run for each kind: the median and the
# slowest of its pairs; and the baseline (raw), READY_PAIRS plain forks
# and execs by stamp -b of the dependents' command, its median shown
# beside each kind.
ready_case() {
	local kind key dir
	local -a keys

	for kind in "${READY_KINDS[@]}"; do
		key=ready-$kind-$READY_PAIRS
		skip "$key" muster && continue
		if ! ready_run "$kind"; then
			fail "$key" "ready-max-$kind-$READY_PAIRS" muster
			continue
		fi
		samples[$key/muster]+="$(median_of "$pairs") "
		samples[ready-max-$kind-$READY_PAIRS/muster]+="$(tr ' ' '\n' \
		    <<<"$pairs" | sort -g | tail -n 1) "
		log "  $kind: $pairs"
	done
	keys=("${READY_KINDS[@]/#/ready-}")
	keys=("${keys[@]/%/-$READY_PAIRS}")
	skip "${keys[0]}" raw && return 0
	dir=$(newdir ready-raw)
	(cd "$dir" && exec timeout 60 "$STAMP" -b "$READY_PAIRS" "$dir/t" \
	    "exec $STAMP -x $dir/t") >"$dir/out" 2>"$dir/err"
	out=$(cat "$dir/out")
	why=
	[[ -n $(value raw) ]] || why=$(tail -n 1 "$dir/err")
	reap "$dir"
	rm -rf "$dir"
	if [[ -n $why ]]; then
		fail "${keys[@]}" raw
		return 0
	fi
	for key in "${keys[@]}"; do
		samples[$key/raw]+="$(value raw) "
	done
	log "  raw: $(value raws)"
}

# chain_run KIND: one muster with CHAIN_N types tI, each printing a line
# and waiting, in order (KIND chain: tI after t(I-1)), in order and each
# ready on its line (KIND line), or in no order at all (KIND none): sets
# out to the probe's, whose elapsed is the time until the last line has
# come; or returns 1 with why set.
chain_run() {
	local kind=$1 dir i

	dir=$(newdir "chain-$kind")
	for ((i = 0; i < CHAIN_N; i++)); do
		printf 't%d: echo 1; exec sleep 600\n' "$i"
	done >"$dir/Procfile"
	# No muster.ini at all for the types in no order.
	if [[ $kind != none ]]; then
		for ((i = 1; i < CHAIN_N; i++)); do
			printf '[t%d]\nafter = t%d\n' "$i" $((i - 1))
			[[ $kind == line ]] && printf 'ready = line 1\n'
		done >"$dir/muster.ini"
		[[ $kind == line ]] &&
			printf '[t0]\nready = line 1\n' >>"$dir/muster.ini"
	fi
	probe_exec "$dir" "$LINES_LIMIT" -l "$LINES_LIMIT" -n "$CHAIN_N" \
	    -w 30 -- "${bin[muster]}" start -f "$dir/Procfile" \
	    --socket "$dir/sock"
	reap "$dir"
	rm -rf "$dir"
	[[ -z $why ]]
}

# chain_case: one run of each chain_run, in turn: the types without
# after are the raw figure of both ordered ones.
chain_case() {
	local kind key subject
	local -A as=([chain]="chain-$CHAIN_N/muster"
	    [line]="chainline-$CHAIN_N/muster" [none]="chain-$CHAIN_N/raw")

	for kind in chain line none; do
		key=${as[$kind]%/*} subject=${as[$kind]#*/}
		skip "$key" "$subject" && continue
		if ! chain_run "$kind"; then
			fail "$key" "$subject"
			continue
		fi
		samples[${as[$kind]}]+="$(value elapsed) "
		[[ $kind == none ]] &&
			samples[chainline-$CHAIN_N/raw]+="$(value elapsed) "
		log "  $kind: ${out//$'\n'/ }"
	done
}

# count KEY/SUBJECT: the number of its good runs.
count() {
	local -a v

	read -ra v <<<"${samples[$1]:-}"
	printf '%d' "${#v[@]}"
}

# median KEY/SUBJECT: the median of its samples, empty when it has none.
median() {
	median_of "${samples[$1]:-}"
}

# median_of FIGURES: the median of the figures (separated by spaces),
# empty when there are none.
median_of() {
	tr ' ' '\n' <<<"$1" | sort -g |
		awk 'NF { v[++n] = $1 }
		END {
			if (n % 2)
				print v[(n + 1) / 2]
			else if (n)
				print (v[n / 2] + v[n / 2 + 1]) / 2
		}'
}

# fmt KIND VALUE: a figure for the table.
fmt() {
	awk -v kind="$1" -v v="$2" 'BEGIN {
		if (kind == "rate" && v >= 1e6)
			printf "%.2f M", v / 1e6
		else if (kind == "rate" && v >= 1e3)
			printf "%.1f k", v / 1e3
		else if (kind == "ms" && v < 0.01)
			printf "%.2f ms", v * 1000
		else if (kind == "ms" && v < 0.1)
			printf "%.1f ms", v * 1000
		else if (kind == "ms")
			printf "%.0f ms", v * 1000
		else if (kind == "us")
			printf "%.0f µs", v * 1e6
		else if (kind == "kib")
			printf "%d KiB", v
		else if (kind == "pct")
			printf "%.1f %%", v * 100
		else if (kind == "bytes")
			printf "%.0f B", v
		else if (kind == "ratio" && v >= 10)
			printf "%.0f×", v
		else if (kind == "ratio" && v >= 0.95)
			printf "%.1f×", v
		else if (kind == "ratio")
			printf "%.2g×", v
		else
			printf "%.0f", v
	}'
}

# cell KEY SUBJECT KIND: SUBJECT's figure for KEY, with how many runs it
# rests on when some failed.
cell() {
	local k=$1/$2 m good bad=${nfail[$1/$2]:-0}

	m=$(median "$k")
	good=$(count "$k")
	if [[ $2 == foreman && -n $no_foreman ]]; then
		printf 'n/a: %s' "$no_foreman"
	elif [[ -n ${no_node[$2]:-} ]]; then
		printf 'n/a: %s' "${no_node[$2]}"
	elif [[ -z $m ]] && ((bad > 0)); then
		printf 'failed¹'
	elif [[ -z $m ]]; then
		printf '—'
	elif ((bad > 0)); then
		printf '%s (%d of %d runs)¹' "$(fmt "$3" "$m")" "$good" \
		    $((good + bad))
	else
		fmt "$3" "$m"
	fi
}

# ratio KEY A B: A's median over B's, empty without both.
ratio() {
	local a b

	a=$(median "$1/$2")
	b=$(median "$1/$3")
	[[ -n $a && -n $b ]] || return 0
	awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) print a / b }'
}

# at_least A B, at_most A B: compare two decimal numbers.
at_least() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'
}
at_most() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'
}

# met KEY SUBJECT RF RR: whether SUBJECT meets KEY's target, given the
# ratios; empty when there is no target or no figure.
met() {
	local m

	case ${TARGET[$1]:-} in
	"") ;;
	ratio)
		[[ -n $3 && -n $4 ]] || return 0
		at_least "$3" 100 && at_least "$4" 0.5 && echo yes || echo no
		;;
	raw)
		[[ -n $4 ]] || return 0
		at_least "$4" 0.5 && echo yes || echo no
		;;
	*)
		m=$(median "$1/$2")
		[[ -n $m ]] || return 0
		at_most "$m" "${TARGET[$1]%%|*}" && echo yes || echo no
		;;
	esac
}

# failures LABEL KEY SUBJECT...: a footnote line for each subject that
# failed runs of KEY, for after the table.
failures() {
	local label=$1 key=$2 s reasons

	shift 2
	for s in "$@"; do
		((${nfail[$key/$s]:-0} > 0)) || continue
		# Each distinct reason once, with how often it happened.
		reasons=$(printf '%s' "${whys[$key/$s]}" | sort | uniq -c |
			sed 's/^ *\([0-9]*\) \(.*\)/\2 (×\1)/' |
			paste -sd ';' | sed 's/;/; /g')
		printf -- '- %s, %s: %s\n' "$s" "$label" "$reasons"
	done
}

# row LABEL KEY KIND [SUBJECT]: one line of the table, for muster or
# (SUBJECT static) for the static build alone, which has no targets.  The
# ratio columns divide muster's figure by the other's, whatever the unit:
# above 1 is better for lines/s, below 1 for times, sizes and calls.
row() {
	local label=$1 key=$2 kind=$3 main=${4:-muster} rf='' rr='' t=''
	local -a cells shown=("$main")

	if [[ $main == muster ]]; then
		rf=$(ratio "$key" muster foreman)
		rr=$(ratio "$key" muster raw)
		shown+=(foreman raw)
		cells=("$(cell "$key" muster "$kind")"
		    "$(cell "$key" foreman "$kind")"
		    "$(cell "$key" raw "$kind")")
		case ${TARGET[$key]:-} in
		"") ;;
		ratio) t="≥ 100× foreman, ≥ 0.5× raw" ;;
		raw) t="≥ 0.5× raw" ;;
		*) t=${TARGET[$key]#*|} ;;
		esac
	else
		cells=("$(cell "$key" "$main" "$kind")" — —)
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" \
	    "${cells[@]}" \
	    "$([[ -n $rf ]] && fmt ratio "$rf" || echo —)" \
	    "$([[ -n $rr ]] && fmt ratio "$rr" || echo —)" \
	    "${t:-—}" "$([[ -n $t ]] && met "$key" "$main" "$rf" "$rr" |
		grep . || echo —)"
	failures "$label" "$key" "${shown[@]}" >>"$ROOT/failures"
}

# node_row LABEL KEY KIND: one line of the table of muster against the
# Node supervisors; muster's failures are footnoted by row already.
node_row() {
	local label=$1 key=$2 kind=$3 rc rn

	rc=$(ratio "$key" muster concurrently)
	rn=$(ratio "$key" muster nf)
	printf '| %s | %s | %s | %s | %s | %s |\n' "$label" \
	    "$(cell "$key" muster "$kind")" \
	    "$(cell "$key" concurrently "$kind")" \
	    "$(cell "$key" nf "$kind")" \
	    "$([[ -n $rc ]] && fmt ratio "$rc" || echo —)" \
	    "$([[ -n $rn ]] && fmt ratio "$rn" || echo —)"
	failures "$label" "$key" concurrently nf >>"$ROOT/failures"
}

# num N: N with spaces between thousands, as in the labels.
num() {
	local s=$1 r=

	while ((${#s} > 3)); do
		r=" ${s: -3}$r"
		s=${s:0:${#s}-3}
	done
	printf '%s' "$s$r"
}

# derive KEY EXPR A B: sets KEY/muster's one sample to awk's EXPR of a and
# b, the medians of A and B (KEY/SUBJECT each), when both have figures:
# the rows that compare two of muster's own figures.
derive() {
	local a b

	a=$(median "$3")
	b=$(median "$4")
	[[ -n $a && -n $b ]] || return 0
	samples[$1/muster]=$(awk -v a="$a" -v b="$b" "BEGIN { print $2 }")
}

# memory WHAT KEY [SUBJECT]: the rows of peak RSS and private memory, one
# beside the other.
memory() {
	row "peak RSS, $1" "rss-$2" kib "${3:-muster}"
	row "private memory, $1" "priv-$2" kib "${3:-muster}"
}

table() {
	local n relay4 full kind

	relay4="4 × $(num "$RELAY_LINES") lines"
	full="$FULL_N instances with full scrollback"
	full+=" ($(num "$FULL_LINES") lines of 100 B each)"
	# What the scrollback costs the relay (the lines/s it loses), what
	# a restart adds to a plain fork and exec, what each type of a chain
	# ready on its line costs, and what a kept line of 100 B costs in
	# memory (KiB to bytes).
	derive "sbcost-4x$RELAY_LINES" '1 - a / b' \
	    "relay-4x$RELAY_LINES/muster" "relay-4x$RELAY_LINES/noscroll"
	derive "echo-extra-$ECHO_KEYS" 'a - b' \
	    "echo-$ECHO_KEYS/muster" "echo-$ECHO_KEYS/raw"
	derive "restart-extra-$RESTART_N" 'a - b' \
	    "restart-$RESTART_N/muster" "restart-$RESTART_N/raw"
	derive "chainlink-$CHAIN_N" "a / $CHAIN_N" \
	    "chainline-$CHAIN_N/muster" "chainline-$CHAIN_N/muster"
	derive "sbline-$FULL_N" "(a - b) * 1024 / ($FULL_N * $FULL_LINES)" \
	    "priv-sbfull-$FULL_N/muster" "priv-sbfull-$FULL_N/noscroll"
	: >"$ROOT/failures"
	echo "| measure | muster | foreman | raw pipe | muster ÷ foreman |" \
	    "muster ÷ raw | target | met |"
	echo "|---|--:|--:|--:|--:|--:|---|---|"
	row "relay, $relay4 (lines/s)" "relay-4x$RELAY_LINES" rate
	row "relay, 64 × $(num "$WIDE_LINES") lines (lines/s)" \
	    "relay-64x$WIDE_LINES" rate
	row "relay, 4 × $(num "$LONG_LINES") lines of 500 B (lines/s)" \
	    "relay-4x${LONG_LINES}x500" rate
	row "relay, $relay4, muster --scrollback 0 (lines/s)" \
	    "relay-4x$RELAY_LINES" rate noscroll
	row "relay, $relay4: lines/s lost to the scrollback" \
	    "sbcost-4x$RELAY_LINES" pct
	row "relay, 4 × $(num "$TTY_LINES") lines of 80 B, tty = true$(
	    ) (lines/s; raw: the same on pipes)" "ttyrelay-4x$TTY_LINES" rate
	for n in "${START_SIZES[@]}"; do
		row "start-up, $n children" "start-$n" ms
	done
	for n in "${STOP_SIZES[@]}"; do
		row "shutdown, $n children" "stop-$n" ms
	done
	row "start order: $CHAIN_N types, each after the one before, no$(
	    ) ready key, until the last one's line (raw: without after)" \
	    "chain-$CHAIN_N" ms
	row "start order: the same, each ready = line of its line (raw:$(
	    ) without after)" "chainline-$CHAIN_N" ms
	row "start order with ready = line: each type of the chain, its$(
	    ) fork, exec, line and readiness" "chainlink-$CHAIN_N" ms
	for kind in "${READY_KINDS[@]}"; do
		row "ready = $kind: from readiness to the dependent's start,$(
		    ) median of $READY_PAIRS (raw: fork and exec)" \
		    "ready-$kind-$READY_PAIRS" ms
		[[ $kind == port || $kind == http || $kind == exec ]] &&
			row "ready = $kind: the same, the slowest of$(
			    ) $READY_PAIRS" "ready-max-$kind-$READY_PAIRS" ms
	done
	for n in "${STATUS_SIZES[@]}"; do
		row "status round trip, $n instances (raw: muster version)" \
		    "status-$n" ms
	done
	row "restart p.1 until its new process's line, $RESTART_N instances" \
	    "restart-$RESTART_N" ms
	row "restart p.1 beyond a plain fork and exec of its command" \
	    "restart-extra-$RESTART_N" ms
	row "restart p.1 until the client exits" "restart-reply-$RESTART_N" ms
	row "keystroke echo through muster connect, median of$(
	    ) $ECHO_KEYS keys (raw: a direct pty)" "echo-$ECHO_KEYS" us
	row "keystroke echo through muster connect, 95th percentile$(
	    ) (raw: a direct pty)" "echo-p95-$ECHO_KEYS" us
	row "keystroke echo: what muster connect adds to a direct pty$(
	    ) (medians)" "echo-extra-$ECHO_KEYS" us
	memory "4 children relaying $relay4" "relay-4x$RELAY_LINES"
	memory "4 children relaying $relay4, muster --scrollback 0" \
	    "relay-4x$RELAY_LINES" noscroll
	for n in "${STOP_SIZES[@]}"; do
		memory "$n children" "$n"
	done
	memory "$full" "sbfull-$FULL_N"
	memory "$full, muster --scrollback 0" "sbfull-$FULL_N" noscroll
	row "scrollback memory per 100-byte line kept" "sbline-$FULL_N" bytes
	if [[ -n $STATIC ]]; then
		memory "muster-static, 4 children relaying $relay4" \
		    "relay-4x$RELAY_LINES" static
		for n in "${STOP_SIZES[@]}"; do
			memory "muster-static, $n children" "$n" static
		done
	fi
	row "children gone after SIGKILL to the supervisor, $ORPHAN_N children" \
	    "orphan-$ORPHAN_N" ms
	memory "muster's guard, $ORPHAN_N children" "guard-$ORPHAN_N"
	row "system calls in $IDLE_SECS s idle, $IDLE_N silent children,$(
	    ) control socket open, no client" "idle-$IDLE_N" count
	row "check, $(num "$CHECK_N") Procfile entries" \
	    "check-procfile-$CHECK_N" ms
	row "check, $(num "$CHECK_N") env keys" "check-env-$CHECK_N" ms
	echo
	echo "muster's relay against the Node supervisors, from the same runs:"
	echo
	echo "| measure | muster | concurrently | nf | muster ÷ concurrently |" \
	    "muster ÷ nf |"
	echo "|---|--:|--:|--:|--:|--:|"
	node_row "relay, $relay4 (lines/s)" "relay-4x$RELAY_LINES" rate
	node_row "relay, 64 × $(num "$WIDE_LINES") lines (lines/s)" \
	    "relay-64x$WIDE_LINES" rate
	node_row "relay, 4 × $(num "$LONG_LINES") lines of 500 B (lines/s)" \
	    "relay-4x${LONG_LINES}x500" rate
	node_row "peak RSS, 4 children relaying $relay4" \
	    "rss-relay-4x$RELAY_LINES" kib
	node_row "private memory, 4 children relaying $relay4" \
	    "priv-relay-4x$RELAY_LINES" kib
	if [[ -s $ROOT/failures ]]; then
		echo
		echo "¹ Failed runs, whose figures are left out:"
		echo
		cat "$ROOT/failures"
	fi
}

# machine: what the figures were measured on, and with what.
machine() {
	local cpu mem

	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal:/ { printf("%.1f GiB", $2 / 1048576) }' \
	    /proc/meminfo)
	echo "- CPU: ${cpu:-unknown}, $(grep -c '^processor' /proc/cpuinfo)" \
	    "in /proc/cpuinfo, nproc $(nproc)"
	echo "- memory: $mem"
	echo "- kernel: $(uname -r)"
	echo "- Debian: $(cat /etc/debian_version 2>/dev/null || echo unknown)"
	echo "- muster: $version, commit $commit"
	if [[ -n $no_foreman ]]; then
		echo "- foreman: none ($no_foreman)"
	else
		echo "- foreman: $(foreman version 2>&1 | head -n 1)"
	fi
	echo "- Node.js: $(node --version 2>/dev/null || echo none)"
	node_line concurrently concurrently
	node_line nf "node-foreman (nf)"
}

# node_line SUBJECT NAME: the line of machine() for a Node supervisor.
node_line() {
	if [[ -n ${no_node[$1]:-} ]]; then
		echo "- $2: none (${no_node[$1]})"
	else
		echo "- $2: ${node_version[$1]}"
	fi
}

report() {
	local took=$1 runs="median of $RUNS runs"

	((RUNS == 1)) && runs="1 run each"
	echo "# muster benchmarks"
	echo
	echo "Written by \`bench/run.sh\` ($mode mode, $runs) on" \
	    "$(date -u '+%Y-%m-%d %H:%M UTC'), in $took s."
	echo
	machine
	echo
	table
	echo
	echo "Ratios are of the medians above, all from this one run of the" \
	    "runner. Targets apply to muster's dynamic build;" \
	    "bench/README.md explains each row. Nothing here is asserted."
}

# seq_digits N: how many digits seq N writes.
seq_digits() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) d += length(i)
	    print d }'
}

# describe: muster's version and commit, taken before measuring.
describe() {
	version=$("${bin[muster]}" version 2>&1 | head -n 1)
	commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null ||
	    echo unknown)
	# Others change src/ between commits: say when the build has more.
	[[ -n $(git -C "$REPO" status --porcelain -- src 2>/dev/null) ]] &&
		commit+=", with uncommitted changes in src/"
}

main() {
	local run n start=$SECONDS long text

	[[ -x $MUSTER && -x $PROBE && -x $STAMP ]] || {
		log "bench: build first: make muster bench/probe bench/stamp"
		exit 1
	}
	declare -gA bin=([muster]=$(snapshot "$MUSTER")
	    [static]=$(snapshot "$STATIC"))
	describe
	no_foreman=
	need foreman ruby-foreman || no_foreman="foreman not installed"
	no_strace=
	need strace strace || no_strace="strace not installed"
	declare -gA no_node=() node_version=()
	declare -ga client=()
	node_need
	# 500 digits, so that the probe counts the line as data.
	long=$(printf '7%.0s' {1..500})
	for ((run = 1; run <= RUNS; run++)); do
		log "bench: run $run of $RUNS ($mode)"
		log " relay 4 x $RELAY_LINES"
		relay "relay-4x$RELAY_LINES" 4 "$RELAY_LINES" \
		    "$(seq_digits "$RELAY_LINES")" \
		    "seq $RELAY_LINES; exec sleep 600"
		log " relay 64 x $WIDE_LINES"
		relay "relay-64x$WIDE_LINES" 64 "$WIDE_LINES" \
		    "$(seq_digits "$WIDE_LINES")" \
		    "seq $WIDE_LINES; exec sleep 600"
		log " relay 4 x $LONG_LINES x 500 B"
		relay "relay-4x${LONG_LINES}x500" 4 "$LONG_LINES" \
		    $((LONG_LINES * 500)) \
		    "yes $long | head -n $LONG_LINES; exec sleep 600"
		for n in $(printf '%s\n' "${START_SIZES[@]}" "${STOP_SIZES[@]}" |
		    sort -nu); do
			log " lifecycle $n"
			lifecycle "$n"
		done
		for n in "${STATUS_SIZES[@]}"; do
			log " status, $n instances"
			status_case "$n"
		done
		log " restart, $RESTART_N instances"
		restart_case
		log " relay on terminals, 4 x $TTY_LINES x 80 B"
		tty_relay
		log " keystroke echo, $ECHO_KEYS keys"
		echo_case
		log " full scrollback, $FULL_N instances"
		full_scrollback
		log " SIGKILL to the supervisor, $ORPHAN_N children"
		orphans
		log " idle $IDLE_N"
		idle
		log " check $CHECK_N"
		check_case procfile
		check_case env
		log " readiness to a dependent's start, $READY_PAIRS pairs each"
		ready_case
		log " start order, a chain of $CHAIN_N types"
		chain_case
	done
	text=$(report $((SECONDS - start)))
	printf '%s\n' "$text"
	[[ $mode == full ]] || return 0
	{
		printf '%s\n' "$text"
		if [[ -f bench/NOTES.md ]]; then
			echo
			echo "<!-- bench/NOTES.md, verbatim -->"
			echo
			cat bench/NOTES.md
		fi
	} >"$ROOT/RESULTS.md" && mv "$ROOT/RESULTS.md" bench/RESULTS.md
	log "bench: wrote bench/RESULTS.md"
}

main

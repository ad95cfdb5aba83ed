#!/bin/bash
# make check-valgrind: the unit tests, then a representative set of system
# scenarios with muster under valgrind (memcheck, full leak check). Fails
# when a unit test or scenario fails or when valgrind reported anything.
#
# usage: bash tests/valgrind/check.sh MUSTER UNIT_BIN...

here=$(cd "$(dirname "$0")" && pwd)
muster=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift

# shellcheck disable=SC2054 # the commas are valgrind's
vg=(valgrind -q --error-exitcode=1 --leak-check=full
    --errors-for-leak-kinds=definite,indirect,possible)

# Check forks each test by default; valgrind must see them in one process.
for t in "$@"; do
	CK_FORK=no "${vg[@]}" "./$t" || exit 1
done

# Every scenario but these: the ones that count muster's own system calls
# (valgrind makes its own; t_ready_idle counts them once the probes are
# done), that exhaust or read the descriptor limit
# (valgrind keeps descriptors of its own and reports a limit of its own),
# that close muster's stdout (valgrind's log takes its place), that bound
# muster's peak memory (valgrind's own swamps it), the heaviest (8 million
# lines, 1000 instances, 256 containers: far past their deadlines under
# valgrind; the sanitizer build runs them), and t_check_large, which
# measures how fast check reads 100 000 entries and keys against a 10 s
# limit that valgrind's slowdown alone passes (the unit suites parse 20 000
# of each under valgrind), and t_run_exit_codes, 256 runs of muster that
# take 0.7 s each under valgrind, too close to the 120 s a scenario gets
# on two cores (t_run_env and t_run_signals run `run` under valgrind), and
# t_load_grandchild_pipe, whose grandchild writes as soon as libev's
# waitpid has reaped its parent: muster, slowed down fifty times, takes
# its measure of the pipe only when its child callback runs, by which
# time a native writer has filled the pipe.
skip=' t_start_idle t_ctl_idle t_ready_idle t_start_restart_held_pipe t_start_spawn_fail
    t_start_child_limits t_start_stdout_closed t_load_stalled_ends
    t_load_stalled_restarts t_load_8x1m t_load_formation_1000
    t_pid1_exit_codes t_check_large t_run_exit_codes
    t_load_grandchild_pipe '

scenarios=()
for t in "$here"/../system/t_*.sh; do
	name=$(basename "$t" .sh)
	case $skip in
	*" $name "* | *" $name"$'\n'*) continue ;;
	esac
	scenarios+=("$t")
done

VG_LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/muster-vg.XXXXXX")
# The wrapper finds valgrind even where a scenario empties PATH.
VG_BIN=$(command -v valgrind) || { echo "valgrind: not found" >&2; exit 1; }
export VG_LOGDIR VG_MUSTER="$muster" VG_BIN
MUSTER=$here/muster bash "$here/../system/run.sh" "${scenarios[@]}"
rc=$?
reports=0
for f in "$VG_LOGDIR"/vg.*; do
	[ -s "$f" ] || continue
	reports=$((reports + 1))
	echo "--- valgrind report $(basename "$f")"
	cat "$f"
done
rm -rf "$VG_LOGDIR"
echo "valgrind: ${#scenarios[@]} scenarios, $reports reports"
[ "$rc" -eq 0 ] && [ "$reports" -eq 0 ]

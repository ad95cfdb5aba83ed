#!/bin/bash
# Runs every system scenario (t_*.sh), each in its own temporary directory,
# JOBS at a time (default: the number of CPUs), and ends with the line
# "N passed, N failed". A passing scenario's lines that start with "note: "
# are shown, indented, after its PASS line.
#
# usage: MUSTER=/path/to/muster bash tests/system/run.sh [t_name.sh ...]

here=$(cd "$(dirname "$0")" && pwd)
: "${MUSTER:=$here/../../muster}"
: "${JOBS:=$(nproc 2>/dev/null || echo 1)}"
export MUSTER
export TESTS_DIR="$here"

if [ $# -eq 0 ]; then
	set -- "$here"/t_*.sh
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/muster-results.XXXXXX")

# run_one NAME: runs a scenario; its status and log go to $results.
run_one() {
	dir=$(mktemp -d "${TMPDIR:-/tmp}/muster-test.XXXXXX")
	(cd "$dir" && timeout -k 5 120 bash "$here/$1.sh") \
	    >"$results/$1.log" 2>&1
	echo $? >"$results/$1.rc"
	rm -rf "$dir"
}

running=0
for t in "$@"; do
	name=$(basename "$t" .sh)
	run_one "$name" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

passed=0
failed=0
skipped=0
failed_names=
for t in "$@"; do
	name=$(basename "$t" .sh)
	rc=$(cat "$results/$name.rc")
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name"
		# A scenario's "note: " lines (a measure, say) follow its PASS.
		sed -n 's/^note: /    &/p' "$results/$name.log"
	elif [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIP $name: $(tail -n 1 "$results/$name.log")"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name (exit $rc)"
		sed 's/^/    | /' "$results/$name.log" | tail -n 40
	fi
done
rm -rf "$results"
[ -n "$failed_names" ] && echo "failed:$failed_names"
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]

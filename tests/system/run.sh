#!/bin/sh
# Runs every system scenario (t_*.sh), each in its own temporary directory,
# and ends with the line "N passed, N failed".
#
# usage: MUSTER=/path/to/muster sh tests/system/run.sh [t_name.sh ...]

here=$(cd "$(dirname "$0")" && pwd)
: "${MUSTER:=$here/../../muster}"
export MUSTER
export TESTS_DIR="$here"

if [ $# -eq 0 ]; then
	set -- "$here"/t_*.sh
fi

passed=0
failed=0
skipped=0
failed_names=
for t in "$@"; do
	name=$(basename "$t" .sh)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/muster-test.XXXXXX")
	log="$dir.log"
	(cd "$dir" && timeout -k 5 120 bash "$here/$name.sh") >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIP $name: $(tail -n 1 "$log")"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name (exit $rc)"
		sed 's/^/    | /' "$log" | tail -n 40
	fi
	rm -rf "$dir" "$log"
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]

# muster run exits with its command's status: 0..255 as is, 128+n for signal n, 127 not found, 126 not executable.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# Every exit code, as tini's sweep does; eight workers keep it fast.
# Each prints "CODE STATUS" for every code it tried.
sweep() {
	local n
	for n in $(seq "$1" 8 255); do
		"$MUSTER" run sh -c "exit $n" >/dev/null 2>&1 </dev/null
		echo "$n $?"
	done
}
for k in 0 1 2 3 4 5 6 7; do
	sweep "$k" >"sweep.$k" &
done
wait
cat sweep.* >sweep
assert_eq 256 "$(sort -un sweep | wc -l | tr -d ' ')" "exit codes tried"
awk '$1 != $2' sweep >mismatches
[ -s mismatches ] && fail "exit codes not passed through (code status): $(head -n 5 mismatches | tr '\n' ' ')"

# run_status EXPECTED ARG...: `muster run ARG...` exits EXPECTED.
run_status() {
	local want=$1 rc
	shift
	"$MUSTER" run "$@" >out 2>err </dev/null
	rc=$?
	assert_eq "$want" "$rc" "exit status of 'muster run $*'"
}

# Killed by a signal: 128+n.
run_status 143 sh -c 'kill -TERM $$'
run_status 137 sh -c 'kill -KILL $$'
run_status 129 sh -c 'kill -HUP $$'
run_status 138 sh -c 'kill -USR1 $$'
[ -s err ] && fail "muster wrote to stderr for a killed command"

# Not found: 127, with muster's message.
run_status 127 no-such-command-xyz
assert_grep '^muster: .*no-such-command-xyz' err
[ -s out ] && fail "stdout not empty"
run_status 127 ./no-such-file
assert_grep '^muster: .*no-such-file' err
PATH=/nonexistent "$MUSTER" run true >out 2>err </dev/null
assert_eq 127 "$?" "exit status of run true without a PATH that has it"
assert_grep '^muster: .*true' err

# Not executable: 126, with muster's message.
printf '#!/bin/sh\necho should not run\n' >script
chmod 644 script
run_status 126 ./script
assert_grep '^muster: .*script' err
[ -s out ] && fail "the non-executable script ran"
mkdir adir
run_status 126 ./adir
assert_grep '^muster: .*adir' err
# Found through PATH but not executable is 126 as well.
mkdir bin
cp script bin/mytool
PATH="$PWD/bin:$PATH" run_status 126 mytool
assert_grep '^muster: .*mytool' err

# An executable without #! runs through /bin/sh, as execvp does.
printf 'echo "plain script $1"\nexit 9\n' >plain
chmod 755 plain
run_status 9 ./plain arg
assert_eq "plain script arg" "$(cat out)" "output of a script without #!"

# A Procfile entry reports its command's status too.
printf 'fails: exit 42\nkilled: kill -TERM $$\nmissing: no-such-command-xyz\n' >Procfile
run_status 42 fails
run_status 143 killed
run_status 127 missing
exit 0

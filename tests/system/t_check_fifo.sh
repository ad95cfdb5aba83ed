# A FIFO or device as the Procfile, .env or muster.ini that muster picks up by itself is refused at once ("not a regular file"), by check, start and run alike; one named with -f, -e or --config is read as a pipe, to its end.
# shellcheck disable=SC2317
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

# Every run of muster is bounded: an open(2) that blocks for ever on a
# FIFO exits 124 here, not after the runner's two minutes.
REAL_MUSTER=$MUSTER
MUSTER=$PWD/muster-10s
printf '#!/bin/sh\nexec timeout 10 "%s" "$@"\n' "$REAL_MUSTER" >"$MUSTER"
chmod +x "$MUSTER"

fifo_env() {
	procfile2
	mkfifo .env
	bad -r web 1
	assert_eq "muster: .env: not a regular file" "$(<err)" "error"
	refused "run COMMAND" run touch started
	errors_are "run touch started" "muster: .env: not a regular file"
}

fifo_ini() {
	procfile2
	mkfifo muster.ini
	bad -r web 1
	assert_eq "muster: muster.ini: not a regular file" "$(<err)" "error"
}

fifo_procfile() {
	mkfifo Procfile
	bad -r web 1
	assert_eq "muster: Procfile: not a regular file" "$(<err)" "error"
	# Beside a Procfile named by -f, the muster.ini found there.
	mkdir app
	printf 'web: %s\n' "$CMD" >app/Procfile
	mkfifo app/muster.ini
	bad -r web 1 -f app/Procfile
	has_line 'muster: app/muster.ini: ' 'not a regular file'
}

# A device, reached through a symlink.
device_env() {
	procfile2
	ln -s /dev/zero .env
	bad -r web 1
	has_line 'muster: .env: ' 'not a regular file'
}

# A symlink to a regular file is a regular file.
symlinks_fine() {
	printf 'web: echo "$A"\n' >Procfile.real
	printf 'A=linked\n' >env.real
	ln -s Procfile.real Procfile
	ln -s env.real .env
	"$MUSTER" run web >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of run web"
	assert_eq linked "$(cat out)" "A through .env -> env.real"
}

# Named, a pipe is read to its end: process substitution, and a FIFO with
# a writer of its own.
named_pipes() {
	local writer
	"$MUSTER" run -e <(printf 'A=from-pipe\n') printenv A >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of run -e <(...)"
	assert_eq from-pipe "$(cat out)" "A from a pipe"
	"$MUSTER" check -f <(printf 'web: x\nworker: y\n') >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of check -f <(...)"
	assert_eq "valid procfile detected (web, worker)" "$(cat out)" "check -f <(...)"
	"$MUSTER" run --config <(printf '[muster]\nport = 6123\n') \
	    -f <(printf 'web: echo "$PORT"\n') web >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of run --config <(...) web"
	assert_eq 6123 "$(cat out)" "PORT from a piped muster.ini"
	procfile2
	mkfifo vault.env
	# The writer's open(2) waits for muster's: either may come first.
	printf 'B=later\n' >vault.env &
	writer=$!
	"$MUSTER" run -e vault.env printenv B >out 2>err </dev/null
	assert_eq 0 "$?" "exit status of run -e FIFO"
	assert_eq later "$(cat out)" "B from a FIFO"
	wait "$writer"
	# A pipe is bounded as a file is (64 MiB take 20 s under valgrind:
	# no 10 s limit here, nothing blocks).
	"$REAL_MUSTER" check -e <(head -c 70000000 /dev/zero) >out 2>err </dev/null
	assert_eq 2 "$?" "exit status of check -e <(head -c 70000000 /dev/zero)"
	assert_grep '^muster: /dev/fd/[0-9]+: file too large \(over 67108864 bytes\)$' err
}

run_cases fifo_env fifo_ini fifo_procfile device_env symlinks_fine named_pipes
exit 0

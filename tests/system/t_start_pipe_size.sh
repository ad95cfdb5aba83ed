# When stdout is a pipe, muster asks the kernel for 1 MiB of room in it (or as much as the kernel allows).
. "$TESTS_DIR/lib.sh"

command -v python3 >/dev/null || skip "python3 is not installed"
cat >Procfile <<EOP
web: echo ready; sleep 30 # $MARK
EOP
# pipe_size PATH: the room of the FIFO at PATH (F_GETPIPE_SZ), read
# through a descriptor of its own that reads nothing.
pipe_size() {
	python3 -c 'import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
print(fcntl.fcntl(fd, 1032))' "$1"
}
max=$(cat /proc/sys/fs/pipe-max-size)
want=$((max < 1048576 ? max : 1048576))

start_muster_piped start
wait_for 'grep -q "web\.1 *| ready" piped'
assert_eq "$want" "$(pipe_size pipe)" "room of the stdout pipe"
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
exit 0

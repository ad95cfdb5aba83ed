# A tty process that closes its terminal (its stdio sent to a file, as a wrapper script's exec >>log 2>&1 does) runs on, as it would on pipes: its partial line is relayed with a newline when the terminal closes, and it ends by itself with its own status (exit 7, which stops the app with 7). muster closing the terminal's master must not hang it up (SIGHUP).
. "$TESTS_DIR/lib_tty.sh"

cat >Procfile <<EOP
quiet: printf 'partial'; exec </dev/null >log 2>&1; while [ ! -f stop ]; do sleep 0.02; done; echo bye; exit 7 # $MARK
EOP
printf '[quiet]\ntty = true\n' >muster.ini
start_muster start
wait_for 'grep -q "quiet\.1 *| started with pid" out'
quiet=$(pid_of_instance quiet.1)
# The terminal closed: no descriptor of quiet.1 is on it.
# shellcheck disable=SC2317 # called through wait_for
closed() {
	local fd
	for fd in /proc/"$quiet"/fd/*; do
		case $(readlink "$fd") in /dev/pts/*) return 1 ;; esac
	done
	return 0
}
wait_for closed
wait_for 'grep -q "quiet\.1 *| partial$" out'
touch stop
wait_muster
assert_eq "started with pid $quiet
partial
exited with code 7" "$(stream_lines quiet.1)" "quiet.1 on muster's stream"
assert_eq 7 "$MUSTER_STATUS" "exit status"
assert_eq "bye" "$(cat log)" "what quiet.1 wrote to its file"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

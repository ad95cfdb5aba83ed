# With a stdout nobody reads, a process that ignores SIGTERM still gets SIGKILL after -t and muster exits.
. "$TESTS_DIR/lib.sh"

stuck_stdout_stop 'trap "" TERM; ' 0.5 450 2500
exit 0

# With a stdout nobody reads, muster stops reading the processes (they block) yet SIGTERM still stops them within -t.
. "$TESTS_DIR/lib.sh"

stuck_stdout_stop '' 1 0 1500
exit 0

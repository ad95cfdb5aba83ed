# A process has only fds 0-2 from muster, an inherited extra fd is closed, and stdin is /dev/null.
. "$TESTS_DIR/lib.sh"

cat >Procfile <<EOP
web: ls -l /proc/self/fd >fds.txt; readlink /proc/\$\$/fd/0 >stdin.txt; cat; echo "cat ended"; sleep 30 # $MARK
EOP
exec 7>extra.txt
start_muster start
exec 7>&-
wait_for 'grep -q "web\.1 *| cat ended" out'
kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq /dev/null "$(cat stdin.txt)" "stdin"
# ls's own fd for /proc/self/fd aside, nothing but 0, 1, 2 (1 is fds.txt).
extra=$(awk 'NR > 1 && $9 !~ /^[012]$/ && $11 !~ /^\/proc\/[0-9]+\/fd$/' fds.txt)
assert_eq "" "$extra" "extra descriptors"
assert_no_grep 'extra\.txt' fds.txt
grep -q ' 2 -> pipe:' fds.txt || fail "stderr is not a pipe: $(cat fds.txt)"
exit 0

# ready = notify: READY=1 (with STATUS=, and a passed descriptor) to an instance's NOTIFY_SOCKET from a process outside its process group (a python3 the test starts, finding the path in /proc/PID/environ; a descendant that left with setsid) is refused with one system line per instance, its status not taken, its descriptor closed; the instance stays starting and waiting ones wait, until "not ready after N s" (on_exit = ignore: failed; the default: the app stops, exit 1).
. "$TESTS_DIR/lib_notify.sh"

cat >Procfile <<EOP
q: exec $SEND info:q.info
r: setsid -w $SEND info:r.info 'msg:b"STATUS=left the group\nREADY=1"' >/dev/null 2>&1
dep: echo dep started; sleep 30 # $MARK
EOP
# The timeouts leave time for the checks under valgrind.
cat >muster.ini <<EOI
[q]
ready = notify
ready_timeout = 8
[r]
ready = notify
ready_timeout = 2
on_exit = ignore
[dep]
after = q
EOI
t0=$(now_ms)
start_muster start
wait_for 'started q.1 r.1 && [ -s q.info ] && [ -s r.info ]'
q=$(pid_of_instance q.1)
r=$(pid_of_instance r.1)
read -r rpy _ rpgid <r.info
[ "$rpgid" != "$r" ] || fail "r's sender is still in r.1's process group"
sock=$(env_of "$q" NOTIFY_SOCKET) || fail "q.1 has no NOTIFY_SOCKET"

# From a process of the test's own: refused, said once; still starting,
# no status, dep still waiting.
$SEND --exit info:intruder.info --to "$sock" 'msg:b"STATUS=intruder\nREADY=1"' >intruder.out ||
	fail "the intruder could not send: $(cat intruder.out)"
read -r intruder _ _ <intruder.info
wait_for "grep -q 'system *| refused a message to q\\.1.s NOTIFY_SOCKET from pid $intruder: not of its process group' out"
assert_field q.1 state '"starting"'
assert_field q.1 status null
assert_field dep.1 state '"waiting"'
# Again, with a descriptor, which muster closes though it refuses.
$SEND --exit --to "$sock" 'fds:1:b"READY=1"' >intruder2.out ||
	fail "the intruder could not send: $(cat intruder2.out)"
assert_grep '^fds: eof$' intruder2.out
assert_field q.1 state '"starting"'
assert_eq 1 "$(count_lines 'refused a message to q\.1' out)" "refusals said for q.1"

# From r.1's descendant in a session of its own: refused too.
wait_for "grep -q 'system *| refused a message to r\\.1.s NOTIFY_SOCKET from pid $rpy: not of its process group' out"
assert_eq 1 "$(count_lines 'refused a message to r\.1' out)" "refusals said for r.1"
assert_no_grep '\| ready after|dep started' out

# r.1 is not ready in time: failed, and the rest runs on.
wait_for 'grep -q "r\.1 *| not ready after 2 s" out'
wait_for 'field_is r.1 state "\"failed\""'
assert_field r.1 status null
assert_field q.1 state '"starting"'
assert_field dep.1 state '"waiting"'
kill "$rpy" 2>/dev/null

# Nor q.1: the app stops with status 1, dep never started.
wait_for 'grep -q "q\.1 *| not ready after 8 s" out' 20
wait_muster
elapsed=$(($(now_ms) - t0))
assert_eq 1 "$MUSTER_STATUS" "exit status"
[ "$elapsed" -ge 8000 ] || fail "muster ended ${elapsed} ms after its start, before q's ready_timeout of 8 s"
assert_no_grep '\| ready after|dep started|dep\.1 *\| started' out
assert_eq 2 "$(count_lines 'refused a message' out)" "refusals said, one for each of q.1 and r.1"
assert_eq "" "$(marked_procs)" "processes left"

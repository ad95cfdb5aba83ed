# muster scale: a type grows by instances numbered after its highest, with ports by the formula, and shrinks by its highest-numbered, which leave status; a type not running starts from 0; scaled to nothing, muster runs on; unknown types and ports above 65535 are refused with nothing done; the name column widens.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: echo "ready \$PS \$PORT"; exec sleep 30 # $MARK
worker: trap 'exit 0' TERM; echo "ready \$PS \$PORT"; while :; do sleep 0.1; done # $MARK
EOP
start_muster start -p 60000 web
wait_for '[ "$(count_lines "\| ready " out)" -eq 1 ]'
web1=$(pid_of_instance web.1)

ctl_expect 0 scale web=3,worker=2
assert_eq "web.2 started, pid $(pid_of_instance web.2)
web.3 started, pid $(pid_of_instance web.3)
worker.1 started, pid $(pid_of_instance worker.1)
worker.2 started, pid $(pid_of_instance worker.2)" "$(cat ctl.out)" "reply of scale up"
wait_for '[ "$(count_lines "\| ready " out)" -eq 5 ]'
for want in "web.2 60001" "web.3 60002" "worker.1 60100" "worker.2 60101"; do
	assert_grep "\\| ready ${want% *} ${want#* }$" out
done
# The name column widened for worker.N (8 > "system").
assert_grep '^[0-9:]+ worker\.2 \| ready worker\.2 60101$' out
ctl_expect 0 status
assert_eq "web.1 web.2 web.3 worker.1 worker.2" \
    "$(awk 'NR > 1 { printf "%s%s", sep, $1; sep = " " }' ctl.out)" "status after scale up"

# Down: the highest-numbered go, and leave status; web.1 runs on.
ctl_expect 0 scale web=1 worker=1
# Each is told as it goes, in the order they end.
assert_eq "web.2 stopped
web.3 stopped
worker.2 stopped" "$(sort ctl.out)" "reply of scale down"
ctl_expect 0 status
assert_eq "web.1 worker.1" \
    "$(awk 'NR > 1 { printf "%s%s", sep, $1; sep = " " }' ctl.out)" "status after scale down"
assert_eq "$web1" "$(pid_of_instance web.1)" "web.1's pid"
alive "$web1" || fail "web.1 ended"

# Refused with nothing done: an unknown type, a port above 65535.
starts=$(count_lines 'started with pid' out)
ctl_expect 2 scale web=2,nope=1
assert_grep "unknown process type 'nope'" ctl.err
ctl_expect 2 scale web=70000
assert_grep "invalid scale item" ctl.err
ctl_expect 2 scale worker=10000
assert_grep "above 65535" ctl.err
ctl_expect 2 scale
assert_grep "scale needs TYPE=N" ctl.err
assert_eq "$starts" "$(count_lines 'started with pid' out)" "starts after refused scales"

# Scaled to nothing, muster waits; then up again with fresh numbers.
ctl_expect 0 scale web=0,worker=0
ctl_expect 0 status
assert_eq 1 "$(wc -l <ctl.out)" "status lines with nothing running"
alive "$MUSTER_PID" || fail "muster ended with nothing scaled"
ctl_expect 0 scale worker=1
assert_eq "worker.1 started, pid $(pid_of_instance worker.1)" "$(cat ctl.out)" "reply of scale from 0"
ctl_expect 0 status worker

kill -TERM "$MUSTER_PID"
wait_muster
assert_eq 143 "$MUSTER_STATUS" "exit status"
assert_eq "" "$(marked_procs)" "processes left"
exit 0

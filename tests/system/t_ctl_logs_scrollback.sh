# --scrollback N (and scrollback in muster.ini, MUSTER_SCROLLBACK) bounds the lines kept per instance for logs, muster's own lines included: only the last N come back, whatever -n asks; 0 keeps none.
. "$TESTS_DIR/lib_ctl.sh"

cat >Procfile <<EOP
web: seq -f "web %.0f" 50; echo done; sleep 30 # $MARK
worker: seq -f "worker %.0f" 50; echo done; sleep 30 # $MARK
EOP

# run_app ARGS...: muster start ARGS until both have printed their lines.
run_app() {
	start_muster start "$@"
	wait_for '[ "$(count_lines "\| done$" out)" -eq 2 ]'
}
stop_app() {
	kill -TERM "$MUSTER_PID"
	wait_muster
	assert_eq 143 "$MUSTER_STATUS" "exit status"
}

run_app --scrollback 3
ctl_expect 0 logs --no-timestamp -n 100 web
assert_eq "web.1    | web 49
web.1    | web 50
web.1    | done" "$(cat ctl.out)" "logs web, --scrollback 3"
ctl_expect 0 logs --no-timestamp -n 100 worker
assert_eq 3 "$(wc -l <ctl.out)" "lines of logs worker, --scrollback 3"
stop_app

printf '[muster]\nscrollback = 5\n' >muster.ini
run_app
ctl_expect 0 logs -n 100 --no-prefix web.1
assert_eq "web 47 web 48 web 49 web 50 done" "$(tr '\n' ' ' <ctl.out | sed 's/ $//')" "logs web.1, scrollback = 5"
stop_app

MUSTER_SCROLLBACK=2 run_app
ctl_expect 0 logs --no-prefix worker
assert_eq "worker 50 done" "$(tr '\n' ' ' <ctl.out | sed 's/ $//')" "logs worker, MUSTER_SCROLLBACK=2"
stop_app

run_app --scrollback 0
ctl_expect 0 logs web worker
assert_eq "" "$(cat ctl.out)" "logs, --scrollback 0"
stop_app
assert_eq "" "$(marked_procs)" "processes left"
exit 0

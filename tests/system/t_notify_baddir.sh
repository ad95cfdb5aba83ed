# ready = notify with an untrusted runtime directory ($XDG_RUNTIME_DIR/muster of mode 777): no NOTIFY_SOCKET is made there; the instance cannot start, muster says why and stops what it started, exit 1.
. "$TESTS_DIR/lib_notify.sh"

mkdir -m 777 "$XDG_RUNTIME_DIR/muster"
chmod 777 "$XDG_RUNTIME_DIR/muster"
cat >Procfile <<EOP
web: sleep 30 # $MARK
q: exec $SEND 'msg:b"READY=1"'
EOP
printf '[q]\nready = notify\nready_timeout = 30\n' >muster.ini
start_muster start
wait_muster
assert_eq 1 "$MUSTER_STATUS" "exit status"
assert_grep "q\\.1 *\\| cannot start" out
assert_grep "$XDG_RUNTIME_DIR/muster: mode 777 lets others in" err
assert_eq "" "$(ls -A "$XDG_RUNTIME_DIR/muster")" "files in the untrusted directory"
assert_eq "" "$(marked_procs)" "processes left"

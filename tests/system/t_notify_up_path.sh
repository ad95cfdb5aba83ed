# muster's own NOTIFY_SOCKET, a path (systemd Type=notify): STATUS=N of M ready as the count changes, READY=1 once every instance is ready (a notify type's included) and not before, STOPPING=1 at shutdown; no process gets muster's NOTIFY_SOCKET.
. "$TESTS_DIR/lib_notify.sh"

up_scenario "$PWD/up.sock"

# muster's own NOTIFY_SOCKET, an abstract address (@name, as podman --sdnotify may give): STATUS=N of M ready, READY=1 once every instance is ready and not before, STOPPING=1 at shutdown; no process gets muster's NOTIFY_SOCKET.
. "$TESTS_DIR/lib_notify.sh"

up_scenario "@muster-test-notify-$$-$RANDOM"

"""A stand-in for a database server: it takes a while to start
($DB_START_SECONDS, default 1.5), then accepts connections on $PORT; a
client that sends its name is told ok."""

import os
import signal
import socket
import sys
import time


def stop(signo, frame):
    print("shutting down", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
port = int(os.environ["PORT"])
print("starting up: replaying the log", flush=True)
time.sleep(float(os.environ.get("DB_START_SECONDS") or 1.5))
server = socket.create_server(("127.0.0.1", port))
print("accepting connections on port %d" % port, flush=True)
while True:
    conn, _ = server.accept()
    with conn:
        # muster's readiness probe connects and closes without a word.
        conn.settimeout(2)
        try:
            name = conn.makefile().readline().strip()
            if name:
                print("%s connected" % name, flush=True)
                conn.sendall(b"ok\n")
        except OSError:
            pass

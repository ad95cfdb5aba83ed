"""The example's migrations: a one-off that talks to the database on the
port given as its argument, then exits 0."""

import os
import socket
import sys

port = int(sys.argv[1])
with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
    conn.sendall(("%s\n" % os.environ["PS"]).encode())
    if conn.makefile().readline().strip() != "ok":
        sys.exit("the database did not answer")
print("applied 3 migrations to the database on port %d" % port)

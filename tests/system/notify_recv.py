#!/usr/bin/env python3
"""A supervisor's end of sd_notify, for muster's own NOTIFY_SOCKET.

usage: notify_recv.py ADDRESS LOG [--mark WORD]

Binds a datagram socket at ADDRESS (a path, or @name for an abstract
address), creates LOG.bound once it listens, then appends each datagram
it receives to LOG as one line: the python repr of its bytes (so a
newline in a message stays on its line), flushed at once.  Ends on
SIGTERM or after 120 s.  --mark is ignored: it marks the command line
for cleanup.
"""

import socket
import sys
import time

addr, log = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind("\0" + addr[1:] if addr.startswith("@") else addr)
open(log + ".bound", "w").close()
deadline = time.monotonic() + 120
with open(log, "a") as f:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        f.write(repr(data) + "\n")
        f.flush()

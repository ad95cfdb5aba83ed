#!/usr/bin/env python3
"""sd_notify as a process under test says it: datagrams to NOTIFY_SOCKET.

usage: notify_send.py [--to PATH] [--info FILE] [--exit] [--mark WORD] STEP...

Each STEP, in order:
  wait:FILE       waits (up to 60 s) until FILE exists
  msg:EXPR        sends the bytes of the python expression EXPR
  fds:N:EXPR      the same, passing the write ends of N new pipes with it
                  (SCM_RIGHTS), its own copies closed; then waits up to
                  10 s for EOF on every read end and prints "fds: eof"
                  (nobody else holds a write end) or "fds: open"
  info:FILE       writes "PID PPID PGID" of this process to FILE
Messages go to $NOTIFY_SOCKET (a path, or @name for an abstract address)
or to --to PATH.  Each send prints "sent N bytes" (or "send failed: ..."
and exit 1).  Then it sleeps until killed (at most 120 s), or exits 0
with --exit.  --mark is ignored: it marks the command line for cleanup.
"""

import array
import os
import select
import socket
import sys
import time


def address(path):
    if path.startswith("@"):
        return "\0" + path[1:]
    return path


def send(sock, to, data, fds=()):
    try:
        if fds:
            # socket.send_fds ignores its address: sendmsg it is.
            anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                    array.array("i", fds).tobytes())]
            sock.sendmsg([data], anc, 0, to)
        else:
            sock.sendto(data, to)
    except OSError as e:
        print("send failed: %s" % e, flush=True)
        sys.exit(1)
    print("sent %d bytes" % len(data), flush=True)


def wait_eof(readers, limit=10.0):
    deadline = time.monotonic() + limit
    left = set(readers)
    while left:
        rest = deadline - time.monotonic()
        if rest <= 0:
            return False
        ready, _, _ = select.select(list(left), [], [], rest)
        for r in ready:
            if os.read(r, 4096) == b"":
                left.discard(r)
    return True


def main(argv):
    to = os.environ.get("NOTIFY_SOCKET")
    hold = True
    steps = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--to", "--mark"):
            if a == "--to":
                to = argv[i + 1]
            i += 2
            continue
        if a == "--exit":
            hold = False
        else:
            steps.append(a)
        i += 1
    if not to:
        print("no NOTIFY_SOCKET", flush=True)
        sys.exit(1)
    to = address(to)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    for step in steps:
        kind, _, arg = step.partition(":")
        if kind == "wait":
            deadline = time.monotonic() + 60
            while not os.path.exists(arg):
                if time.monotonic() > deadline:
                    print("gave up waiting for %s" % arg, flush=True)
                    sys.exit(1)
                time.sleep(0.02)
        elif kind == "msg":
            send(sock, to, eval(arg))
        elif kind == "fds":
            n, _, expr = arg.partition(":")
            pipes = [os.pipe() for _ in range(int(n))]
            send(sock, to, eval(expr), [w for _, w in pipes])
            for _, w in pipes:
                os.close(w)
            eof = wait_eof([r for r, _ in pipes])
            print("fds: %s" % ("eof" if eof else "open"), flush=True)
        elif kind == "info":
            with open(arg + ".tmp", "w") as f:
                f.write("%d %d %d\n" % (os.getpid(), os.getppid(),
                                        os.getpgid(0)))
            os.rename(arg + ".tmp", arg)
        else:
            print("unknown step %r" % step, flush=True)
            sys.exit(2)
    if hold:
        time.sleep(120)


main(sys.argv[1:])

#!/usr/bin/env python3
"""Runs a command on a pseudo terminal of its own and plays a user at it.

usage: ptydrive.py [--size ROWSxCOLS] [--out FILE] [--status FILE]
                   [--timeout SECS] STEP... -- COMMAND [ARG...]

COMMAND runs as the leader of a new session whose controlling terminal is
a new pseudo terminal of ROWS x COLS (default 24x80; 0x0 leaves it at the
kernel's 0x0), in its foreground, with stdin, stdout and stderr on it.
The steps then run in order:

  expect TEXT   reads the terminal until TEXT appears in what COMMAND
                printed after the previous match
  send TEXT     writes TEXT to the terminal, as keys typed (reading what
                COMMAND prints meanwhile, so that neither side blocks)
  sendfile FILE writes the bytes of FILE, as send does: a paste
  resize RxC    sets the terminal's size (the kernel signals COMMAND's
                foreground group with SIGWINCH)
  signal SIG    sends SIG (TERM, KILL, a number...) to COMMAND
  touch FILE    creates FILE, to tell the scenario a point is reached
  await FILE    waits until FILE exists, the scenario's go-ahead
  raw           waits until the terminal is in raw mode (no ICANON, no
                ECHO): a client that has connected
  hangup        closes the terminal (its master side), as a terminal
                window closing does: COMMAND gets SIGHUP
  exit          waits until COMMAND has ended and its terminal is read to
                its end

TEXT takes Python's escapes: \\r, \\n, \\x1c.  Each step that waits gives
up after --timeout seconds (default 10).  After the last step the driver
waits for COMMAND to end (as "exit" does); when a step fails, COMMAND is
killed with SIGKILL.  Everything COMMAND printed goes to FILE (--out,
default pty.out) as it comes; how it ended to --status (default
pty.status): "exit N" or "signal NAME", and on a second line whether
the terminal's settings are as they were at the start ("terminal
restored", "terminal changed"; "terminal closed" after hangup).

Exit status: 0 when every step succeeded, 1 when one failed (the reason,
and what COMMAND printed, on stderr), 2 for a usage error.
"""

import codecs
import errno
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time


def usage(msg):
    sys.stderr.write("ptydrive: %s\n" % msg)
    sys.exit(2)


def text(arg):
    """The bytes of TEXT, its Python escapes decoded."""
    return codecs.escape_decode(arg.encode("utf-8"))[0]


def size(arg):
    try:
        rows, cols = (int(v) for v in arg.lower().split("x"))
    except ValueError:
        usage("invalid size '%s' (expected ROWSxCOLS)" % arg)
    return rows, cols


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def signum(arg):
    if arg.isdigit():
        return int(arg)
    name = arg.upper()
    if not name.startswith("SIG"):
        name = "SIG" + name
    try:
        return int(getattr(signal, name))
    except AttributeError:
        usage("unknown signal '%s'" % arg)


class Driver:
    def __init__(self, argv, rows, cols, out, status, timeout):
        self.timeout = timeout
        self.status_path = status
        self.out = open(out, "wb")
        self.seen = bytearray()  # everything printed
        self.pos = 0  # where the next expect starts looking
        self.status = None  # how COMMAND ended, once it has
        self.eof = False
        master, slave = os.openpty()
        if rows or cols:
            set_size(slave, rows, cols)
        self.attrs = termios.tcgetattr(slave)
        self.terminal = None  # its settings, once COMMAND has ended
        pid = os.fork()
        if pid == 0:
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.execvp(argv[0], argv)
            except OSError as e:
                os.write(2, ("ptydrive: %s: %s\n" % (argv[0], e)).encode())
            os._exit(127)
        os.close(slave)
        os.set_blocking(master, False)
        self.pid = pid
        self.master = master

    def fail(self, msg):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(block=True)
        sys.stderr.write("ptydrive: %s\n" % msg)
        sys.stderr.write("ptydrive: %s printed%s:\n%r\n" % (
            "it" if self.status is None else "it (%s)" % self.status,
            "" if len(self.seen) <= 2000 else ", last 2000 bytes",
            bytes(self.seen[-2000:])))
        self.write_status()
        sys.exit(1)

    def write_status(self):
        with open(self.status_path, "w") as f:
            f.write("%s\n%s\n" % (self.status or "running",
                                  self.terminal or "terminal unknown"))

    def reap(self, block=False):
        if self.status is not None:
            return
        pid, st = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        if os.WIFSIGNALED(st):
            self.status = "signal " + signal.Signals(os.WTERMSIG(st)).name
        else:
            self.status = "exit %d" % os.WEXITSTATUS(st)
        # The master's settings are the terminal's, even once closed.
        if self.master is None:
            self.terminal = "terminal closed"
        elif termios.tcgetattr(self.master) == self.attrs:
            self.terminal = "terminal restored"
        else:
            self.terminal = "terminal changed"

    def read(self, limit):
        """What the terminal gives within limit seconds (at most 0.05 s)."""
        if self.eof:
            time.sleep(min(limit, 0.05))
            return
        r, _, _ = select.select([self.master], [], [], max(0, min(limit, 0.05)))
        if not r:
            return
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError as e:
            # EIO: every process has closed the terminal.
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self.eof = True
            return
        self.seen += data
        self.out.write(data)
        self.out.flush()

    def until(self, what, done):
        deadline = time.monotonic() + self.timeout
        while not done():
            if self.eof and self.status is not None:
                self.fail("it ended (%s) before %s" % (self.status, what))
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("timed out after %gs waiting for %s" % (self.timeout, what))
            self.read(left)
            self.reap()

    def expect(self, want):
        def found():
            i = self.seen.find(want, self.pos)
            if i < 0:
                return False
            self.pos = i + len(want)
            return True

        self.until(repr(want), found)

    def send(self, data):
        deadline = time.monotonic() + self.timeout
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("timed out after %gs typing (%d bytes left)" % (self.timeout, len(data)))
            if self.eof:
                self.fail("it ended (%s) with %d bytes left to type" % (self.status, len(data)))
            r, w, _ = select.select([self.master], [self.master], [], min(left, 0.05))
            if r:
                self.read(0)
            if w:
                try:
                    data = data[os.write(self.master, data):]
                except BlockingIOError:
                    pass
            self.reap()

    def exit(self):
        self.until("the end of the command", lambda: self.status is not None and self.eof)

    def raw(self):
        def is_raw():
            lflag = termios.tcgetattr(self.master)[3]
            return not lflag & (termios.ICANON | termios.ECHO)

        self.until("raw mode", is_raw)

    def hangup(self):
        os.close(self.master)
        self.master = None
        self.eof = True

    def await_file(self, path):
        self.until("the file %s" % path, lambda: os.path.exists(path))


def main():
    args = sys.argv[1:]
    rows, cols = 24, 80
    out, status, timeout = "pty.out", "pty.status", 10.0
    while args and args[0].startswith("--") and args[0] != "--":
        opt = args.pop(0)
        if not args:
            usage("option %s needs a value" % opt)
        val = args.pop(0)
        if opt == "--size":
            rows, cols = size(val)
        elif opt == "--out":
            out = val
        elif opt == "--status":
            status = val
        elif opt == "--timeout":
            timeout = float(val)
        else:
            usage("unknown option %s" % opt)
    if "--" not in args:
        usage("no command (expected STEP... -- COMMAND)")
    split = args.index("--")
    steps, argv = args[:split], args[split + 1:]
    if not argv:
        usage("no command after --")
    plan = []
    while steps:
        step = steps.pop(0)
        if step in ("exit", "hangup", "raw"):
            plan.append((step, None))
            continue
        if step not in ("expect", "send", "sendfile", "resize", "signal", "touch", "await"):
            usage("unknown step '%s'" % step)
        if not steps:
            usage("step %s needs an operand" % step)
        arg = steps.pop(0)
        if step in ("expect", "send"):
            arg = text(arg)
        elif step == "resize":
            arg = size(arg)
        elif step == "signal":
            arg = signum(arg)
        plan.append((step, arg))

    d = Driver(argv, rows, cols, out, status, timeout)
    for step, arg in plan:
        if step == "expect":
            d.expect(arg)
        elif step == "send":
            d.send(arg)
        elif step == "sendfile":
            with open(arg, "rb") as f:
                d.send(f.read())
        elif step == "resize":
            set_size(d.master, *arg)
        elif step == "signal":
            if d.status is None:
                os.kill(d.pid, arg)
        elif step == "touch":
            open(arg, "a").close()
        elif step == "await":
            d.await_file(arg)
        elif step == "raw":
            d.raw()
        elif step == "hangup":
            d.hangup()
        elif step == "exit":
            d.exit()
    d.exit()
    d.write_status()


if __name__ == "__main__":
    main()

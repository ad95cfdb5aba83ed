"""The example's web server: it needs the database on the port given as
its argument, and answers /healthz once it serves."""

import http.server
import os
import socket
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    # Each answer goes out in one write: a client that hangs up as soon as
    # it has read the status line, as muster's readiness probe does, then
    # costs no "Connection reset by peer" here.
    wbufsize = -1

    def do_GET(self):
        if self.path == "/healthz":
            body = b"ok\n"
        else:
            body = ("hello from %s, database on port %d\n"
                    % (os.environ["PS"], db)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        # muster asks /healthz every 0.1 s until it is ready: not logged.
        if self.path != "/healthz":
            print("%s %s" % (self.address_string(), fmt % args), flush=True)


db = int(sys.argv[1])
with socket.create_connection(("127.0.0.1", db), timeout=5) as conn:
    conn.sendall(("%s\n" % os.environ["PS"]).encode())
    conn.makefile().readline()
port = int(os.environ["PORT"])
print("listening on http://127.0.0.1:%d/" % port, flush=True)
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()

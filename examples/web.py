"""The example app's web process: answers on $PORT and logs each request."""

import http.server
import os


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("hello from %s on port %s\n"
                % (os.environ.get("PS", "web"), os.environ["PORT"])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("%s %s" % (self.address_string(), fmt % args), flush=True)


# HOST: the address to listen on; a container's image sets 0.0.0.0.
host = os.environ.get("HOST") or "127.0.0.1"
port = int(os.environ["PORT"])
print("listening on http://%s:%d/" % (host, port), flush=True)
http.server.HTTPServer((host, port), Handler).serve_forever()

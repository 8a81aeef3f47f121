#!/usr/bin/env python3
"""An HTTPS front for the benchmark: terminates TLS, waits the latency, and answers from a cache
of the plain-HTTP fake's answers, so every timed request is bytes already encoded in memory.

The fake keeps its own semantics (filters, windows, offset ceiling, authentication): a request
not yet cached is forwarded to it once (with its Accept and Authorization headers) and the
answer kept under the request line and those two headers. The benchmark warms the cache with
an untimed run of each client before the clock starts.

  tls_front.py --upstream 127.0.0.1:PORT --cert CERT --key KEY --latency-ms 50 --log URLS

Prints its base URL (https://127.0.0.1:PORT) on stdout once it listens. Every request target is
appended to --log, so curl can fetch exactly the URLs everyauth fetched.
"""
import argparse
import http.client
import http.server
import socket
import socketserver
import ssl
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--upstream", required=True, help="HOST:PORT of the plain-HTTP fake")
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--latency-ms", type=int, default=50)
parser.add_argument("--log", required=True, help="file each request target is appended to")
options = parser.parse_args()

latency = options.latency_ms / 1000
upstream_host, upstream_port = options.upstream.rsplit(":", 1)
cache = {}
cache_lock = threading.Lock()
log_lock = threading.Lock()
log_file = open(options.log, "a", buffering=1)
local = threading.local()


def upstream_answer(target, accept, authorization):
    """The fake's answer to one request, over this thread's keep-alive connection."""
    connection = getattr(local, "connection", None)
    if connection is None:
        connection = local.connection = http.client.HTTPConnection(upstream_host, int(upstream_port))
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if authorization is not None:
        headers["Authorization"] = authorization
    connection.request("GET", target, headers=headers)
    response = connection.getresponse()
    body = response.read()
    kept = [(name, value) for name, value in response.getheaders()
            if name.lower() in ("content-type", "ratelimit-reset", "retry-after")]
    return response.status, kept, body


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per response: headers and body leave in as few TLS records as the size allows.
    wbufsize = 1 << 20

    def setup(self):
        # OpenSSL writes a page as several TLS records, one write each: with Nagle's algorithm the
        # later ones wait for the client's delayed ACK (40 ms on Linux), more than the latency.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # The handshake runs here, on the connection's own thread, not in the accepting one.
        self.request.do_handshake()
        super().setup()

    def do_GET(self):
        arrived = time.monotonic()
        with log_lock:
            log_file.write(self.path + "\n")
        key = (self.path, self.headers.get("Accept"), self.headers.get("Authorization"))
        with cache_lock:
            answer = cache.get(key)
        if answer is None:
            answer = upstream_answer(*key)
            if answer[0] == 200:
                with cache_lock:
                    cache[key] = answer
        status, headers, body = answer
        remaining = latency - (time.monotonic() - arrived)
        if remaining > 0:
            time.sleep(remaining)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 128


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(options.cert, options.key)
server = Server(("127.0.0.1", 0), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
print("https://127.0.0.1:%d" % server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)

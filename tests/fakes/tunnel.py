#!/usr/bin/env python3
"""Fake tunnel programs for acwh's integration tests: never a real tunnel, never beyond loopback.

One script, three personalities, chosen by env FAKE_MODE or else by the basename of argv[0]
(the tests install it as `cloudflared`, `ngrok` and `fake-tunnel`):

  cloudflared tunnel --url http://HOST:PORT --metrics 127.0.0.1:MPORT [--no-autoupdate]
      (flags in any order, `--flag=value` too). Metrics server on MPORT:
      GET /quicktunnel -> {"hostname": "..."}; GET /ready -> 200 {"status":200,
      "readyConnections":1}, 503 before it is ready.
  ngrok http HOST:PORT | http PORT | http http://HOST:PORT   [other ngrok flags ignored;
      `--log stdout|stderr` sends logfmt lines there]. Agent API on $FAKE_NGROK_API
      (required): GET /api/tunnels -> {"tunnels":[{"name":"command_line","public_url":...}]}.
  fake-tunnel PORT|HOST:PORT|http://HOST:PORT [anything else ignored]
      prints `your url is: URL` on stdout amid noise lines, after FAKE_READY_DELAY (0.2 s).

Every mode runs an "edge": an HTTP/1.1 server on 127.0.0.1 that forwards each request (method,
target, headers, body, byte for byte) to the origin and relays the answer, adding
X-Forwarded-For, Cf-Connecting-Ip (FAKE_CLIENT_IP) and X-Forwarded-Proto: https. At start it
prints `FAKE-EDGE pid=PID port=PORT` on stderr. The origin must be a loopback address; when
it does not answer, the edge answers 502. Each forwarded request logs one line (method and
status, never the target: its query holds acwh's token) where the mode logs: stderr for
cloudflared and fake-tunnel, `--log`'s stream for ngrok.

Environment (all optional unless said):
  FAKE_MODE               cloudflared | ngrok | fake-tunnel, instead of argv[0]'s basename
  FAKE_EDGE_PORT          the edge's port on 127.0.0.1 (0 or unset: a free one)
  FAKE_STATE_FILE         written atomically once every server listens: JSON with pid,
                          edge_port, mode, argv, origin, public_url and (by mode) metrics_port
                          or api_port
  FAKE_CLIENT_IP          the address put in X-Forwarded-For and Cf-Connecting-Ip (default
                          203.0.113.7); set but empty: neither header is added
  FAKE_HOSTNAME           cloudflared's hostname (default fake-words-here.trycloudflare.com)
  FAKE_PUBLIC_URL         ngrok's and fake-tunnel's URL (defaults https://fake-1234.ngrok-free.app,
                          https://fake-cmd.example.test)
                          In FAKE_HOSTNAME and FAKE_PUBLIC_URL, `{edge_port}` becomes the
                          edge's port (e.g. FAKE_PUBLIC_URL=http://127.0.0.1:{edge_port}).
  FAKE_NGROK_API          ngrok mode: HOST:PORT of the agent API (loopback; port 0 = a free
                          one, read back from the state's api_port)
  FAKE_NO_URL=1           never a URL: cloudflared answers {"hostname":""} and /ready 503 and
                          prints `ERR failed to request quick Tunnel` lines; ngrok lists no
                          tunnels and prints an ERROR line; fake-tunnel prints noise only
  FAKE_READY_DELAY=S      cloudflared: /ready answers 503 for S seconds; ngrok: no tunnel
                          listed for S seconds; fake-tunnel: the URL line comes after S seconds
  FAKE_URL_ON_STDERR=1    fake-tunnel: the URL line goes to stderr instead of stdout
  FAKE_EXIT_AFTER=S       print an error line and exit with status 3 after S seconds
  FAKE_FAIL_HEALTH_AFTER=S  after S seconds the metrics server (cloudflared) or agent API
                          (ngrok) stops answering: its port is closed and open connections are
                          dropped (connection refused); with FAKE_FAIL_HEALTH_HOW=503 it
                          answers 503 to everything instead
  FAKE_IGNORE_TERM=1      SIGTERM and SIGINT are ignored (only SIGKILL stops it); otherwise
                          either one makes it exit 0 at once

Like the real programs (Go binaries), a write to a closed stdout or stderr kills it with
SIGPIPE, so its parent must keep reading both pipes. Usage errors exit 2. Standard library
only (Python 3.11).
"""

import http.client
import http.server
import json
import os
import signal
import socketserver
import sys
import threading
import time

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "expect",
}
# Replaced by the edge, never passed through from the client.
EDGE_SET = {"x-forwarded-for", "cf-connecting-ip", "x-forwarded-proto"}

LOG_LOCK = threading.Lock()


def emit(stream, line):
    """One line on `stream`; a closed pipe kills us with SIGPIPE, as a Go program dies."""
    if stream is None:
        return
    with LOG_LOCK:
        try:
            stream.write(line + "\n")
            stream.flush()
        except BrokenPipeError:
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGPIPE)
            os._exit(141)


def usage(message):
    emit(sys.stderr, f"{prog()}: error: {message}")
    emit(sys.stderr, f"usage: {USAGE.get(mode_name(), 'FAKE_MODE=cloudflared|ngrok|fake-tunnel')}")
    os._exit(2)


USAGE = {
    "cloudflared": "cloudflared tunnel --url http://HOST:PORT --metrics 127.0.0.1:PORT"
    " [--no-autoupdate]",
    "ngrok": "ngrok http [HOST:]PORT [flags]  (with FAKE_NGROK_API=HOST:PORT)",
    "fake-tunnel": "fake-tunnel PORT [args]",
}


def prog():
    return os.path.basename(sys.argv[0]) or "fake-tunnel"


def mode_name():
    return os.environ.get("FAKE_MODE") or prog()


def env_flag(name):
    return os.environ.get(name, "") not in ("", "0")


def env_secs(name):
    raw = os.environ.get(name, "")
    if raw == "":
        return None
    try:
        secs = float(raw)
    except ValueError:
        usage(f"{name}={raw!r} is not a number of seconds")
    if secs < 0:
        usage(f"{name}={raw!r} is negative")
    return secs


def is_loopback(host):
    return host in ("localhost", "::1") or host.startswith("127.")


def split_host_port(text, what):
    """`HOST:PORT` (IPv6 in brackets) to (host, port); the host must be loopback."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        usage(f"{what} {text!r} is not HOST:PORT")
    host = host.strip("[]") or "127.0.0.1"
    if not is_loopback(host):
        usage(f"{what} {text!r} is not a loopback address (these fakes stay on loopback)")
    return host, int(port)


def parse_origin(text, what):
    """`PORT`, `HOST:PORT` or `http://HOST:PORT[/...]` to (host, port), loopback only."""
    if text.isdigit():
        return split_host_port("127.0.0.1:" + text, what)
    if "://" in text:
        scheme, _, rest = text.partition("://")
        if scheme != "http":
            usage(f"{what} {text!r}: only http:// origins are faked")
        return split_host_port(rest.split("/", 1)[0], f"{what} {text!r}:")
    return split_host_port(text, what)


def flag(args, i, valued):
    """`args[i]`, a flag, as (name, value, index of the next argument). A flag named in
    `valued` takes a value, as `--name=value` or `--name value`."""
    name, eq, value = args[i].partition("=")
    if name in valued and not eq:
        if i + 1 >= len(args):
            usage(f"{name} needs a value")
        return name, args[i + 1], i + 2
    return name, value, i + 1


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind resolves its own name (getfqdn): no name lookups here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def serve(handler, host, port):
    try:
        server = Server((host, port), handler)
    except OSError as e:
        emit(sys.stderr, f"{prog()}: error: cannot listen on {host}:{port}: {e}")
        os._exit(1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------------------- the edge


class OriginConnection(http.client.HTTPConnection):
    def _encode_request(self, request):
        # The request line goes out as the client sent it (http.server read it as latin-1).
        return request.encode("latin-1")


class EdgeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-edge"
    timeout = 120
    # Set by Edge: the origin, the forwarded-for address, where to log.
    origin = ("127.0.0.1", 0)
    client_ip = "203.0.113.7"
    log_stream = None
    log_format = None

    def log_message(self, format, *args):
        pass

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            return self.read_chunked(), True
        length = self.headers.get("Content-Length")
        if length is None:
            return b"", False
        n = int(length.strip())
        if n < 0:
            raise ValueError("negative Content-Length")
        body = self.rfile.read(n)
        if len(body) != n:
            raise ValueError("body shorter than Content-Length")
        return body, False

    def read_chunked(self):
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise ValueError("chunked body cut short")
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(body)
            chunk = self.rfile.read(size)
            if len(chunk) != size:
                raise ValueError("chunked body cut short")
            body += chunk
            self.rfile.readline(8)

    def forwarded_headers(self, body, chunked):
        named = {
            t.strip().lower()
            for v in self.headers.get_all("Connection", [])
            for t in v.split(",")
        }
        out = []
        for k, v in self.headers.items():
            low = k.lower()
            if low in HOP_BY_HOP or low in named or low in EDGE_SET:
                continue
            if chunked and low == "content-length":
                continue
            out.append((k, v))
        if chunked:
            out.append(("Content-Length", str(len(body))))
        if self.client_ip:
            out.append(("X-Forwarded-For", self.client_ip))
            out.append(("Cf-Connecting-Ip", self.client_ip))
        out.append(("X-Forwarded-Proto", "https"))
        return out

    def answer(self, status, text):
        body = text.encode()
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def forward(self):
        try:
            body, chunked = self.read_body()
        except ValueError as e:
            self.close_connection = True
            self.answer(400, f"fake edge: bad request body: {e}\n")
            return
        host, port = self.origin
        conn = OriginConnection(host, port, timeout=60)
        try:
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for k, v in self.forwarded_headers(body, chunked):
                conn.putheader(k, v)
            conn.endheaders(body if body else None)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException, ValueError) as e:
            conn.close()
            note = f"origin {host}:{port} unreachable: {e}"
            emit(self.log_stream, self.log_format("error", note))
            self.answer(502, f"fake edge: could not reach the origin {host}:{port}\n")
            return
        conn.close()
        self.send_response_only(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP or k.lower() == "content-length":
                continue
            self.send_header(k, v)
        if self.command == "HEAD":
            if resp.getheader("Content-Length") is not None:
                self.send_header("Content-Length", resp.getheader("Content-Length"))
        elif resp.status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        # No path or query: the query carries acwh's secret token.
        note = f"forwarded {self.command} -> {resp.status}"
        emit(self.log_stream, self.log_format("info", note))

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = forward


def start_edge(origin, log_stream, log_format):
    raw_ip = os.environ.get("FAKE_CLIENT_IP")
    handler = type(
        "Edge",
        (EdgeHandler,),
        {
            "origin": origin,
            "client_ip": "203.0.113.7" if raw_ip is None else raw_ip,
            "log_stream": log_stream,
            "log_format": staticmethod(log_format),
        },
    )
    raw_port = os.environ.get("FAKE_EDGE_PORT", "") or "0"
    if not raw_port.isdigit():
        usage(f"FAKE_EDGE_PORT={raw_port!r} is not a port")
    edge = serve(handler, "127.0.0.1", int(raw_port))
    port = edge.server_address[1]
    emit(sys.stderr, f"FAKE-EDGE pid={os.getpid()} port={port}")
    return port


# ------------------------------------------------------- the health/metrics/API server


class HealthHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-health"
    timeout = 30
    routes = None  # path -> (status, json-able) or None; set per server
    health = None  # the Health that may make it fail

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.health.refusing:
            self.close_connection = True
            return
        if self.health.failing_503:
            status, doc = 503, {"status": 503, "error": "fake: health failing"}
        else:
            status, doc = self.routes(self.path.split("?", 1)[0])
        body = json.dumps(doc).encode()
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET


class Health:
    """A health server that can be made to fail (FAKE_FAIL_HEALTH_AFTER)."""

    def __init__(self):
        self.refusing = False
        self.failing_503 = False
        self.server = None

    def start(self, host, port, routes):
        attrs = {"routes": staticmethod(routes), "health": self}
        handler = type("Health", (HealthHandler,), attrs)
        self.server = serve(handler, host, port)
        return self.server.server_address[1]

    def fail(self):
        if os.environ.get("FAKE_FAIL_HEALTH_HOW") == "503":
            self.failing_503 = True
            return
        self.refusing = True
        self.server.shutdown()
        self.server.server_close()


def after(secs, action):
    if secs is not None:
        t = threading.Timer(secs, action)
        t.daemon = True
        t.start()


def write_state(doc):
    path = os.environ.get("FAKE_STATE_FILE")
    if not path:
        return
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        json.dump(doc, f)
    os.replace(tmp, path)


def common_timers(health, dying_words):
    after(env_secs("FAKE_FAIL_HEALTH_AFTER"), health.fail if health else lambda: None)

    def die():
        dying_words()
        os._exit(3)

    after(env_secs("FAKE_EXIT_AFTER"), die)


# ------------------------------------------------------------------------ cloudflared


def cf_log(level, text):
    tag = {"info": "INF", "warn": "WRN", "error": "ERR"}[level]
    return f"{now_iso()} {tag} {text}"


def parse_cloudflared(args):
    url = metrics = None
    saw_tunnel = False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "tunnel" and not saw_tunnel:
            saw_tunnel = True
            i += 1
            continue
        name, value, i = flag(args, i, {"--url", "--metrics"})
        if name == "--url":
            url = value
        elif name == "--metrics":
            metrics = value
        elif a != "--no-autoupdate":
            usage(f"unexpected argument {a!r}")
    if not saw_tunnel:
        usage("the `tunnel` command is missing")
    if url is None:
        usage("--url is missing")
    if metrics is None:
        usage("--metrics is missing")
    return parse_origin(url, "--url"), split_host_port(metrics, "--metrics")


def run_cloudflared(args):
    origin, (mhost, mport) = parse_cloudflared(args)
    err = sys.stderr
    no_url = env_flag("FAKE_NO_URL")
    ready_delay = env_secs("FAKE_READY_DELAY") or 0.0
    emit(err, cf_log("info", "Thank you for trying Cloudflare Tunnel (fake, for acwh's tests)."))
    emit(err, cf_log("info", "Requesting new quick Tunnel on trycloudflare.com..."))
    edge_port = start_edge(origin, err, cf_log)
    hostname = (
        ""
        if no_url
        else os.environ.get("FAKE_HOSTNAME", "fake-words-here.trycloudflare.com").replace(
            "{edge_port}", str(edge_port)
        )
    )
    ready_at = time.monotonic() + ready_delay

    def routes(path):
        if path == "/quicktunnel":
            return 200, {"hostname": hostname}
        if path == "/ready":
            if no_url or time.monotonic() < ready_at:
                return 503, {"status": 503, "readyConnections": 0}
            return 200, {"status": 200, "readyConnections": 1}
        return 404, {"error": "not found"}

    health = Health()
    metrics_port = health.start(mhost, mport, routes)
    if no_url:
        lines = [
            'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": '
            "fake: FAKE_NO_URL is set",
            "failed to request quick Tunnel, retrying",
        ]
        for line in lines:
            emit(err, cf_log("error", line))
    else:
        box = f"|  https://{hostname}"
        emit(err, cf_log("info", "+" + "-" * 60 + "+"))
        emit(err, cf_log("info", "|  Your quick Tunnel has been created! Visit it at:"))
        emit(err, cf_log("info", box))
        emit(err, cf_log("info", "+" + "-" * 60 + "+"))
    emit(err, cf_log("info", f"Starting metrics server on {mhost}:{metrics_port}/metrics"))
    write_state(
        {
            "pid": os.getpid(),
            "edge_port": edge_port,
            "mode": "cloudflared",
            "argv": sys.argv,
            "origin": f"{origin[0]}:{origin[1]}",
            "public_url": f"https://{hostname}" if hostname else "",
            "metrics_port": metrics_port,
        }
    )
    if no_url:

        def nag():
            while True:
                time.sleep(2)
                emit(err, cf_log("error", "failed to request quick Tunnel, retrying"))

        threading.Thread(target=nag, daemon=True).start()
    else:
        after(
            ready_delay,
            lambda: emit(
                err, cf_log("info", "Registered tunnel connection connIndex=0 location=fake01")
            ),
        )
    common_timers(
        health,
        lambda: emit(err, cf_log("error", "Connection terminated (FAKE_EXIT_AFTER)")),
    )


# ------------------------------------------------------------------------------ ngrok

NGROK_VALUE_FLAGS = {
    "--log",
    "--log-format",
    "--log-level",
    "--config",
    "--authtoken",
    "--region",
    "--domain",
    "--url",
    "--host-header",
    "--basic-auth",
    "--scheme",
    "--oauth",
    "--request-header-add",
    "--request-header-remove",
    "--response-header-add",
    "--response-header-remove",
    "--traffic-policy-file",
    "--metadata",
    "--description",
}


def parse_ngrok(args):
    positional = []
    log = None
    i = 0
    while i < len(args):
        if not args[i].startswith("-"):
            positional.append(args[i])
            i += 1
            continue
        name, value, i = flag(args, i, NGROK_VALUE_FLAGS)
        if name == "--log":
            log = value
    if len(positional) != 2 or positional[0] != "http":
        usage(f"expected `http ADDR`, got {' '.join(args)!r}")
    return parse_origin(positional[1], "address"), log


def ngrok_log(level, text, fields=""):
    lvl = {"info": "info", "warn": "warn", "error": "eror"}[level]
    line = f't={now_iso()} lvl={lvl} msg="{text}"'
    return f"{line} {fields}" if fields else line


def run_ngrok(args):
    origin, log = parse_ngrok(args)
    api = os.environ.get("FAKE_NGROK_API", "")
    if not api:
        usage("FAKE_NGROK_API (HOST:PORT of the fake agent API) is required in ngrok mode")
    ahost, aport = split_host_port(api, "FAKE_NGROK_API")
    out = {"stdout": sys.stdout, "stderr": sys.stderr}.get(log)
    no_url = env_flag("FAKE_NO_URL")
    ready_at = time.monotonic() + (env_secs("FAKE_READY_DELAY") or 0.0)
    emit(out, ngrok_log("info", "open config file"))
    edge_port = start_edge(origin, out, ngrok_log)
    public_url = os.environ.get("FAKE_PUBLIC_URL", "https://fake-1234.ngrok-free.app").replace(
        "{edge_port}", str(edge_port)
    )
    addr = f"http://{origin[0]}:{origin[1]}"
    tunnel = {
        "name": "command_line",
        "uri": "/api/tunnels/command_line",
        "public_url": public_url,
        "proto": public_url.partition("://")[0],
        "config": {"addr": addr, "inspect": True},
        "metrics": {},
    }

    def routes(path):
        listed = not no_url and time.monotonic() >= ready_at
        if path == "/api/tunnels":
            return 200, {"tunnels": [tunnel] if listed else [], "uri": "/api/tunnels"}
        if path == "/api/tunnels/command_line" and listed:
            return 200, tunnel
        return 404, {"error_code": 100, "status_code": 404, "msg": "Not Found", "details": {}}

    health = Health()
    api_port = health.start(ahost, aport, routes)
    emit(out, ngrok_log("info", "starting web service", f"obj=web addr={ahost}:{api_port}"))
    if no_url:
        emit(out, ngrok_log("error", "failed to start tunnel: fake: FAKE_NO_URL is set"))
        emit(sys.stderr, "ERROR:  failed to start tunnel: fake: FAKE_NO_URL is set")
    else:
        fields = f"obj=tunnels name=command_line addr={addr} url={public_url}"
        emit(out, ngrok_log("info", "started tunnel", fields))
    write_state(
        {
            "pid": os.getpid(),
            "edge_port": edge_port,
            "mode": "ngrok",
            "argv": sys.argv,
            "origin": f"{origin[0]}:{origin[1]}",
            "public_url": "" if no_url else public_url,
            "api_port": api_port,
        }
    )
    common_timers(
        health,
        lambda: emit(sys.stderr, "ERROR:  session closed: fake tunnel exiting (FAKE_EXIT_AFTER)"),
    )


# ------------------------------------------------------------------------ fake-tunnel


def run_command(args):
    origin = None
    for a in args:
        if a.isdigit() or a.startswith("http://") or ":" in a:
            origin = parse_origin(a, "origin")
            break
    if origin is None:
        usage("no origin PORT given")

    def cmd_log(level, text):
        return f"fake-tunnel: {level}: {text}"

    out, err = sys.stdout, sys.stderr
    emit(out, "fake-tunnel 0.0.1 (for acwh's tests)")
    emit(err, cmd_log("info", f"connecting to the relay for {origin[0]}:{origin[1]} ..."))
    edge_port = start_edge(origin, err, cmd_log)
    no_url = env_flag("FAKE_NO_URL")
    public_url = os.environ.get("FAKE_PUBLIC_URL", "https://fake-cmd.example.test").replace(
        "{edge_port}", str(edge_port)
    )
    write_state(
        {
            "pid": os.getpid(),
            "edge_port": edge_port,
            "mode": "fake-tunnel",
            "argv": sys.argv,
            "origin": f"{origin[0]}:{origin[1]}",
            "public_url": "" if no_url else public_url,
        }
    )

    def announce():
        emit(out, "relay handshake complete")
        if no_url:
            emit(err, cmd_log("warn", "the relay assigned no address (FAKE_NO_URL)"))
            emit(out, "waiting for an address ...")
        else:
            emit(err if env_flag("FAKE_URL_ON_STDERR") else out, f"your url is: {public_url}")
            emit(out, "press Ctrl-C to stop")

    delay = env_secs("FAKE_READY_DELAY")
    after(0.2 if delay is None else delay, announce)
    common_timers(None, lambda: emit(err, cmd_log("error", "relay connection lost; exiting")))


# ------------------------------------------------------------------------------ main

RUN = {"cloudflared": run_cloudflared, "ngrok": run_ngrok, "fake-tunnel": run_command}


def main():
    if env_flag("FAKE_IGNORE_TERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
        signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    for name in ("FAKE_READY_DELAY", "FAKE_EXIT_AFTER", "FAKE_FAIL_HEALTH_AFTER"):
        env_secs(name)  # a bad value is a usage error before anything starts
    run = RUN.get(mode_name())
    if run is None:
        usage(f"unknown mode {mode_name()!r}: set FAKE_MODE=cloudflared|ngrok|fake-tunnel")
    run(sys.argv[1:])
    while True:
        signal.pause()


if __name__ == "__main__":
    main()

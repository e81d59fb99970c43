#!/usr/bin/env python3
"""A local stand-in for CodeCommit's Git-over-HTTPS endpoint, for end-to-end tests.

It behaves like CodeCommit towards git:
  * no Authorization header -> 401 with `WWW-Authenticate: Basic`, so git asks its
    credential helpers;
  * Basic auth: user `AKID` or `AKID%SESSIONTOKEN`, password `YYYYMMDDTHHMMSSZ<sig>`;
    the signature is recomputed (SigV4, service `codecommit`, canonical request
    `GIT\\n/v1/repos/<name>\\n\\nhost:<host without port>\\n\\nhost\\n`, timestamp
    without `Z` in the string to sign) with the known secret; a bad signature, an
    unknown key, a wrong token or a timestamp more than 15 minutes away -> 403;
  * authorised requests run `git http-backend` (CGI) on a bare repository under --root.

Listens on 127.0.0.1 only, on a free port, and prints `PORT <n>` on its first line of
stdout. Each request is logged to --log as `METHOD PATH STATUS REASON`.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import http.server
import os
import re
import ssl
import subprocess
import sys
import threading

LIFETIME = datetime.timedelta(minutes=15)
REPO_PATH = re.compile(r"^/v1/repos/([A-Za-z0-9._-]+)(/.*)?$")


def sign(secret, timestamp, region, host, path):
    canonical = f"GIT\n{path}\n\nhost:{host}\n\nhost\n"
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256",
        timestamp,
        f"{timestamp[:8]}/{region}/codecommit/aws4_request",
        hashlib.sha256(canonical.encode()).hexdigest(),
    ])

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    key = h(("AWS4" + secret).encode(), timestamp[:8])
    key = h(key, region)
    key = h(key, "codecommit")
    key = h(key, "aws4_request")
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "CodeCommitStandIn/1.0"

    def log_message(self, fmt, *args):  # quiet: the request log is written explicitly
        pass

    def record(self, status, reason):
        with self.server.log_lock, open(self.server.args.log, "a") as log:
            log.write(f"{self.command} {self.path} {status} {reason}\n")

    def deny(self, status, reason):
        self.record(status, reason)
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="CodeCommit"')
        self.send_header("Content-Type", "text/plain")
        body = f"{reason}\n".encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def authorise(self, repo):
        """None when the request may go on, else (status, reason)."""
        args = self.server.args
        auth = self.headers.get("Authorization")
        if not auth:
            return 401, "no-auth"
        scheme, _, blob = auth.partition(" ")
        if scheme.lower() != "basic":
            return 403, "not-basic"
        try:
            user, _, password = base64.b64decode(blob).decode().partition(":")
        except Exception:
            return 403, "bad-basic"
        akid, _, token = user.partition("%")
        if akid != args.access_key:
            return 403, "unknown-key"
        if (token or None) != args.session_token:
            return 403, "bad-token"
        m = re.fullmatch(r"(\d{8}T\d{6})Z([0-9a-f]{64})", password)
        if not m:
            return 403, "bad-password-format"
        timestamp, signature = m.groups()
        signed_at = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%S").replace(tzinfo=datetime.timezone.utc)
        if abs(datetime.datetime.now(datetime.timezone.utc) - signed_at) > LIFETIME:
            return 403, "stale-timestamp"
        host = self.headers.get("Host", "").split(":")[0].lower()
        expected = sign(args.secret, timestamp, args.region, host, f"/v1/repos/{repo}")
        if not hmac.compare_digest(expected, signature):
            return 403, "bad-signature"
        return None

    def handle_git(self):
        path, _, query = self.path.partition("?")
        m = REPO_PATH.match(path)
        if not m:
            return self.deny(404, "not-a-repo-path")
        repo, rest = m.group(1), m.group(2) or ""
        denied = self.authorise(repo)
        if denied:
            return self.deny(*denied)
        body = self.read_body()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "GIT_PROJECT_ROOT": self.server.args.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": f"/{repo}{rest}",
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": self.server.args.access_key,
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_PROTOCOL": "HTTP/1.1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": self.server.args.root,
        }
        for header in ("Content-Encoding", "Git-Protocol"):
            if header in self.headers:
                env["HTTP_" + header.upper().replace("-", "_")] = self.headers[header]
        proc = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, payload = proc.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = proc.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.record(status, "ok" if status < 400 else "backend-error")
        self.send_response(status)
        for name, value in headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    do_GET = handle_git
    do_POST = handle_git


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True, help="directory holding bare repositories")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--access-key", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--session-token", default=None)
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--log", required=True)
    args = p.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.args = args
    server.log_lock = threading.Lock()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())

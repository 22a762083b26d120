"""A scriptable CloudEvents receiver for delivery tests: a behaviour function decides each answer
(status, headers, body, delay) and every request is recorded with its headers, body and arrival
time (http.server in a thread, 127.0.0.1, port 0). Events are parsed with the official
`cloudevents` SDK."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)
try:  # cloudevents 1.x
    from cloudevents.http import from_http
except ImportError:  # cloudevents 2.x keeps the 1.x API here
    from cloudevents.v1.http import from_http


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


@dataclass
class Request:
    n: int
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]  # names lower-cased
    body: bytes
    status: int = 0  # what was answered
    done_at: float = 0.0

    @property
    def event(self):
        return from_http(self.headers, self.body)

    @property
    def ce_id(self) -> str:
        if self.headers.get("content-type", "").startswith("application/cloudevents"):
            return json.loads(self.body)["id"]
        return self.headers.get("ce-id", "")

    def data(self) -> dict:
        d = self.event.data
        if isinstance(d, (bytes, str)):
            d = json.loads(d)
        return d.get("payload", d) if isinstance(d, dict) and "payload" in d else d

    def row_id(self):
        d = self.data()
        row = d.get("after") or d.get("before")
        return row["id"]


class FunctionSink:
    """A CloudEvents receiver whose answers a test scripts with `behave(fn)`: fn(request) →
    Reply. Records every request."""

    def __init__(self, tls: ssl.SSLContext | None = None):
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self.behaviour: Callable[[Request], Reply] = lambda r: Reply()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with sink.lock:
                    req = Request(len(sink.requests), time.monotonic(),
                                  {k.lower(): v for k, v in self.headers.items()}, body)
                    sink.requests.append(req)
                    behaviour = sink.behaviour
                try:
                    reply = behaviour(req)
                except Exception as e:  # a test bug: answer 599 (retried) and say why
                    reply = Reply(599, body=repr(e).encode())
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the sender went away (killed, or timed out): never answered
                with sink.lock:
                    req.status = reply.status
                    req.done_at = time.monotonic()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}/fn"

    def behave(self, fn: Callable[[Request], Reply]) -> None:
        with self.lock:
            self.behaviour = fn

    def all(self) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.status != 0]

    def ok(self) -> list[Request]:
        return [r for r in self.all() if 200 <= r.status < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fn_sink():
    made: list[FunctionSink] = []

    def make(tls: ssl.SSLContext | None = None) -> FunctionSink:
        s = FunctionSink(tls)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def server_tls(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 whose certificate a fresh test CA signed, and that
    CA's PEM file."""
    ca_key, ca_crt = tmp_path / "ca.key", tmp_path / "ca.crt"
    key, csr, crt = tmp_path / "srv.key", tmp_path / "srv.csr", tmp_path / "srv.crt"
    ext = tmp_path / "ext.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out",
            str(ca_crt), "-days", "2", "-subj", "/CN=rowcast test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
            "-subj", "/CN=127.0.0.1")
    openssl("x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key),
            "-CAcreateserial", "-out", str(crt), "-days", "2", "-extfile", str(ext))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(str(crt), str(key))
    return tls, ca_crt

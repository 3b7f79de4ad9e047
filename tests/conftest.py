"""Shared fixtures: loopback HTTP servers started and stopped by the tests themselves."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from runner.sandbox import API_TOKEN, CLIENT_KEY, SANDBOX_HOST, Sandbox

Handler = Callable[[BaseHTTPRequestHandler], None]

# The conformance collections are run by their tests against their own servers (some fail on
# purpose); the cdp-runner pytest plugin must not collect them as collection tests.
collect_ignore_glob = ["conformance/*.json"]


def write_json(path: Path, document: Any) -> str:
    """Write `document` (a collection, environment, data or mock file) as JSON; its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``cdp-runner ARGV`` in process: its exit code and everything it printed (stdout, then stderr)."""
    from runner.cli.main import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def read_report(report_dir: Path) -> dict[str, Any]:
    """The report.json a run wrote into `report_dir`."""
    return json.loads((report_dir / "report.json").read_text(encoding="utf-8"))


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; routes are plain functions."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[dict[str, Any]] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _dispatch(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                server.requests.append({"method": self.command, "path": self.path,
                                        "headers": dict(self.headers), "body": self.body})
                route = server.routes.get((self.command, path)) or server.routes.get(("*", path))
                if route is None:
                    send_json(self, 404, {"error": "no route"})
                else:
                    route(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, method: str, path: str) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            self.routes[(method, path)] = fn
            return fn
        return register

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send_json(handler: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    data = json.dumps(body).encode()
    send_bytes(handler, status, data, {"Content-Type": "application/json", **(headers or {})})


def send_bytes(handler: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer,
            **attributes: Any) -> Iterator[Any]:
    """A `server_class` (ThreadingHTTPServer) with `handler` on 127.0.0.1 and a free port, stopped on exit.

    `attributes` are set on the server for the handler to use (``self.server.log`` ...);
    ``server.url`` is its base URL."""
    server = server_class(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    for name, value in attributes.items():
        setattr(server, name, value)
    server.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (bound then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_newman() -> str | None:
    """Newman from PATH, $NEWMAN, or where .ci/run installs it (npm install --prefix .ci/node newman@6)."""
    import os
    import shutil

    candidates = [os.environ.get("NEWMAN"), shutil.which("newman"),
                  str(Path(__file__).resolve().parents[1] / ".ci/node/node_modules/.bin/newman")]
    return next((c for c in candidates if c and os.path.exists(c)), None)


@pytest.fixture
def newman() -> str:
    found = find_newman()
    if found is None:
        pytest.skip("Newman is not installed: `npm install --prefix .ci/node newman@6` (done by .ci/run) or set NEWMAN")
    return found


@pytest.fixture(scope="session")
def tls_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The sandbox served over HTTPS on loopback (trustme CA): yields (host:port, CA file)."""
    import trustme

    from runner.sandbox import running

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    d = tmp_path_factory.mktemp("tls")
    ca_file, chain, key = d / "ca.pem", d / "chain.pem", d / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    with running(certfile=str(chain), keyfile=str(key)) as base_url:
        yield base_url.split("://", 1)[1], str(ca_file)


# -- the embedded sandbox, in-process (tests/sandbox) -------------------------------------------
@pytest.fixture
def sandbox() -> Sandbox:
    """A fresh in-process sandbox with deterministic refs (tests/sandbox)."""
    return Sandbox(seed=7)


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """An httpx client routed to `sandbox`, without credentials."""
    with httpx.Client(transport=sandbox.transport(), base_url=f"https://{SANDBOX_HOST}") as c:
        yield c


@pytest.fixture
def rest(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """An httpx client routed to `sandbox`, with the REST APIs' Basic credentials."""
    with httpx.Client(transport=sandbox.transport(), base_url=f"https://{SANDBOX_HOST}", auth=(CLIENT_KEY, API_TOKEN)) as c:
        yield c

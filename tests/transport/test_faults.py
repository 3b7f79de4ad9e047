"""Network faults against loopback servers the tests start: each is a failed request with its
reason in every report, and the run goes on to the next request. TLS is verified by default."""

from __future__ import annotations

import datetime
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, send_bytes, send_json

from runner.cli.main import main
from runner.core.engine import Run, RunOptions
from runner.load import load_collection

# -- raw servers for the faults http.server cannot produce ---------------------------------------


class RawServer:
    """Accepts loopback connections and hands each socket to `handler` in its own thread."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.stopped = threading.Event()
        self._handler = handler
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            _read_head(conn)
            self._handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopped.set()
        self.sock.close()


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def raw() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


def reset_mid_body(conn: socket.socket) -> None:
    """Headers promise 1000 bytes, 100 arrive, then a TCP reset (SO_LINGER 0)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + b"x" * 100)
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def silent(conn: socket.socket) -> None:
    """Reads the request, never answers (until the client gives up)."""
    conn.settimeout(5)
    try:
        conn.recv(1)
    except OSError:
        pass


def slow_drip(conn: socket.socket) -> None:
    """A 200 with a 100-byte body sent one byte every 50 ms: each read is quick, the whole is not."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
    for _ in range(100):
        conn.sendall(b".")
        time.sleep(0.05)


def closes_without_answer(conn: socket.socket) -> None:
    """Closes the connection right after reading the request."""


# -- helpers ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def after() -> Iterator[LoopbackServer]:
    """The healthy server the request after the faulty one goes to (proves the run goes on)."""
    server = LoopbackServer()
    server.route("GET", "/ok")(lambda h: send_json(h, 200, {"status": "OK"}))
    server.start()
    yield server
    server.stop()


def collection(tmp_path: Path, url: str, after: LoopbackServer, *, auth: dict[str, Any] | None = None,
               asserts: list[dict[str, Any]] | None = None) -> str:
    request: dict[str, Any] = {"method": "GET", "url": url}
    if auth:
        request["auth"] = auth
    doc = {"name": "faults", "items": [
        {"name": "faulty", "request": request, "assert": asserts or [{"status": 200}]},
        {"name": "after", "request": {"method": "GET", "url": after.url + "/ok"},
         "assert": [{"status": 200}, {"that": "$.status", "equals": "OK"}]},
    ]}
    path = tmp_path / "faults.json"
    path.write_text(json.dumps(doc))
    return str(path)


def run_cli(tmp_path: Path, path: str, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, dict]:
    """Run with the console, JSON and JUnit reporters; returns (exit code, console text, JSON report)."""
    reports = tmp_path / "reports"
    code = main(["run", path, "-r", "cli", "-r", "json", "-r", "junit", "--report-dir", str(reports), *extra])
    out = capsys.readouterr()
    # the test servers may log their own broken pipes; no traceback may come from the runner
    assert "internal error" not in out.err
    assert "/runner/" not in "".join(line for line in out.err.splitlines() if line.strip().startswith('File "'))
    report = json.loads((reports / "report.json").read_text())
    return code, out.out, report


def assert_failed_with(code: int, console: str, report: dict, reason: str, tmp_path: Path) -> None:
    """The faulty request failed with `reason` in every report; the next one ran and passed."""
    assert code == 1
    first, second = report["executions"]
    assert first["name"] == "faulty" and reason in first["error"], first["error"]
    assert first["response"] is None
    assert second["name"] == "after" and second["error"] is None
    assert all(a["passed"] for a in second["assertions"])
    assert report["summary"]["requests"] == {"total": 2, "failed": 1}
    assert reason in " ".join(console.split())  # the console may wrap long lines
    junit = [p for p in (tmp_path / "reports").iterdir() if p.suffix == ".xml"]
    for xml in junit:
        assert reason in xml.read_text()


def run_engine(path: str, **options: Any) -> list[Any]:
    return list(Run(load_collection(path), None, RunOptions(sandbox=False, **options)))


# -- faults ----------------------------------------------------------------------------------------


def test_connection_refused(tmp_path: Path, closed_port: int, after: LoopbackServer,
                            capsys: pytest.CaptureFixture[str]) -> None:
    path = collection(tmp_path, f"http://127.0.0.1:{closed_port}/x", after)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "connection refused", tmp_path)
    assert report["executions"][0]["assertions"][0]["passed"] is False


def test_reset_mid_response(tmp_path: Path, raw: Any, after: LoopbackServer,
                            capsys: pytest.CaptureFixture[str]) -> None:
    server = raw(reset_mid_body)
    path = collection(tmp_path, server.url + "/x", after)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "connection closed or reset before a complete response", tmp_path)


def test_closed_without_an_answer(tmp_path: Path, raw: Any, after: LoopbackServer,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    server = raw(closes_without_answer)
    path = collection(tmp_path, server.url + "/x", after)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "connection closed or reset", tmp_path)


def test_read_timeout(tmp_path: Path, raw: Any, after: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    server = raw(silent)
    path = collection(tmp_path, server.url + "/x", after)
    started = time.perf_counter()
    code, console, report = run_cli(tmp_path, path, "--timeout-request", "300", capsys=capsys)
    assert time.perf_counter() - started < 3
    assert_failed_with(code, console, report, "read timeout: no response within 300 ms", tmp_path)


def test_slow_drip_is_bounded_by_the_whole_response_deadline(tmp_path: Path, raw: Any,
                                                             after: LoopbackServer,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    server = raw(slow_drip)  # every read succeeds within 50 ms; the whole body would take 5 s
    path = collection(tmp_path, server.url + "/x", after)
    started = time.perf_counter()
    code, console, report = run_cli(tmp_path, path, "--timeout-request", "400", capsys=capsys)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.5, elapsed
    assert_failed_with(code, console, report, "response not complete within 400 ms", tmp_path)
    assert "slow response" in report["executions"][0]["error"]


def test_non_json_body_where_json_is_asserted(tmp_path: Path, loopback: LoopbackServer, after: LoopbackServer,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    loopback.route("GET", "/html")(lambda h: send_bytes(h, 200, b"<html>oops</html>", {"Content-Type": "text/html"}))
    path = collection(tmp_path, loopback.url + "/html", after,
                      asserts=[{"status": 200}, {"that": "$.status", "equals": "OK"}])
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert code == 1
    first, second = report["executions"]
    assert first["response"]["status"] == 200
    status, json_check = first["assertions"]
    assert status["passed"] and not json_check["passed"]
    assert "response body is not JSON (text/html)" in json_check["message"]
    assert "response body is not JSON" in console
    assert second["error"] is None and all(a["passed"] for a in second["assertions"])


def test_5xx_fails_its_status_check_and_the_run_goes_on(tmp_path: Path, loopback: LoopbackServer,
                                                         after: LoopbackServer,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    loopback.route("GET", "/boom")(lambda h: send_json(h, 503, {"error": "unavailable"}))
    path = collection(tmp_path, loopback.url + "/boom", after)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert code == 1
    first, second = report["executions"]
    assert first["response"]["status"] == 503
    assert first["assertions"][0] == {"name": "status == 200", "passed": False,
                                      "message": first["assertions"][0]["message"]}
    assert "503" in first["assertions"][0]["message"]
    assert second["error"] is None


def test_5xx_is_retried_with_retry(tmp_path: Path, loopback: LoopbackServer, after: LoopbackServer) -> None:
    calls: list[int] = []

    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        send_json(h, 503 if len(calls) < 3 else 200, {"n": len(calls)})

    loopback.route("GET", "/flaky")(flaky)
    first, second = run_engine(collection(tmp_path, loopback.url + "/flaky", after), retry=2)
    assert first.response.status == 200 and first.attempts == 3 and not first.failed


def test_huge_body_is_capped_and_reported(tmp_path: Path, loopback: LoopbackServer, after: LoopbackServer,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def huge(h: BaseHTTPRequestHandler) -> None:
        try:
            send_bytes(h, 200, b"a" * 200_000, {"Content-Type": "text/plain"})
        except OSError:  # the runner hangs up once it has read past the cap
            pass

    loopback.route("GET", "/huge")(huge)
    path = collection(tmp_path, loopback.url + "/huge", after)
    first, second = run_engine(path, max_body_bytes=10_000)
    assert first.response is None and "response body larger than 10000 bytes" in first.error
    assert "cut off" in first.error and not second.failed
    # the CLI uses runner.transport.http.MAX_BODY_BYTES
    monkeypatch.setattr("runner.transport.http.MAX_BODY_BYTES", 50_000)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "response body larger than 50000 bytes", tmp_path)


def test_body_under_the_cap_is_kept(tmp_path: Path, loopback: LoopbackServer, after: LoopbackServer) -> None:
    loopback.route("GET", "/big")(lambda h: send_bytes(h, 200, b"a" * 9_000, {"Content-Type": "text/plain"}))
    first, _ = run_engine(collection(tmp_path, loopback.url + "/big", after), max_body_bytes=10_000)
    assert first.error is None and first.response.size == 9_000


# -- TLS -------------------------------------------------------------------------------------------


class TlsServer:
    """An HTTPS loopback server answering 200 {"status": "OK"} with the certificate it is given."""

    def __init__(self, chain: Path, key: Path) -> None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(str(chain), str(key))
        self.ctx = ctx

        def handler(conn: socket.socket) -> None:
            body = b'{"status": "OK"}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

        self.raw = RawServer(handler)
        self.raw._one = self._one  # type: ignore[method-assign]
        self.port = self.raw.port
        self.url = f"https://127.0.0.1:{self.port}"
        self._handler = handler

    def _one(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            tls = self.ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        try:
            _read_head(tls)
            self._handler(tls)
        except OSError:
            pass
        finally:
            tls.close()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import trustme

    d = tmp_path_factory.mktemp("pki")
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(d / "ca.pem"))
    now = datetime.datetime.now(datetime.timezone.utc)
    leaves = {
        "good": ca.issue_cert("127.0.0.1", "localhost"),
        "expired": ca.issue_cert("127.0.0.1", not_before=now - datetime.timedelta(days=30),
                                 not_after=now - datetime.timedelta(days=1)),
        "wrong-host": ca.issue_cert("other.example"),
    }
    for name, leaf in leaves.items():
        (d / f"{name}.chain.pem").write_bytes(b"".join(b.bytes() for b in leaf.cert_chain_pems))
        leaf.private_key_pem.write_to_path(str(d / f"{name}.key.pem"))
    return {"dir": d, "ca": d / "ca.pem"}


@pytest.fixture
def tls(pki: dict[str, Path]) -> Iterator[Callable[[str], TlsServer]]:
    servers: list[TlsServer] = []

    def start(kind: str) -> TlsServer:
        servers.append(TlsServer(pki["dir"] / f"{kind}.chain.pem", pki["dir"] / f"{kind}.key.pem"))
        return servers[-1]

    yield start
    for s in servers:
        s.raw.stop()


@pytest.mark.parametrize("kind, reason", [
    ("good", "certificate verify failed: unable to get local issuer certificate"),  # CA not trusted
    ("expired", "certificate verify failed"),
    ("wrong-host", "certificate verify failed"),
])
def test_bad_certificates_fail_by_default(kind: str, reason: str, tmp_path: Path, tls: Any, after: LoopbackServer,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    server = tls(kind)
    path = collection(tmp_path, server.url + "/x", after)
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "TLS error", tmp_path)
    assert reason in report["executions"][0]["error"]


def test_expired_and_wrong_host_say_why(tmp_path: Path, tls: Any, pki: dict[str, Path], after: LoopbackServer) -> None:
    expired = run_engine(collection(tmp_path, tls("expired").url + "/x", after), ca_cert=str(pki["ca"]))[0]
    assert "certificate has expired" in expired.error
    wrong = run_engine(collection(tmp_path, tls("wrong-host").url + "/x", after), ca_cert=str(pki["ca"]))[0]
    assert "mismatch" in wrong.error or "doesn't match" in wrong.error or "not valid for" in wrong.error, wrong.error


def test_ca_cert_makes_an_unknown_ca_pass(tmp_path: Path, tls: Any, pki: dict[str, Path], after: LoopbackServer,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = collection(tmp_path, tls("good").url + "/x", after)
    code, _, report = run_cli(tmp_path, path, "--ca-cert", str(pki["ca"]), capsys=capsys)
    assert code == 0 and report["executions"][0]["response"]["status"] == 200


def test_insecure_makes_an_unverified_certificate_pass(tmp_path: Path, tls: Any, after: LoopbackServer,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("good", "expired", "wrong-host"):
        path = collection(tmp_path, tls(kind).url + "/x", after)
        code, _, report = run_cli(tmp_path, path, "--insecure", capsys=capsys)
        assert code == 0, (kind, report["executions"][0]["error"])


def test_a_trusted_ca_does_not_excuse_an_expired_certificate(tmp_path: Path, tls: Any, pki: dict[str, Path],
                                                              after: LoopbackServer,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = collection(tmp_path, tls("expired").url + "/x", after)
    code, console, report = run_cli(tmp_path, path, "--ca-cert", str(pki["ca"]), capsys=capsys)
    assert_failed_with(code, console, report, "certificate has expired", tmp_path)


# -- OAuth2 token URLs must be HTTPS ----------------------------------------------------------------


def _oauth(url: str) -> dict[str, Any]:
    return {"type": "oauth2", "accessTokenUrl": url, "clientId": "cid", "clientSecret": "s3cr3t-value"}


@pytest.fixture
def token_server(loopback: LoopbackServer) -> LoopbackServer:
    loopback.route("POST", "/token")(lambda h: send_json(h, 200, {"access_token": "tok-123", "expires_in": 60}))

    def api(h: BaseHTTPRequestHandler) -> None:
        ok = h.headers.get("Authorization") == "Bearer tok-123"
        send_json(h, 200 if ok else 401, {"status": "OK" if ok else "no"})

    loopback.route("GET", "/api")(api)
    return loopback


def test_oauth2_http_token_url_on_loopback_needs_insecure(tmp_path: Path, token_server: LoopbackServer,
                                                          after: LoopbackServer,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = collection(tmp_path, token_server.url + "/api", after, auth=_oauth(token_server.url + "/token"))
    code, console, report = run_cli(tmp_path, path, capsys=capsys)
    assert_failed_with(code, console, report, "OAuth2 access token URL must use HTTPS", tmp_path)
    assert "allowed with --insecure" in report["executions"][0]["error"]
    assert not any(r["path"] == "/token" for r in token_server.requests)  # nothing was sent to it
    assert "s3cr3t-value" not in console and "s3cr3t-value" not in json.dumps(report)

    code, _, report = run_cli(tmp_path, path, "--insecure", capsys=capsys)
    assert code == 0, report["executions"][0]["error"]
    assert any(r["path"] == "/token" for r in token_server.requests)


def test_oauth2_http_token_url_elsewhere_is_refused_even_with_insecure(tmp_path: Path, after: LoopbackServer,
                                                                       token_server: LoopbackServer) -> None:
    path = collection(tmp_path, token_server.url + "/api", after, auth=_oauth("http://auth.example.invalid/token"))
    first, second = run_engine(path, insecure=True)
    assert "OAuth2 access token URL must use HTTPS" in first.error and "--insecure" not in first.error
    assert not second.failed


def test_oauth2_https_token_url_with_a_bad_certificate_fails_the_request(tmp_path: Path, tls: Any,
                                                                         after: LoopbackServer) -> None:
    server = tls("good")  # an HTTPS token URL whose CA is not trusted
    path = collection(tmp_path, after.url + "/ok", after, auth=_oauth(server.url + "/token"))
    first, second = run_engine(path)
    assert "OAuth2 token request" in first.error and "TLS error" in first.error
    assert not second.failed

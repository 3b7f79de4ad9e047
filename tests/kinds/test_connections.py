"""Personalize connections: templating rules, lint, OAuth2 + mutual TLS against a real loopback
HTTPS server (trustme certificates, client certificate required), timeouts, CLI, export/import."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import trustme

from runner.cli.main import main
from runner.core.auth import TokenCache
from runner.core.engine import Run, RunOptions
from runner.errors import InputError
from runner.kinds.connection import NONE_AUTH_WARNING, Problem, guest_reason, lint, unknown_reason
from runner.kinds.connection.api import from_personalize, normalize, to_personalize
from runner.load import load_collection
from runner.load.environment import Environment

ROOT = Path(__file__).resolve().parents[2]
ESP = ROOT / "collections" / "personalize" / "esp-destination.json"
SANDBOX_ENV = ROOT / "environments" / "sandbox.env"


# ---------------------------------------------------------------------------- a real mTLS server

class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ctx: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.ctx = ctx
        self.log: list[dict[str, Any]] = []
        self.tls_errors: list[str] = []
        self.tokens: list[str] = []
        self.expires_in = 3600
        self.release = threading.Event()

    def get_request(self) -> Any:
        sock, addr = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        self.tls_errors.append(repr(sys.exc_info()[1]))


class _Handler(BaseHTTPRequestHandler):
    server: _TLSServer

    def setup(self) -> None:
        self.request.settimeout(5)
        self.request.do_handshake()  # raises without a client certificate (CERT_REQUIRED)
        super().setup()

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        peer = self.request.getpeercert() or {}
        subject = dict(x[0] for x in peer.get("subject", ())) if peer else {}
        san = [v for _, v in peer.get("subjectAltName", ())]
        entry = {"path": self.path, "headers": dict(self.headers), "body": raw.decode(), "client_cert": san or subject}
        self.server.log.append(entry)
        if self.path == "/oauth/token":
            token = f"token-{len(self.server.tokens) + 1}-abcdef"
            self.server.tokens.append(token)
            entry["form"] = dict(parse_qsl(raw.decode()))
            self._reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": self.server.expires_in})
        elif self.path == "/slow":
            self.server.release.wait(10)  # accepts, never answers (until the test ends)
        elif self.headers.get("Authorization", "").removeprefix("Bearer ") in self.server.tokens \
                or self.headers.get("Authorization", "").startswith("Basic "):
            self._reply(200, {"path": self.path, "body": json.loads(raw or b"null")})
        else:
            self._reply(401, {"error": "invalid_token"})

    do_PUT = do_PATCH = do_DELETE = do_POST


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    ca = trustme.CA()
    folder = tmp_path_factory.mktemp("pki")
    server_cert = ca.issue_cert("127.0.0.1", "localhost")
    client = ca.issue_cert("esp-client.cdp-runner.test")
    paths = {k: str(folder / f"{k}.pem") for k in ("ca", "cert", "key")}
    ca.cert_pem.write_to_path(paths["ca"])
    client.cert_chain_pems[0].write_to_path(paths["cert"])
    client.private_key_pem.write_to_path(paths["key"])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_cert.configure_cert(ctx)
    ca.configure_trust(ctx)
    ctx.verify_mode = ssl.CERT_REQUIRED
    return {**paths, "ctx": ctx}  # type: ignore[dict-item]


@pytest.fixture
def server(pki: dict[str, Any]) -> Any:
    srv = _TLSServer(pki["ctx"])
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    srv.base = f"https://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


def _oauth_item(base: str, pki: dict[str, str], **auth: Any) -> dict[str, Any]:
    return {
        "name": "ESP",
        "connection": {
            "auth": {"type": "oauth2", "accessTokenUrl": f"{base}/oauth/token", "clientId": "esp-client",
                     "clientSecret": "${ESP_CLIENT_SECRET}",
                     "mtls": {"clientCert": pki["cert"], "clientKey": pki["key"]}, **auth},
            "request": {"method": "POST", "url": f"{base}/emails/${{email}}",
                        "body": '{"email": "${email}", "note": "${note}"}'},
        },
        "testValues": {"email": "a.b@example.com", "note": 'say "hi"\n'},
        "assert": [{"status": 200}],
    }


def _run(tmp_path: Path, items: list[dict[str, Any]], pki: dict[str, str], env: dict[str, str] | None = None,
         clock: Any = None) -> tuple[Run, list[Any]]:
    path = tmp_path / "connections.json"
    path.write_text(json.dumps({"name": "t", "items": items}))
    env = {"ESP_CLIENT_SECRET": "s3cret-value-xyz", **(env or {})}
    run = Run(load_collection(path), Environment("t", env, {"ESP_CLIENT_SECRET"}),
              RunOptions(ca_cert=pki["ca"], sandbox=False))
    if clock is not None:
        run.tokens = TokenCache(run.sender, clock=clock, on_token=run.masker.add)
    return run, list(run)


# ---------------------------------------------------------------------------- OAuth2 + mTLS

def test_token_with_client_credentials_in_header_and_mtls(tmp_path: Path, server: Any, pki: Any) -> None:
    item = _oauth_item(server.base, pki, headers={"X-Tenant": "t1"}, form={"audience": "esp"})
    run, (ex,) = _run(tmp_path, [item], pki)
    assert ex.error is None and ex.response.status == 200, ex.error
    token_call, call = server.log
    assert token_call["form"] == {"grant_type": "client_credentials", "audience": "esp"}
    assert token_call["headers"]["Authorization"].startswith("Basic ")
    assert token_call["headers"]["X-Tenant"] == "t1"
    # mTLS presented on both the token call and the request
    assert token_call["client_cert"] == call["client_cert"] == ["esp-client.cdp-runner.test"]
    assert call["path"] == "/emails/a.b%40example.com"  # path variable URL-encoded
    assert call["headers"]["Authorization"] == f"Bearer {server.tokens[0]}"
    assert json.loads(call["body"]) == {"email": "a.b@example.com", "note": 'say "hi"\n'}  # JSON-escaped
    assert call["headers"]["Accept"] == "application/json" and call["headers"]["Accept-Encoding"] == "gzip"
    # secrets never in results
    text = json.dumps([ex.to_json(), ex.request.headers, ex.request.body])
    assert "s3cret-value-xyz" not in text and server.tokens[0] not in text


def test_credentials_in_body(tmp_path: Path, server: Any, pki: Any) -> None:
    _, (ex,) = _run(tmp_path, [_oauth_item(server.base, pki, credentials="body")], pki)
    assert ex.error is None
    token_call = server.log[0]
    assert "Authorization" not in token_call["headers"]
    assert token_call["form"] == {"grant_type": "client_credentials", "client_id": "esp-client",
                                  "client_secret": "s3cret-value-xyz"}


def test_token_reused_then_refreshed_after_expiry(tmp_path: Path, server: Any, pki: Any) -> None:
    now = [1000.0]
    server.expires_in = 60
    items = [dict(_oauth_item(server.base, pki), name=f"send {i}") for i in range(3)]

    def clock() -> float:
        return now[0]

    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": items}))
    run = Run(load_collection(path), Environment("t", {"ESP_CLIENT_SECRET": "s3cret-value-xyz"}),
              RunOptions(ca_cert=pki["ca"], sandbox=False))
    run.tokens = TokenCache(run.sender, clock=clock, on_token=run.masker.add)
    results = []
    for ex in run:
        results.append(ex)
        if len(results) == 2:
            now[0] += 61  # the token's lifetime has passed
    assert all(ex.error is None for ex in results)
    token_calls = [e for e in server.log if e["path"] == "/oauth/token"]
    assert len(token_calls) == 2  # reused for the 2nd request, fetched again for the 3rd
    sent = [e["headers"]["Authorization"] for e in server.log if e["path"] != "/oauth/token"]
    assert sent == [f"Bearer {server.tokens[0]}"] * 2 + [f"Bearer {server.tokens[1]}"]


def test_without_client_certificate_the_request_fails_with_a_tls_reason(tmp_path: Path, server: Any, pki: Any) -> None:
    item = _oauth_item(server.base, pki)
    del item["connection"]["auth"]["mtls"]
    _, (ex,) = _run(tmp_path, [item], pki)
    assert ex.response is None
    assert ex.error.startswith("OAuth2 token request to ") and "failed: TLS error: " in ex.error
    assert "CERTIFICATE_REQUIRED" in ex.error
    assert ex.failed


def test_connect_timeout_fires_at_its_own_limit(tmp_path: Path, pki: Any) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(0)  # never accepts, never speaks TLS: the connection (TCP + TLS) cannot complete
    port = silent.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):  # fill the backlog so later SYNs are not answered either
            f = socket.socket()
            f.setblocking(False)
            f.connect_ex(("127.0.0.1", port))
            fillers.append(f)
        item = {"name": "slow connect", "connection": {
            "auth": {"type": "basic", "username": "u", "password": "p"},
            "request": {"method": "POST", "url": f"https://127.0.0.1:{port}/x", "body": "{}"},
            "connectionTimeoutMs": 300, "readTimeoutMs": 5000}}
        started = time.perf_counter()
        _, (ex,) = _run(tmp_path, [item], pki)
        elapsed = time.perf_counter() - started
    finally:
        for f in fillers:
            f.close()
        silent.close()
    assert ex.error == "connect timeout: no connection within 300 ms"
    assert 0.25 <= elapsed < 2.0


def test_read_timeout_fires_at_its_own_limit(tmp_path: Path, server: Any, pki: Any) -> None:
    item = {"name": "slow answer", "connection": {
        "auth": {"type": "basic", "username": "u", "password": "p",},
        "request": {"method": "POST", "url": f"{server.base}/slow", "body": "{}"},
        "connectionTimeoutMs": 5000, "readTimeoutMs": 300}}
    item["connection"]["auth"] = {"type": "oauth2", "accessTokenUrl": f"{server.base}/oauth/token",
                                  "clientId": "c", "clientSecret": "${ESP_CLIENT_SECRET}",
                                  "mtls": {"clientCert": pki["cert"], "clientKey": pki["key"]}}
    started = time.perf_counter()
    _, (ex,) = _run(tmp_path, [item], pki)
    elapsed = time.perf_counter() - started
    assert ex.error == "read timeout: no response within 300 ms"
    assert 0.25 <= elapsed < 2.5


def test_pkcs12_client_certificate(tmp_path: Path, server: Any, pki: Any) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key, pkcs12

    cert = x509.load_pem_x509_certificate(Path(pki["cert"]).read_bytes())
    key = load_pem_private_key(Path(pki["key"]).read_bytes(), None)
    bundle = tmp_path / "client.p12"
    bundle.write_bytes(pkcs12.serialize_key_and_certificates(b"c", key, cert, None, BestAvailableEncryption(b"pw-1234")))
    item = _oauth_item(server.base, pki)
    item["connection"]["auth"]["mtls"] = {"clientCert": str(bundle), "password": "${P12_PASSWORD}"}
    _, (ex,) = _run(tmp_path, [item], pki, env={"P12_PASSWORD": "pw-1234"})
    assert ex.error is None, ex.error
    assert server.log[-1]["client_cert"] == ["esp-client.cdp-runner.test"]


# ---------------------------------------------------------------------------- templating at run time

def _sandbox_run(tmp_path: Path, item: dict[str, Any], env: dict[str, str]) -> Any:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": [item]}))
    return list(Run(load_collection(path), Environment("t", env), RunOptions()))


def test_settings_win_over_test_values_and_base_url_is_not_encoded(tmp_path: Path) -> None:
    from runner.load.environment import load_environment

    env = load_environment(SANDBOX_ENV).values
    item = json.loads(ESP.read_text())["items"][0]
    (ex,) = _sandbox_run(tmp_path, item, {**env, "email": "env.wins@example.com"})
    assert ex.request.url == "https://sandbox.cdp-runner.invalid/destination/emails/env.wins%40example.com"
    assert ex.assertions[1].passed is False  # the collection expects the test value


def test_guest_variable_is_refused_on_load(tmp_path: Path) -> None:
    item = {"name": "g", "connection": {"auth": {"type": "basic", "username": "u", "password": "p"},
                                        "request": {"method": "POST", "url": "https://x.example/${guest.email}"}}}
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": [item]}))
    with pytest.raises(InputError) as err:
        load_collection(path)
    assert err.value.place == "/items/0/connection/request/url"
    assert err.value.message == guest_reason("guest.email")


def test_unknown_variable_stops_the_run_before_sending(tmp_path: Path) -> None:
    item = {"name": "u", "connection": {"auth": {"type": "basic", "username": "u", "password": "p"},
                                        "request": {"method": "POST", "url": "https://x.example/${who}"}}}
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": [item]}))
    with pytest.raises(InputError) as err:
        Run(load_collection(path), None, RunOptions())
    assert str(err.value) == f"{path} at /items/0/connection/request/url: {unknown_reason('who')}"


# ---------------------------------------------------------------------------- lint: the exact messages

def _item(auth: Any = None, request: Any = None, **extra: Any) -> dict[str, Any]:
    return {"name": "c", "connection": {
        "auth": auth if auth is not None else {"type": "basic", "username": "u", "password": "p"},
        "request": request if request is not None else {"method": "POST", "url": "https://x.example/a"},
        **extra}}


def test_lint_clean_connection_has_no_problems() -> None:
    assert lint(_item(), "f.json") == []


def test_lint_non_https_token_url() -> None:
    auth = {"type": "oauth2", "accessTokenUrl": "${TOKEN_URL}", "clientId": "c", "clientSecret": "s"}
    problems = lint(_item(auth), "f.json", values={"TOKEN_URL": "http://auth.example/token"})
    assert problems == [Problem("f.json", "/connection/auth/accessTokenUrl",
                                "OAuth2 access token URL must use HTTPS, got 'http://auth.example/token'")]


def test_lint_method_not_allowed() -> None:
    problems = lint(_item(request={"method": "GET", "url": "https://x.example/a"}), "f.json")
    assert [p.message for p in problems] == [
        "method 'GET' is not allowed for a destination; use POST, PUT, PATCH or DELETE; a GET that reads "
        "data is a data system (\"systemType\": \"DATA_SYSTEM\")"]
    assert problems[0].pointer == "/connection/request/method"


def test_lint_invalid_json_body_with_line_and_column() -> None:
    body = '{\n  "a": 1\n  "b": 2\n}'
    problems = lint(_item(request={"method": "POST", "url": "https://x.example/a", "body": body}), "f.json")
    assert [(p.pointer, p.message) for p in problems] == [(
        "/connection/request/body",
        "the sample body is not valid JSON: Expecting ',' delimiter (line 3, column 3 of the body)")]


def test_lint_variable_outside_double_quotes() -> None:
    body = '{"age": ${age}}'
    item = _item(request={"method": "POST", "url": "https://x.example/a", "body": body}, )
    item["testValues"] = {"age": "3"}
    problems = lint(item, "f.json", known=set())
    assert [p.message for p in problems] == [
        '${age} is outside double quotes in the sample body (line 1, column 9); '
        'Personalize inserts values only inside JSON strings: write "${age}"']


def test_lint_unknown_and_guest_variables() -> None:
    req = {"method": "POST", "url": "${BASE}/emails/${email}", "body": '{"e": "${guest.dataExtensions.ext.tier}"}'}
    item = _item(request=req, )
    item["testValues"] = {"email": "a@example.com"}
    problems = lint(item, "f.json", known={"BASE"} - {"BASE"})
    assert [(p.pointer, p.message) for p in problems] == [
        ("/connection/request/url", unknown_reason("BASE")),
        ("/connection/request/body", guest_reason("guest.dataExtensions.ext.tier")),
    ]
    assert guest_reason("guest.email") == (
        "${guest.email} reads the guest data object, which a connection cannot see: Personalize's FreeMarker "
        "does not know the guest object in a connection's URL, headers or body and the request fails at "
        "runtime; use a request variable such as ${email} instead and map the guest value to it where the "
        "connection is used")
    assert unknown_reason("BASE") == ("unknown variable 'BASE': not in the environment, --env-var, the "
                                      "collection's variables, the item's testValues, nor captured by an "
                                      "earlier request")


def test_lint_missing_fields_per_auth_type() -> None:
    oauth = lint(_item({"type": "oauth2"}, {"method": "POST"}), "f.json")
    assert [(p.pointer, p.message) for p in oauth] == [
        ("/connection/request", "request.url is required"),
        ("/connection/auth", "auth.accessTokenUrl is required for OAuth 2"),
        ("/connection/auth", "auth.clientId is required for OAuth 2"),
        ("/connection/auth", "auth.clientSecret is required for OAuth 2"),
    ]
    basic = lint(_item({"type": "basic"}), "f.json")
    assert [p.message for p in basic] == ["auth.username is required for Basic auth",
                                          "auth.password is required for Basic auth"]
    mtls = lint(_item({"type": "oauth2", "accessTokenUrl": "https://a.example/t", "clientId": "c",
                       "clientSecret": "s", "mtls": {"clientCert": "c.pem"}}), "f.json")
    assert [p.message for p in mtls] == [
        "auth.mtls.clientKey is required for a PEM client certificate (a PKCS#12 .p12/.pfx file holds both)"]
    assert [p.message for p in lint({"name": "c", "connection": {}}, "f.json")] == [
        "request is required (method, url, optional headers and body)",
        'auth is required: {"type": "oauth2" | "basic" | "none", ...}']


def test_lint_none_auth_is_a_warning() -> None:
    problems = lint(_item({"type": "none"}), "f.json")
    assert problems == [Problem("f.json", "/connection/auth", NONE_AUTH_WARNING, "warning")]
    assert NONE_AUTH_WARNING == ("auth type 'none' suits public APIs only; use OAuth 2 (recommended) or Basic "
                                 "for a destination such as an ESP")


def test_lint_default_header_override_names() -> None:
    req = {"method": "POST", "url": "https://x.example/a", "defaultHeaders": {"X-Api": "1", "accept": "text/plain"}}
    assert [p.message for p in lint(_item(request=req), "f.json")] == [
        "defaultHeaders overrides only Accept, Accept-Encoding and Content-Type; put 'X-Api' in headers"]


def test_validate_reports_every_problem_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = _item({"type": "oauth2", "accessTokenUrl": "http://a.example/t", "clientId": "c", "clientSecret": "s"},
                 {"method": "GET", "url": "https://x.example/${guest.email}", "body": "{"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "t", "items": [item]}))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {path} at /items/0/connection/request/method: method 'GET' is not allowed for a destination; "
        "use POST, PUT, PATCH or DELETE; a GET that reads data is a data system (\"systemType\": \"DATA_SYSTEM\")",
        f"error: {path} at /items/0/connection/request/body: the sample body is not valid JSON: "
        "Expecting property name enclosed in double quotes (line 1, column 2 of the body)",
        f"error: {path} at /items/0/connection/auth/accessTokenUrl: OAuth2 access token URL must use HTTPS, "
        "got 'http://a.example/t'",
        f"error: {path} at /items/0/connection/request/url: {guest_reason('guest.email')}",
    ]


def test_validate_shipped_connections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "collections" / "personalize"), "-e", str(SANDBOX_ENV)]) == 0


# ---------------------------------------------------------------------------- CLI: test, review, export, import

def test_connection_test_non_tty_lists_missing_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(ESP.read_text())
    del data["items"][0]["testValues"]
    path = tmp_path / "esp.json"
    path.write_text(json.dumps(data))
    assert main(["connection", "test", str(path), "-e", str(SANDBOX_ENV)]) == 2  # stdin is not a TTY here
    assert f"{path}: no test value for: email, firstName" in capsys.readouterr().err


def test_connection_test_asks_on_a_tty_and_sends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from runner.cli.connection import connection_command
    from runner.cli.main import build_parser

    data = json.loads(ESP.read_text())
    del data["items"][0]["testValues"]
    data["items"][0]["assert"] = [{"status": 202}]
    path = tmp_path / "esp.json"
    path.write_text(json.dumps(data))
    asked: list[str] = []
    args = build_parser().parse_args(["connection", "test", str(path), "-e", str(SANDBOX_ENV), "--var", "firstName=Ann"])
    rc = connection_command(args, ask=lambda name: asked.append(name) or "ann@example.com", is_tty=True)
    out = capsys.readouterr().out
    assert rc == 0 and asked == ["email"]
    assert "Status: 202 Accepted" in out and '"firstName": "Ann"' in out
    assert "sandbox-secret-not-a-secret" not in out


def test_review_masks_literal_secrets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = _item({"type": "basic", "username": "u", "password": "literal-pass-1234"})
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": [item]}))
    assert main(["connection", "review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "literal-pass-1234" not in out and "Password: *****" in out
    for step in ("1. Name & Describe", "2. Authenticate", "3. Configure Request", "4. Review & Save"):
        assert step in out


def test_export_resolves_settings_and_keeps_request_variables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connection", "export", str(ESP), "-e", str(SANDBOX_ENV)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["request"] == {
        "requestType": "POST",
        "connectionUrl": "https://sandbox.cdp-runner.invalid/destination/emails/${email}",
        "requestBody": '{\n  "email": "${email}",\n  "firstName": "${firstName}",\n  "list": "newsletter"\n}'}
    assert out["auth"]["authType"] == "OAUTH" and out["auth"]["clientId"] == "sandbox-client"
    assert out["auth"]["accessTokenUrl"] == "https://sandbox.cdp-runner.invalid/oauth/token"
    assert out["auth"]["clientSecret"] == "${ESP_CLIENT_SECRET}"  # a reference, never the value
    assert {"name": "X-Source", "value": "sitecore-personalize"} in out["customHeaders"]
    assert out["connectionTimeout"] == 1000 and out["socketTimeout"] == 1000


def test_export_masks_a_literal_secret_and_import_asks_for_a_variable() -> None:
    item = _item({"type": "oauth2", "accessTokenUrl": "https://a.example/t", "clientId": "c",
                  "clientSecret": "literal-secret-123"})
    exported = to_personalize(item)
    assert exported["auth"]["clientSecret"] == "*****"
    notes: list[str] = []
    back = from_personalize(exported, notes)
    assert back["connection"]["auth"]["clientSecret"] == "${CLIENT_SECRET}"
    assert notes == ["c: clientSecret was masked in the export; it is now ${CLIENT_SECRET}: define that in your environment"]


def test_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(ESP.read_text())
    data["items"][0]["connection"]["request"]["defaultHeaders"] = {"Accept-Encoding": ""}
    data["items"][0]["connection"]["auth"].update(credentials="body", headers={"X-A": "1"}, form={"scope": "s"})
    source = tmp_path / "esp.json"
    source.write_text(json.dumps(data))
    assert main(["connection", "export", str(source)]) == 0
    exported = tmp_path / "exported.json"
    exported.write_text(capsys.readouterr().out)
    out = tmp_path / "imported.json"
    assert main(["connection", "import", str(exported), "-o", str(out)]) == 0
    imported = json.loads(out.read_text())
    original = {k: v for k, v in data["items"][0].items() if k in ("name", "connection", "testValues")}
    assert normalize(imported["items"][0]) == normalize(original)
    load_collection(out)  # a valid connection file

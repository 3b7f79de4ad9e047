"""Text no rule foresaw in the files the runner reads and writes, and in what servers answer: lone
UTF-16 surrogates (JSON may hold ``"\\ud800"``, a script or a server may hand one over) and numbers
too long for Python's int(). A file the runner writes takes them (JSON escapes them, as JavaScript's
JSON.stringify); a request fails with a reason or is sent as Node sends it; never exit 3."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import LoopbackServer, run_cli, send_bytes, send_json, serving, write_json

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
LONE = "a\ud800b"  # json.dumps writes it as the escape "a\ud800b"
LONG = "9" * 5000  # over Python's default 4,300-digit limit for int()


def _echo(loopback: LoopbackServer) -> None:
    for method in ("GET", "POST"):
        loopback.routes[(method, "/x")] = lambda h: send_json(h, 200, {"ok": True})


def _native(loopback: LoopbackServer, tmp_path: Path, **request: object) -> str:
    return write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "r", "request": {"method": "GET", "url": loopback.url + "/x?q={{v}}", **request}}]})


def test_a_csv_integer_too_long_for_int_is_kept_as_its_text(loopback: LoopbackServer, tmp_path: Path,
                                                            capsys) -> None:
    _echo(loopback)
    data = tmp_path / "d.csv"
    data.write_text("v\n" + LONG + "\n")
    code, out = run_cli(capsys, "run", _native(loopback, tmp_path), "-d", str(data))
    assert code == 0, out
    assert loopback.requests[0]["path"] == "/x?q=" + LONG


@pytest.mark.parametrize("output", [True, False])
def test_import_and_export_write_a_lone_surrogate_as_its_json_escape(output: bool, tmp_path: Path,
                                                                     capsys) -> None:
    postman = write_json(tmp_path / "p.postman_collection.json", {
        "info": {"name": LONE, "schema": POSTMAN_SCHEMA},
        "item": [{"name": LONE, "request": {"method": "GET", "url": "http://127.0.0.1:1/x",
                                            "body": {"mode": "raw", "raw": LONE}}}]})
    imported, exported = tmp_path / "n.json", tmp_path / "back.postman_collection.json"
    code, out = run_cli(capsys, "import", postman, *(["-o", str(imported)] if output else []))
    assert code == 0, out
    text = imported.read_text(encoding="utf-8") if output else out
    assert "\\ud800" in text
    imported.write_text(text, encoding="utf-8")
    assert json.loads(text)["name"] == LONE
    code, out = run_cli(capsys, "export", str(imported), *(["-o", str(exported)] if output else []))
    assert code == 0, out
    back = json.loads(exported.read_text(encoding="utf-8") if output else out)
    assert back["info"]["name"] == LONE and back["item"][0]["name"] == LONE


def test_exported_environments_take_a_lone_surrogate_a_server_sent(tmp_path: Path, capsys) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            send_bytes(self, 200, b'{"s": "a\\ud800b", "n": ' + LONG.encode() + b"}",
                       {"Content-Type": "application/json"})

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as server:
        path = write_json(tmp_path / "c.postman_collection.json", {
            "info": {"name": "c", "schema": POSTMAN_SCHEMA},
            "item": [{"name": "a", "request": {"method": "GET", "url": server.url + "/x"}, "event": [
                {"listen": "test", "script": {"exec": ["pm.environment.set('s', pm.response.json().s);"]}}]}]})
        env = tmp_path / "out.json"
        code, out = run_cli(capsys, "run", path, "--export-environment", str(env))
    assert code == 0, out
    values = {v["key"]: v["value"] for v in json.loads(env.read_text(encoding="utf-8"))["values"]}
    assert values["s"] == LONE


def test_a_recorded_header_value_that_is_not_ascii_is_replayed(tmp_path: Path, capsys) -> None:
    """A server may send any bytes in a header (httpx reads them as UTF-8, else Latin-1): the
    recording keeps that text, and the replay answers with it instead of failing to build."""
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            send_bytes(self, 200, b'{"ok": true}', {"Content-Type": "application/json",
                                                     "X-Utf8": "d\u00e9j\u00e0".encode().decode("latin-1"),
                                                     "X-Latin1": "\xff\xe9"})

        def log_message(self, *args: object) -> None:
            pass

    mocks = tmp_path / "mocks"
    with serving(Handler) as server:
        path = write_json(tmp_path / "c.postman_collection.json", {
            "info": {"name": "c", "schema": POSTMAN_SCHEMA},
            "item": [{"name": "r", "request": {"method": "GET", "url": server.url + "/x"}, "event": [
                {"listen": "test", "script": {"exec": ["pm.environment.set('U', pm.response.headers.get('X-Utf8'));",
                                                      "pm.environment.set('L', pm.response.headers.get('X-Latin1'));"]}}]}]})
        code, out = run_cli(capsys, "run", path, "--record", str(mocks),
                            "--export-environment", str(tmp_path / "live.json"))
        assert code == 0, out
    code, out = run_cli(capsys, "run", path, "--offline", "--mocks", str(mocks),
                        "--export-environment", str(tmp_path / "replay.json"))
    assert code == 0, out
    live, replay = (json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8"))["values"]
                    for n in ("live", "replay"))
    assert live == replay and {v["key"] for v in live} == {"U", "L"}


def test_declared_mocks_with_a_lone_surrogate_are_served_as_node_would(tmp_path: Path, capsys) -> None:
    """Bodies carry it as U+FFFD (JSON escaped); a header value outside Latin-1 goes as its UTF-8
    bytes, as a server would send it."""
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "j", "request": {"method": "GET", "url": "http://127.0.0.1:1/j"},
         "mock": {"headers": {"X-A": LONE}, "json": {"s": LONE}},
         "assert": [{"that": "$.s", "equals": LONE}, {"that": "header X-A", "equals": "a\ufffdb"}]},
        {"name": "t", "request": {"method": "GET", "url": "http://127.0.0.1:1/t"},
         "mock": {"text": LONE}, "assert": [{"that": "body", "equals": "a\ufffdb"}]}]})
    code, out = run_cli(capsys, "run", path, "--offline")
    assert code == 0, out


AUTH_SECRETS = {  # a lone surrogate only where Node hashes it (UTF-8, U+FFFD): the request is sent
    "awsv4": {"type": "awsv4", "accessKey": "AK", "secretKey": LONE, "region": "us-east-1", "service": "s3"},
    "hawk": {"type": "hawk", "authId": "id", "authKey": LONE, "algorithm": "sha256"},
    "edgegrid": {"type": "edgegrid", "accessToken": "at", "clientToken": "ct", "clientSecret": LONE},
    "jwt": {"type": "jwt", "algorithm": "HS256", "secret": LONE, "payload": {"p": LONE}},
}


@pytest.mark.parametrize("kind", list(AUTH_SECRETS))
def test_a_lone_surrogate_in_a_signing_secret_is_hashed_as_node_hashes_it(kind: str, loopback: LoopbackServer,
                                                                          tmp_path: Path, capsys) -> None:
    _echo(loopback)
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "r", "request": {"method": "GET", "url": loopback.url + "/x", "auth": AUTH_SECRETS[kind]}}]})
    code, out = run_cli(capsys, "run", path)
    assert code == 0, out
    authorization = loopback.requests[0]["headers"]["Authorization"]
    if kind == "jwt":  # the signature over header.payload, keyed by the secret's UTF-8 with U+FFFD
        token = authorization.removeprefix("Bearer ")
        signing_input, _, signature = token.rpartition(".")
        expected = hmac.new("a\ufffdb".encode(), signing_input.encode(), hashlib.sha256).digest()
        assert base64.urlsafe_b64decode(signature + "==") == expected
        payload = signing_input.split(".")[1]
        assert json.loads(base64.urlsafe_b64decode(payload + "==")) == {"p": LONE}


def test_a_lone_surrogate_secret_in_a_header_fails_the_request_and_the_run_goes_on(
        loopback: LoopbackServer, tmp_path: Path, capsys) -> None:
    """A header cannot carry it (Node refuses the character too): the request fails with a reason
    from the transport, and the value never shows."""
    _echo(loopback)
    path = write_json(tmp_path / "c.json", {"name": "c", "secrets": ["T"], "variables": {"T": LONE}, "items": [
        {"name": "r", "request": {"method": "GET", "url": loopback.url + "/x",
                                  "auth": {"type": "bearer", "token": "{{T}}"}}},
        {"name": "next", "request": {"method": "GET", "url": loopback.url + "/x"}}]})
    code, out = run_cli(capsys, "run", path, "--verbose")
    assert code == 1, out
    assert "could not build the request" not in out and "internal error" not in out
    assert LONE not in out and "a\ufffdb" not in out
    assert [r["path"] for r in loopback.requests] == ["/x"]


def test_a_secret_holding_a_lone_surrogate_is_masked_as_the_wire_carries_it(loopback: LoopbackServer,
                                                                            tmp_path: Path, capsys) -> None:
    """A body carries it as U+FFFD: an answer that echoes it shows no secret."""

    secret = "sec\ud800ret"
    loopback.routes[("POST", "/echo")] = lambda h: send_bytes(h, 200, h.body, {"Content-Type": "text/plain"})
    path = write_json(tmp_path / "c.json", {"name": "c", "secrets": ["S"], "variables": {"S": secret}, "items": [
        {"name": "text", "request": {"method": "POST", "url": loopback.url + "/echo", "body": {"text": "{{S}}"}}},
        {"name": "form", "request": {"method": "POST", "url": loopback.url + "/echo", "body": {
            "multipart": [{"name": "k", "value": "{{S}}"}]}}}]})
    code, out = run_cli(capsys, "run", path, "--verbose", "-r", "cli,json", "--report-dir", str(tmp_path / "r"))
    assert code == 0, out
    assert loopback.requests[0]["body"] == "sec\ufffdret".encode()
    assert "sec\ufffdret".encode() in loopback.requests[1]["body"]
    report = next((tmp_path / "r").glob("*.json")).read_text(encoding="utf-8")
    for shown in (out, report, repr(json.loads(report))):
        assert "sec\ufffdret" not in shown and "sec\\ud800ret" not in shown and secret not in shown

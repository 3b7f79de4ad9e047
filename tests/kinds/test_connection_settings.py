"""Connections against their settings (issue 15): an empty ESP_CLIENT_CERT turns mutual TLS off
for export and review as for a run; empty required settings and missing certificate files are
bad input (exit 2) named before anything is sent; review lists the problems the lint finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ESP = ROOT / "collections" / "personalize" / "esp-destination.json"
SANDBOX_ENV = ROOT / "environments" / "sandbox.env"


def _env(tmp_path: Path, **changes: str) -> str:
    """The sandbox environment with some settings changed (an empty string: `NAME=`)."""
    lines = []
    for line in SANDBOX_ENV.read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0].strip()
        lines.append(f"{name}={changes.pop(name)}" if name in changes else line)
    lines += [f"{k}={v}" for k, v in changes.items()]
    path = tmp_path / "changed.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_export_with_an_empty_client_cert_writes_no_mutual_tls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connection", "export", str(ESP), "-e", str(SANDBOX_ENV)]) == 0
    auth = json.loads(capsys.readouterr().out)["auth"]
    assert auth["mutualTls"] is False
    assert "clientCertificate" not in auth and "clientKey" not in auth


def test_export_with_a_client_cert_keeps_mutual_tls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    cert.write_text("not read by export")
    key.write_text("not read by export")
    env = _env(tmp_path, ESP_CLIENT_CERT=str(cert), ESP_CLIENT_KEY=str(key))
    assert main(["connection", "export", str(ESP), "-e", env]) == 0
    auth = json.loads(capsys.readouterr().out)["auth"]
    assert auth["mutualTls"] is True and auth["clientCertificate"] == str(cert) and auth["clientKey"] == str(key)


def test_review_says_mutual_tls_is_off_and_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connection", "review", str(ESP), "-e", str(SANDBOX_ENV)]) == 0
    out = capsys.readouterr().out
    assert "Mutual TLS:            off (auth.mtls.clientCert is empty: ESP_CLIENT_CERT=)" in out
    assert "Problems: none" not in out and "Problems: 0 errors, 1 warning" in out
    assert f"warning: {ESP} at /items/0/connection/auth/mtls: mutual TLS is off" in out
    assert "Variables:   email='test.user@example.com', firstName='Test'" in out  # settings are not variables


def test_review_lists_the_lint_warnings_of_a_single_item_file(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "public.json"
    path.write_text(json.dumps({"name": "Public API", "connection": {
        "auth": {"type": "none"}, "request": {"method": "POST", "url": "https://api.example/x"}}}))
    assert main(["connection", "review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Problems: 0 errors, 1 warning" in out and "auth type 'none' suits public APIs only" in out


def test_connection_test_names_empty_required_settings_before_sending(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    env = _env(tmp_path, ESP_CLIENT_ID="", ESP_CLIENT_SECRET="")
    assert main(["connection", "test", str(ESP), "-e", env]) == 2
    captured = capsys.readouterr()
    assert "Connection:" not in captured.out  # nothing was sent
    assert (f"error: {ESP} at /items/0/connection/auth/clientId: ESP_CLIENT_ID is empty (ESP_CLIENT_ID= in the "
            "environment or --var), but auth.clientId needs a value") in captured.err
    assert f"{ESP} at /items/0/connection/auth/clientSecret: ESP_CLIENT_SECRET is empty" in captured.err
    assert main(["validate", str(ESP), "-e", env]) == 2  # validate agrees


def test_a_missing_certificate_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "client.pem"
    env = _env(tmp_path, ESP_CLIENT_CERT=str(missing), ESP_CLIENT_KEY=str(missing))
    assert main(["connection", "test", str(ESP), "-e", env]) == 2
    captured = capsys.readouterr()
    assert "Connection:" not in captured.out
    assert (f"error: {ESP} at /items/0/connection/auth/mtls/clientCert: client certificate {str(missing)!r} "
            "(from ESP_CLIENT_CERT): no such file") in captured.err


def test_a_literal_missing_certificate_path_stops_a_run_on_load(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(ESP.read_text())
    data["items"][0]["connection"]["auth"]["mtls"] = {"clientCert": "certs/none.pem", "clientKey": "certs/none.key"}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    assert main(["run", str(path), "-e", str(SANDBOX_ENV)]) == 2
    assert "/items/0/connection/auth/mtls/clientCert: client certificate 'certs/none.pem'" in capsys.readouterr().err

"""The sandbox on loopback is a real server: Newman passes the Postman collection against it, and
`cdp-runner sandbox` serves it from the command line."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from runner.sandbox import CLIENT_KEY, POS, Sandbox, running

ROOT = Path(__file__).resolve().parents[2]
POSTMAN_COLLECTION = ROOT / "collections/stream/close-session.postman_collection.json"
POSTMAN_ENV = ROOT / "environments/sandbox.postman_environment.json"


def _tls_files(tmp_path: Path) -> tuple[str, str, str]:
    """(CA file, certificate chain, key) for 127.0.0.1, from a throwaway trustme CA."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file, chain, key = tmp_path / "ca.pem", tmp_path / "chain.pem", tmp_path / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return str(ca_file), str(chain), str(key)


def test_newman_passes_the_close_session_collection_against_the_sandbox(newman: str, tmp_path: Path) -> None:
    ca_file, chain, key = _tls_files(tmp_path)
    sandbox = Sandbox()
    report = tmp_path / "newman.json"
    with running(certfile=chain, keyfile=key, sandbox=sandbox) as base_url:
        host = base_url.split("://", 1)[1]
        proc = subprocess.run(
            [newman, "run", str(POSTMAN_COLLECTION), "-e", str(POSTMAN_ENV),
             "--env-var", f"apiEndpoint={host}", "--env-var", f"clientKey={CLIENT_KEY}",
             "--env-var", f"PointOfSale={POS}", "-r", "json", "--reporter-json-export", str(report)],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "NODE_EXTRA_CA_CERTS": ca_file},  # trust the test CA: no --insecure needed
        )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    run = json.loads(report.read_text())["run"]
    assertions = [a for ex in run["executions"] for a in ex.get("assertions", [])]
    assert len(run["executions"]) == 4 and len(assertions) >= 4
    assert [a["assertion"] for a in assertions if "error" in a] == []
    assert run["failures"] == []
    # Newman really drove the sandbox: one browser whose session was closed by FORCE_CLOSE
    (browser,) = sandbox.browsers.values()
    (session,) = browser.sessions
    assert session.status == "CLOSED" and session.close_reason == "FORCE_CLOSE"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_cli_sandbox_command_serves(tmp_path: Path, tls: bool) -> None:
    port = _free_port()
    args = [sys.executable, "-m", "runner", "sandbox", "--port", str(port)]
    verify: ssl.SSLContext | bool = False
    if tls:
        ca_file, chain, key = _tls_files(tmp_path)
        args += ["--certfile", chain, "--keyfile", key]
        verify = ssl.create_default_context(cafile=ca_file)
    scheme = "https" if tls else "http"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        response = None
        with httpx.Client(verify=verify, trust_env=False) as client:
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"cdp-runner sandbox exited with {proc.returncode}: {proc.stdout.read().decode()}")
                try:
                    response = client.get(f"{scheme}://127.0.0.1:{port}/v1.2/browser/create.json",
                                          params={"client_key": CLIENT_KEY, "message": "{}"})
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert response is not None, "the sandbox did not answer within 20 s"
            assert response.status_code == 200
            body = response.json()
            assert body["status"] == "OK" and len(body["ref"]) == 36
            wrong = client.get(f"{scheme}://127.0.0.1:{port}/v1.2/browser/create.json",
                               params={"client_key": "wrong", "message": "{}"})
            assert wrong.status_code == 401
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

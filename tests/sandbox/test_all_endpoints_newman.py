"""The collection that calls every endpoint of the public Sitecore CDP Postman collection: cdp-runner
passes it against the in-process sandbox, and Newman against `cdp-runner sandbox --port N` gives the
same outcomes (same requests, statuses and assertion results)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = ROOT / "collections/sitecore/all-endpoints.postman_collection.json"
ENVIRONMENT = ROOT / "environments/sandbox.postman_environment.json"


def outcomes_of_cdp_runner(tmp_path: Path) -> list[tuple[str, int, list[tuple[str, bool]]]]:
    proc = subprocess.run([sys.executable, "-m", "runner", "run", str(COLLECTION), "-e", str(ENVIRONMENT), "--quiet",
                           "-r", "json", "--report-dir", str(tmp_path / "runner")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((tmp_path / "runner" / "report.json").read_text())
    return [(e["name"], e["response"]["status"], [(a["name"], a["passed"]) for a in e["assertions"]])
            for e in report["executions"]]


def test_cdp_runner_passes_every_endpoint_in_process(tmp_path: Path) -> None:
    outcomes = outcomes_of_cdp_runner(tmp_path)
    public = json.loads(COLLECTION.read_text())
    assert len(outcomes) == sum(len(folder["item"]) for folder in public["item"])
    assert all(passed for _, _, asserts in outcomes for _, passed in asserts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tls_files(tmp_path: Path) -> tuple[str, str, str]:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    ca_file, chain, key = tmp_path / "ca.pem", tmp_path / "chain.pem", tmp_path / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return str(ca_file), str(chain), str(key)


@pytest.mark.slow
def test_newman_gives_the_same_outcomes_against_cdp_runner_sandbox(newman: str, tmp_path: Path) -> None:
    ca_file, chain, key = _tls_files(tmp_path)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "runner", "sandbox", "--port", str(port),
                               "--certfile", chain, "--keyfile", key],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        with httpx.Client(verify=False, trust_env=False) as probe:
            while True:
                try:
                    probe.get(f"https://127.0.0.1:{port}/")
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline, "cdp-runner sandbox did not start"
                    time.sleep(0.1)
        report = tmp_path / "newman.json"
        proc = subprocess.run(
            [newman, "run", str(COLLECTION), "-e", str(ENVIRONMENT), "--env-var", f"apiEndpoint=127.0.0.1:{port}",
             "-r", "json", "--reporter-json-export", str(report)],
            capture_output=True, text=True, timeout=300, env={**os.environ, "NODE_EXTRA_CA_CERTS": ca_file})
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    run = json.loads(report.read_text())["run"]
    newman_outcomes = [(ex["item"]["name"], ex["response"]["code"],
                        [(a["assertion"], "error" not in a) for a in ex.get("assertions", [])])
                       for ex in run["executions"]]
    assert newman_outcomes == outcomes_of_cdp_runner(tmp_path)

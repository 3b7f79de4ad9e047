"""The practitioners' gist collection gives exactly Newman's assertion outcomes (and messages) on the same server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = [
    ROOT / "collections/stream/close-session.postman_collection.json",
    ROOT / "tests/conformance/gist-failing.postman_collection.json",
]
ENV = ROOT / "environments/sandbox.postman_environment.json"


def newman_outcomes(newman: str, collection: Path, host: str, tmp_path: Path) -> tuple[int, list[tuple[str, str, bool, str | None]]]:
    report = tmp_path / "newman.json"
    proc = subprocess.run(
        [newman, "run", str(collection), "-e", str(ENV), "--env-var", f"apiEndpoint={host}", "--insecure",
         "-r", "json", "--reporter-json-export", str(report)],
        capture_output=True, text=True, timeout=120,
    )
    data = json.loads(report.read_text())
    outcomes = [(ex["item"]["name"], a["assertion"], "error" not in a, a.get("error", {}).get("message"))
                for ex in data["run"]["executions"] for a in ex.get("assertions", [])]
    return proc.returncode, outcomes


def our_outcomes(collection: Path, host: str, ca: str, tmp_path: Path) -> tuple[int, list[tuple[str, str, bool, str | None]]]:
    code = main(["run", str(collection), "-e", str(ENV), "--env-var", f"apiEndpoint={host}", "--ca-cert", ca,
                 "-r", "json", "--report-dir", str(tmp_path / "ours"), "--no-sandbox"])
    data = json.loads((tmp_path / "ours/report.json").read_text())
    return code, [(ex["name"], a["name"], a["passed"], a["message"]) for ex in data["executions"] for a in ex["assertions"]]


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda p: p.name)
def test_same_assertion_outcomes_as_newman(newman: str, tls_sandbox: tuple[str, str], tmp_path: Path,
                                            collection: Path) -> None:
    host, ca = tls_sandbox
    their_code, theirs = newman_outcomes(newman, collection, host, tmp_path)
    our_code, ours = our_outcomes(collection, host, ca, tmp_path)
    assert theirs, "Newman ran no assertion: the comparison would prove nothing"
    assert ours == theirs
    assert our_code == their_code


def test_failing_checks_really_fail(tls_sandbox: tuple[str, str], tmp_path: Path) -> None:
    """Independent of Newman: the deliberately failing checks fail, the others pass, exit code 1."""
    host, ca = tls_sandbox
    code, ours = our_outcomes(COLLECTIONS[1], host, ca, tmp_path)
    assert code == 1
    failed = {name for _, name, passed, _ in ours if not passed}
    assert failed == {"wrong status on purpose", "wrong type on purpose", "missing property on purpose"}

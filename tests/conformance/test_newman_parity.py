"""Newman parity: each case under ``cases/`` runs under Newman and under cdp-runner against the same echo
server, and both must put the same requests on the wire and reach the same assertion outcomes and exit code.

A case is a folder: ``collection.json`` (``ECHO_PORT`` stands for the echo server's port, ``CLOSED_PORT``
for a loopback port nothing listens on) and ``run.json``
naming what the run needs besides it: ``environment`` (``-e``), ``data`` (``-d``), ``globals`` (a
``{"KEY": "VALUE"}`` object given as ``--global-var``) and ``globals_file`` (``-g`` in Newman,
``--globals`` in cdp-runner). Both runs start in a copy of the case folder, so relative file paths (form
files) mean the same for both.

Compared, per request in the order the echo server got them: method, raw request target, Authorization,
Content-Type and body; per assertion in order: (request name, assertion name, passed/failed/skipped);
and the exit code.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import find_newman
from echo_server import serving

CASES = Path(__file__).resolve().parent / "cases"
TIMEOUT_S = 60

# Cases where cdp-runner and Newman differ today, each with why. Fixing a rule flips its cases: the
# entry must then be removed (strict xfail: an unexpected pass fails the test).
KNOWN_DIFFERENCES: dict[str, str] = {}

Request = dict[str, Any]
Assertion = tuple[str, str, str]


# --- what must differ between two runs, and only that --------------------------------------------------

# Values random or time-based by design (nonces, timestamps and the signatures computed over them);
# the parameter names are those of OAuth 1.0, Digest, Hawk, AWS Signature v4 and Akamai EdgeGrid.
_RANDOM_PARAMS = re.compile(
    r"\b(oauth_nonce|oauth_timestamp|oauth_signature|cnonce|response|nonce|ts|mac|Signature|signature|timestamp)"
    r"(=\"?)([^\",;&\s]*)")
_AWS_DATE = re.compile(r"(Credential=[^/]+/)\d{8}")


def _mask_random(text: str) -> str:
    return _AWS_DATE.sub(r"\1DATE", _RANDOM_PARAMS.sub(r"\1\2RANDOM", text))


def normalised(entry: dict[str, Any]) -> Request:
    """One logged request as compared. The multipart boundary is random by design: it is replaced by a
    placeholder in Content-Type and body; so are the nonces/timestamps/signatures above. Nothing else:
    both runs use the same server (so the same port), and Postman-Token (a random UUID) is not among
    the compared headers (a case checks its shape by a test script instead)."""
    headers = {k.lower(): v for k, v in entry["headers"]}
    content_type = headers.get("content-type")
    body = entry["body"]
    boundary = re.search(r"boundary=\"?([^\";]+)", content_type or "")
    if boundary:
        content_type = content_type.replace(boundary.group(1), "BOUNDARY")  # type: ignore[union-attr]
        body = body.replace(boundary.group(1), "BOUNDARY")
    auth = headers.get("authorization")
    return {
        "method": entry["method"],
        "target": _mask_random(entry["target"]),
        "authorization": None if auth is None else _mask_random(auth),
        "content-type": content_type,
        "body": _mask_random(body) if "oauth_" in body else body,
    }


# --- running a case ----------------------------------------------------------------------------------

def prepare(case: str, port: int, into: Path, closed_port: int = 0) -> tuple[Path, dict[str, Any]]:
    """A copy of the case folder with ECHO_PORT replaced by the port, CLOSED_PORT by closed_port (UTF-8
    and UTF-16 files alike)."""
    folder = into / case
    shutil.copytree(CASES / case, folder)
    for path in folder.iterdir():
        raw = path.read_bytes()
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            raw = raw.replace("ECHO_PORT".encode(encoding), str(port).encode(encoding))
            raw = raw.replace("CLOSED_PORT".encode(encoding), str(closed_port).encode(encoding))
        path.write_bytes(raw)
    spec = json.loads((folder / "run.json").read_text()) if (folder / "run.json").exists() else {}
    return folder, spec


def _file_options(spec: dict[str, Any]) -> list[str]:
    """cdp-runner's options for what run.json names."""
    options: list[str] = []
    if spec.get("environment"):
        options += ["-e", spec["environment"]]
    if spec.get("data"):
        options += ["-d", spec["data"]]
    if spec.get("globals_file"):
        options += ["--globals", spec["globals_file"]]
    for key, value in (spec.get("globals") or {}).items():
        options += ["--global-var", f"{key}={value}"]
    return options


class NewmanWorker:
    """Newman in one long-lived Node process (newman_worker.js) that runs one case at a time as the
    ``newman run`` CLI would, started in the case folder: Node and Newman start once per test
    process instead of once per case, which is most of the time a case takes."""

    def __init__(self, newman: str) -> None:
        package = Path(os.path.realpath(newman)).parent.parent  # .../newman/bin/newman.js -> .../newman
        node = shutil.which("node")
        if node is None or not (package / "package.json").exists():
            pytest.skip(f"Newman at {newman} is not a Node package this test can load (or node is missing)")
        self.argv = [node, str(Path(__file__).with_name("newman_worker.js")), str(package)]
        self._start()

    def _start(self) -> None:
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.pending = b""

    def run(self, folder: Path, spec: dict[str, Any], report: Path) -> int:
        if self.proc.poll() is not None:  # a case before this one crashed or hung it: a fresh one
            self._start()
        job = {"cwd": str(folder), "collection": "collection.json", "report": str(report),
               "environment": spec.get("environment"), "iterationData": spec.get("data"),
               "globals": spec.get("globals_file"),
               "globalVar": [{"key": k, "value": v} for k, v in (spec.get("globals") or {}).items()]}
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job).encode() + b"\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + TIMEOUT_S
        while (done := WORKER_DONE.search(self.pending)) is None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                self.close()
                raise TimeoutError(f"Newman did not finish within {TIMEOUT_S} s")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("the Newman worker ended unexpectedly")
            self.pending += chunk
        self.pending = self.pending[done.end():]
        return int(done.group(1))

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(5)


WORKER_DONE = re.compile(rb"@@newman-worker-done (\d+)\n")


@pytest.fixture(scope="session")
def newman_worker() -> Iterator[NewmanWorker]:
    found = find_newman()
    if found is None:
        pytest.skip("Newman is not installed: `npm install --prefix .ci/node newman@6` (done by .ci/run) or set NEWMAN")
    worker = NewmanWorker(found)
    try:
        yield worker
    finally:
        worker.close()


def run_newman(worker: NewmanWorker, folder: Path, spec: dict[str, Any]) -> tuple[int, list[Assertion]]:
    report = folder.parent / "newman.json"
    code = worker.run(folder, spec, report)
    if not report.exists():
        return code, []
    seen, outcomes = set(), []
    for ex in json.loads(report.read_text())["run"]["executions"]:
        # the JSON reporter lists an execution once more for each pm.sendRequest it made
        cursor = ex.get("cursor") or {}
        key = (cursor.get("ref"), cursor.get("iteration"), cursor.get("httpRequestId"))
        if key in seen:
            continue
        seen.add(key)
        for a in ex.get("assertions") or []:
            status = "skipped" if a.get("skipped") else "failed" if a.get("error") else "passed"
            outcomes.append((ex["item"]["name"], a["assertion"], status))
    return code, outcomes


def run_ours(folder: Path, spec: dict[str, Any]) -> tuple[int, list[Assertion], str]:
    report_dir = folder.parent / "ours"
    proc = subprocess.run([sys.executable, "-m", "runner", "run", "collection.json",
                           *_file_options(spec), "-r", "json", "--report-dir", str(report_dir)],
                          cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_S)
    report = report_dir / "report.json"
    if not report.exists():
        return proc.returncode, [], proc.stderr[-2000:]
    outcomes = []
    for ex in json.loads(report.read_text())["executions"]:
        for a in ex["assertions"]:
            status = "skipped" if a.get("skipped") else "passed" if a["passed"] else "failed"
            outcomes.append((ex["name"], a["name"], status))
    return proc.returncode, outcomes, proc.stderr[-2000:]


def _cases() -> list[Any]:
    names = sorted(p.name for p in CASES.iterdir() if (p / "collection.json").exists())
    unknown = set(KNOWN_DIFFERENCES) - set(names)
    assert not unknown, f"KNOWN_DIFFERENCES names cases that do not exist: {sorted(unknown)}"
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[name]))
            if name in KNOWN_DIFFERENCES else name for name in names]


@pytest.mark.slow
@pytest.mark.parametrize("case", _cases())
def test_same_as_newman(case: str, newman_worker: NewmanWorker, tmp_path: Path, closed_port: int) -> None:
    with serving() as server:
        port = server.server_address[1]
        folder, spec = prepare(case, port, tmp_path / "newman", closed_port)
        their_code, theirs = run_newman(newman_worker, folder, spec)
        their_wire = [normalised(e) for e in server.log]
        del server.log[:]
        folder, spec = prepare(case, port, tmp_path / "ours", closed_port)
        our_code, ours, stderr = run_ours(folder, spec)
        our_wire = [normalised(e) for e in server.log]
    assert their_wire or theirs, "Newman sent nothing and ran no test: the case would prove nothing"
    assert our_wire == their_wire, f"different requests on the wire\n{stderr}"
    assert ours == theirs, f"different assertion outcomes\n{stderr}"
    assert our_code == their_code, f"exit code {our_code}, Newman's {their_code}\n{stderr}"

"""The run's deadline (--timeout) bounds everything, the scripts' pm.sendRequest calls included,
and a script's time limit (--script-timeout) counts the time its requests wait; a request cut
short by --timeout is reported as a run timeout."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_json

from runner.core.engine import Run
from runner.errors import FailureKind
from runner.load import load_collection
from runner.model.options import RunOptions


@pytest.fixture
def slow(loopback: LoopbackServer) -> Iterator[LoopbackServer]:
    released = threading.Event()

    def quick(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.2)
        send_json(h, 200, {"ok": True})

    def stuck(h: BaseHTTPRequestHandler) -> None:
        released.wait(10)
        send_json(h, 200, {"late": True})

    loopback.route("GET", "/quick")(quick)
    loopback.route("GET", "/stuck")(stuck)
    yield loopback
    released.set()


def _collection(tmp_path: Path, items: list[dict]) -> Path:
    path = tmp_path / "deadline.json"
    path.write_text(json.dumps({"name": "deadline", "items": items}))
    return path


def test_a_chain_of_send_requests_stops_at_the_script_time_limit(slow: LoopbackServer, tmp_path: Path) -> None:
    chain = ("function again() { pm.sendRequest('" + slow.url + "/quick', function () { again(); }); }\n"
             "again();")
    path = _collection(tmp_path, [{"name": "chain", "prerequest": {"script": chain},
                                   "request": {"method": "GET", "url": slow.url + "/quick"}}])
    started = time.monotonic()
    # a subprocess: before the fix, this run never ended
    done = subprocess.run([sys.executable, "-m", "runner", "run", str(path), "--script-timeout", "1000"],
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 15
    assert done.returncode == 1, done.stderr
    assert "script exceeded time limit (1000 ms)" in done.stdout + done.stderr
    assert len(slow.requests) < 15  # about five of 200 ms each fit in one second, then the main request


def _run(path: Path, **options: object) -> tuple[list, float]:
    started = time.monotonic()
    executions = list(Run(load_collection(path), None, RunOptions(sandbox=False, **options)))  # type: ignore[arg-type]
    return executions, time.monotonic() - started


def test_a_slow_send_request_is_cut_at_the_run_deadline(slow: LoopbackServer, tmp_path: Path) -> None:
    script = "pm.sendRequest('" + slow.url + "/stuck', function (err) { pm.environment.set('err', String(err)); });"
    path = _collection(tmp_path, [{"name": "waits", "prerequest": {"script": script},
                                   "request": {"method": "GET", "url": slow.url + "/quick"}}])
    executions, took = _run(path, timeout_ms=1000)
    assert took < 3, took
    (ex,) = executions
    # cut in the script while it waits, or just after it: either way a run timeout
    assert ex.error_kind is FailureKind.TIMEOUT and "run timeout" in ex.error, ex.error


def test_a_request_cut_by_the_run_deadline_is_a_run_timeout(slow: LoopbackServer, tmp_path: Path) -> None:
    path = _collection(tmp_path, [{"name": "stuck", "request": {"method": "GET", "url": slow.url + "/stuck"}},
                                  {"name": "never", "request": {"method": "GET", "url": slow.url + "/quick"}}])
    executions, took = _run(path, timeout_ms=800)
    assert took < 3, took
    assert executions[0].error_kind is FailureKind.TIMEOUT
    assert executions[0].error.startswith("run timeout: the time limit for the whole run (--timeout) was reached "
                                          "while waiting for the response"), executions[0].error
    assert all(ex.error_kind is FailureKind.TIMEOUT for ex in executions)

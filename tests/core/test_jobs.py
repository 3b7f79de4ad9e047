"""``--jobs N``: collections run concurrently, and reports are the same as with ``--jobs 1``."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SANDBOX_ENV = str(ROOT / "environments/sandbox.env")
COLLECTIONS = [str(ROOT / "collections/stream/guest-journey.json"),
               str(ROOT / "collections/stream/close-session.json"),
               str(ROOT / "collections/personalize/guest-extension.json")]


def _without_timings(value: Any) -> Any:
    """A JSON report with the fields that differ between any two runs (times, generated ids) blanked."""
    if isinstance(value, dict):
        return {k: (None if k in ("timeMs", "durationMs") else _without_timings(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", value)
    return value


def _console(text: str) -> str:
    text = re.sub(r"\d+(\.\d+)? ?ms\b", "<ms>", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)


def test_two_jobs_give_the_same_reports_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports, outputs = [], []
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"jobs{jobs}"
        code = main(["run", *COLLECTIONS, "-e", SANDBOX_ENV, "--jobs", jobs, "-r", "cli", "-r", "json", "-r", "junit",
                     "--report-dir", str(out_dir)])
        assert code == 0
        reports.append(_without_timings(json.loads((out_dir / "report.json").read_text(encoding="utf-8"))))
        outputs.append(_console(capsys.readouterr().out))
    assert [r["collection"]["path"] for r in reports[0]["runs"]] == COLLECTIONS  # collection order kept
    assert reports[0] == reports[1]
    assert outputs[0] == outputs[1]
    junit = [re.sub(r'(time|timestamp)="[^"]*"', "", _console((tmp_path / f"jobs{j}" / "report.xml").read_text()))
             for j in ("1", "2")]
    assert junit[0] == junit[1]


def _native(name: str, url: str) -> dict[str, Any]:
    return {"name": name, "items": [{"name": f"{name} request", "request": {"method": "GET", "url": url},
                                     "assert": [{"status": 200}]}]}


def test_collections_really_run_at_the_same_time(tmp_path: Path, loopback: Any, capsys: Any) -> None:
    # Each request waits (up to 5 s) until the other collection's request has arrived too:
    # only concurrent runs pass.
    _barrier_route(loopback, 2, timeout=5)

    paths = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_native(name, f"{loopback.url}/together")), encoding="utf-8")
        paths.append(str(path))
    code = main(["run", *paths, "--jobs", "2", "-r", "json", "--report-dir", str(tmp_path / "r")])
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert [r["collection"]["name"] for r in report["runs"]] == ["first", "second"]
    assert [r["executions"][0]["response"]["status"] for r in report["runs"]] == [200, 200]
    assert code == 0


def test_bail_with_jobs_reports_only_up_to_the_failing_collection(tmp_path: Path, loopback: Any) -> None:
    @loopback.route("GET", "/fail")
    def fail(handler: Any) -> None:
        handler.send_response(500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    @loopback.route("GET", "/ok")
    def ok(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    paths = []
    for name, route in (("bad", "fail"), ("good", "ok")):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_native(name, f"{loopback.url}/{route}")), encoding="utf-8")
        paths.append(str(path))
    code = main(["run", *paths, "--jobs", "2", "--bail", "-r", "json", "--report-dir", str(tmp_path / "r")])
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert code == 1
    assert report["collection"]["name"] == "bad"  # one collection reported, as with --jobs 1


def test_jobs_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", COLLECTIONS[0], "-e", SANDBOX_ENV, "--jobs", "0"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def _barrier_route(loopback: Any, parties: int, timeout: float = 3) -> None:
    barrier = threading.Barrier(parties, timeout=timeout)

    @loopback.route("GET", "/together")
    def together(handler: Any) -> None:
        try:
            barrier.wait()
            status = 200
        except threading.BrokenBarrierError:
            status = 504
        body = json.dumps({"row": handler.path.rsplit("row=", 1)[-1]}).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _iterations_collection(tmp_path: Path, url: str, independent: bool) -> str:
    doc = {"name": "rows", "independentIterations": independent, "items": [
        {"name": "together", "request": {"method": "GET", "url": url, "query": {"row": "{{row}}"}},
         "assert": [{"status": 200}, {"that": "$.row", "equals": "{{row}}"}]}]}
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    data = tmp_path / "rows.csv"
    data.write_text("row\na\nb\nc\n", encoding="utf-8")
    return str(path)


def test_independent_iterations_run_at_the_same_time_and_report_in_order(tmp_path: Path, loopback: Any) -> None:
    _barrier_route(loopback, 3)  # passes only if all three iterations are in flight at once
    path = _iterations_collection(tmp_path, f"{loopback.url}/together", independent=True)
    code = main(["run", path, "-d", str(tmp_path / "rows.csv"), "--jobs", "3", "-r", "json", "-r", "junit",
                 "--report-dir", str(tmp_path / "r")])
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert [(e["iteration"], e["response"]["status"]) for e in report["executions"]] == [(0, 200), (1, 200), (2, 200)]
    assert report["summary"]["iterations"] == 3
    assert report["summary"]["requests"] == {"total": 3, "failed": 0}
    assert report["summary"]["assertions"] == {"total": 6, "failed": 0}
    assert code == 0


def test_iterations_not_marked_independent_stay_sequential(tmp_path: Path, loopback: Any) -> None:
    _barrier_route(loopback, 2, timeout=0.5)  # a second request never arrives while the first waits: 504s
    path = _iterations_collection(tmp_path, f"{loopback.url}/together", independent=False)
    code = main(["run", path, "-d", str(tmp_path / "rows.csv"), "-n", "2", "--jobs", "3", "-r", "json",
                 "--report-dir", str(tmp_path / "r")])
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert [e["response"]["status"] for e in report["executions"]] == [504, 504]
    assert code == 1

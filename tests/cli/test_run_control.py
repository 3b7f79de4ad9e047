"""Run control from the CLI: -d, -n, --folder, --bail, --delay-request, --timeout-request,
--retry, --timeout and --export-environment, against a loopback server started here."""

from __future__ import annotations

import csv
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import read_report, run_cli, serving, write_json


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with what it received. ``?delay=MS`` answers late; ``?fail=N``
    answers 503 to the first N requests on that path; ``?status=N`` answers with status N."""

    server: Any

    def _answer(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        with self.server.lock:
            self.server.hits[url.path] += 1
            hits = self.server.hits[url.path]
            self.server.log.append({"method": self.command, "path": url.path, "query": query, "body": body,
                                    "headers": {k.lower(): v for k, v in self.headers.items()}})
        if "delay" in query:
            time.sleep(float(query["delay"]) / 1000)
        status = int(query.get("status", 200))
        if hits <= int(query.get("fail", 0)):
            status = 503
        payload = json.dumps({"path": url.path, "query": query, "hits": hits, "body": body,
                              "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
            pass

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture
def echo() -> Iterator[Any]:
    """A loopback echo server on a free port; ``echo.url``, ``echo.log``, ``echo.hits``."""
    with serving(_Echo, lock=threading.Lock(), hits=Counter(), log=[]) as server:
        yield server


def _collection(tmp_path: Path, items: list[dict[str, Any]], name: str = "run control") -> str:
    return write_json(tmp_path / "c.json", {"name": name, "items": items})


def _get(name: str, url: str, *asserts: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, "assert": list(asserts) or [{"status": 200}]}


def _run(capsys: Any, *argv: str) -> tuple[int, str]:
    return run_cli(capsys, "run", *argv)


def _report(tmp_path: Path) -> dict[str, Any]:
    return read_report(tmp_path / "reports")


def _testcases(tmp_path: Path) -> list[ET.Element]:
    return ET.parse(tmp_path / "reports" / "report.xml").getroot().findall("./testsuite/testcase")


# -- iteration data ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["csv", "json"])
def test_data_file_rows_are_iterations_with_their_values(tmp_path: Path, capsys: Any, echo: Any, kind: str) -> None:
    rows = [{"user": "ann", "expected": "ann"}, {"user": "bob", "expected": "bob"}, {"user": "cy", "expected": "zz"}]
    data = tmp_path / f"data.{kind}"
    if kind == "csv":
        with data.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["user", "expected"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        data.write_text(json.dumps(rows), encoding="utf-8")
    coll = _collection(tmp_path, [_get("who", echo.url + "/users/{{user}}",
                                       {"that": "$.path", "equals": "/users/{{expected}}"})])
    code, out = _run(capsys, coll, "-d", str(data), "-r", "json", "-r", "junit",
                     "--report-dir", str(tmp_path / "reports"))
    assert code == 1  # the third row expects a different user
    assert [e["path"] for e in echo.log] == ["/users/ann", "/users/bob", "/users/cy"]
    report = _report(tmp_path)
    assert report["summary"]["iterations"] == 3
    assert [e["iteration"] for e in report["executions"]] == [0, 1, 2]
    cases = _testcases(tmp_path)
    assert [c.get("name") for c in cases] == ["who (iteration 1)", "who (iteration 2)", "who (iteration 3)"]
    assert [c.find("failure") is not None for c in cases] == [False, False, True]
    assert "/users/zz" in cases[2].find("failure").get("message")


def test_iteration_count_repeats_the_collection(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get("a", echo.url + "/a"), _get("b", echo.url + "/b")])
    code, out = _run(capsys, coll, "-n", "3", "-r", "json", "--report-dir", str(tmp_path / "reports"))
    assert code == 0
    assert echo.hits == Counter({"/a": 3, "/b": 3})
    assert _report(tmp_path)["summary"]["iterations"] == 3


# -- selection and stopping ----------------------------------------------------------------------

def test_folder_selects_folders_and_requests_by_name(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [
        {"name": "setup", "items": [_get("s1", echo.url + "/s1"), _get("s2", echo.url + "/s2")]},
        _get("alone", echo.url + "/alone"),
        _get("other", echo.url + "/other"),
    ])
    code, _ = _run(capsys, coll, "--folder", "setup", "--folder", "other", "-r", "json",
                   "--report-dir", str(tmp_path / "reports"))
    assert code == 0
    assert [e["path"] for e in echo.log] == ["/s1", "/s2", "/other"]
    code, out = _run(capsys, coll, "--folder", "nope")
    assert code == 2 and "nope" in out


def test_bail_stops_at_the_first_failure(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get("ok", echo.url + "/ok"), _get("bad", echo.url + "/bad?status=500"),
                                  _get("never", echo.url + "/never")])
    code, out = _run(capsys, coll, "--bail", "-n", "2", "-r", "cli", "-r", "json",
                     "--report-dir", str(tmp_path / "reports"))
    assert code == 1
    assert [e["path"] for e in echo.log] == ["/ok", "/bad"]
    assert [e["name"] for e in _report(tmp_path)["executions"]] == ["ok", "bad"]
    code, _ = _run(capsys, coll, "-n", "2")  # without --bail everything runs
    assert code == 1 and echo.hits["/never"] == 2


def test_delay_request_waits_between_requests(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get(n, f"{echo.url}/{n}") for n in ("a", "b", "c")])
    started = time.perf_counter()
    code, _ = _run(capsys, coll, "--delay-request", "150", "--quiet")
    elapsed = time.perf_counter() - started
    assert code == 0 and len(echo.log) == 3
    assert elapsed >= 0.3  # two pauses between three requests


# -- timeouts and retries ------------------------------------------------------------------------

def test_timeout_request_fails_the_request_with_a_reason(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get("slow", echo.url + "/slow?delay=1500"), _get("fast", echo.url + "/fast")])
    started = time.perf_counter()
    code, out = _run(capsys, coll, "--timeout-request", "200", "-r", "cli", "-r", "json",
                     "--report-dir", str(tmp_path / "reports"))
    assert time.perf_counter() - started < 1.4
    assert code == 1
    slow, fast = _report(tmp_path)["executions"]
    assert slow["response"] is None and "timeout" in slow["error"] and "200 ms" in slow["error"]
    assert fast["response"]["status"] == 200 and fast["error"] is None  # the run went on
    assert "1. slow" in out and "timeout" in out
    code, out = _run(capsys, coll, "--timeout-request", "0")
    assert code == 2 and "--timeout-request" in out


def test_retry_resends_and_reports_the_attempts(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get("flaky", echo.url + "/flaky?fail=2"), _get("fine", echo.url + "/fine")])
    started = time.perf_counter()
    code, out = _run(capsys, coll, "--retry", "3", "--retry-interval", "100", "-r", "cli", "-r", "json", "-r", "junit",
                     "--report-dir", str(tmp_path / "reports"))
    assert code == 0, out
    assert time.perf_counter() - started >= 0.2  # two pauses before the third attempt
    assert echo.hits["/flaky"] == 3
    flaky, fine = _report(tmp_path)["executions"]
    assert (flaky["attempts"], fine["attempts"]) == (3, 1)
    assert "(3 attempts)" in out
    assert "(3 attempts)" in _testcases(tmp_path)[0].find("system-out").text


def test_retry_gives_up_after_n_retries(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get("down", echo.url + "/down?fail=99")])
    code, _ = _run(capsys, coll, "--retry", "2", "-r", "json", "--report-dir", str(tmp_path / "reports"))
    assert code == 1
    (down,) = _report(tmp_path)["executions"]
    assert down["attempts"] == 3 and down["response"]["status"] == 503 and echo.hits["/down"] == 3


def test_whole_run_timeout_stops_and_fails(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll = _collection(tmp_path, [_get(n, f"{echo.url}/{n}?delay=80") for n in ("a", "b", "c", "d", "e")])
    started = time.perf_counter()
    code, out = _run(capsys, coll, "--timeout", "200", "-r", "cli", "-r", "json", "-r", "junit",
                     "--report-dir", str(tmp_path / "reports"))
    assert time.perf_counter() - started < 0.4
    assert code == 1
    executions = _report(tmp_path)["executions"]
    assert len(echo.log) < 5 and len(executions) < 5
    last = executions[-1]
    assert last["error"] and "timeout" in last["error"]
    assert "timeout" in out
    assert _testcases(tmp_path)[-1].find("error") is not None
    code, _ = _run(capsys, coll, "--timeout", "5000", "--quiet")  # enough time: passes
    assert code == 0


# -- exported environment ------------------------------------------------------------------------

def test_export_environment_masks_secrets_only_when_asked(tmp_path: Path, capsys: Any, echo: Any) -> None:
    env = tmp_path / "test.env"
    env.write_text("BASE=" + echo.url + "\nAPI_TOKEN=tok-abcdef-123456\nPLAIN=hello-world\nOPAQUE=opaque-999999\n")
    coll = _collection(tmp_path, [_get("a", "{{BASE}}/a?t={{API_TOKEN}}&o={{OPAQUE}}")])
    out_file = tmp_path / "out.postman_environment.json"
    code, out = _run(capsys, coll, "-e", str(env), "--secret", "OPAQUE", "--export-environment", str(out_file),
                     "--export-masked")
    assert code == 0
    assert echo.log[0]["query"] == {"t": "tok-abcdef-123456", "o": "opaque-999999"}  # the real values were sent
    values = {v["key"]: v for v in json.loads(out_file.read_text())["values"]}
    assert values["PLAIN"]["value"] == "hello-world"
    assert values["API_TOKEN"] == {"key": "API_TOKEN", "value": "*****", "type": "secret", "enabled": True}
    assert values["OPAQUE"]["value"] == "*****" and values["OPAQUE"]["type"] == "secret"
    assert "tok-abcdef-123456" not in out and "opaque-999999" not in out
    code, _ = _run(capsys, coll, "-e", str(env), "--secret", "OPAQUE", "--export-environment", str(out_file))
    values = {v["key"]: v["value"] for v in json.loads(out_file.read_text())["values"]}
    assert values["API_TOKEN"] == "tok-abcdef-123456" and values["OPAQUE"] == "opaque-999999"

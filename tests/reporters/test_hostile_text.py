"""Text from collections, servers and scripts cannot break a reporter or the terminal: lone UTF-16
surrogates (a JavaScript string sliced through an emoji, a ``\\ud800``) are written safely by every
reporter, and control and escape characters (ANSI sequences, ``\\x1b``, ``\\r``, C1 controls) print
as visible escapes on the console and never appear in JUnit XML where XML forbids them."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from conftest import send_bytes, serving

from runner.cli.main import main
from runner.model.collection import Collection
from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest, Summary
from runner.reporters.console import ConsoleReporter
from runner.reporters.html import HtmlReporter
from runner.reporters.json import JsonReporter
from runner.reporters.junit import JUnitReporter

ROOT = Path(__file__).resolve().parents[2]

# Raw characters that must not reach a terminal (tab and newline are fine).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What XML 1.0 cannot carry at all, even as a character reference.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|&#(0*(?:[0-8]|1[124-9]|2[0-9]|3[01])"
                           "|0*5[5-7][0-9]{3}|x0*(?:[0-8bcef]|1[0-9a-f]|d[89a-f][0-9a-f]{2}));", re.I)
HALF = "\ud83d"  # "😀".slice(0, 1) in JavaScript
INJECTED = ("\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\r", "\x9b", "\x00")
ON_A_TERMINAL = INJECTED[1:3] + INJECTED[4:]  # rich itself colours red and may move the cursor


def _hostile_collection() -> Collection:
    return Collection(name="coll \x1b[31mred\x1b[0m " + HALF, path="c\x1b]0;pwned\x07.json", format="native",
                      requests=[])


def _hostile() -> list[Execution]:
    response = ReceivedResponse(500, "Err\x1b[2J", [("X-Echo", "v\x1b[31m" + HALF)],
                                "body \x1b[2J\x00 \x9b and " + HALF + "\r\nline 2\rback", 1.0, 30)
    checks = [AssertionResult("check \x1b[31m" + HALF, False, "msg \x1b]0;pwned\x07 \ud800\r",
                              expected={"k": "\x1b[2J" + HALF}, actual={"k": "\x00"}),
              AssertionResult("passes \x9b\u202e", True),
              AssertionResult("plain failed", False, "failed", expected="a\x1b", actual=HALF)]
    return [
        Execution(item="folder \x1b[2J/req \r over " + HALF, name="req \r over " + HALF, iteration=0,
                  request=SentRequest("POST\x1b", "https://api.test/p\x1b[31m?m=%7B%22a%22%3A%22%5Cu001b%22%7D",
                                      [("X-H", "\x1b[2J" + HALF)], "sent \x1b[2J " + HALF),
                  response=response, assertions=checks,
                  console=[("log", "half " + HALF + " \x1b[2J cleared \r back"), ("warn\x1b", "\x00")]),
        Execution(item="refused \x1b[31m", name="refused \x1b[31m", iteration=1,
                  request=SentRequest("GET", "http://127.0.0.1:9/\x1b", [], None), response=None,
                  error="refused \x1b]0;pwned\x07 " + HALF, script_error=None,
                  assertions=[AssertionResult("status == 200", False, "refused")]),
    ]


def _feed(reporter: Any, executions: list[Execution]) -> None:
    collection = _hostile_collection()
    summary = Summary(iterations=2)
    for ex in executions:
        summary.add(ex)
    reporter.start(collection, len(executions))
    for ex in executions:
        reporter.execution(ex)
    reporter.end(collection, summary)
    reporter.close()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _assert_console_safe(out: str, injected: tuple[str, ...] = INJECTED) -> None:
    out.encode("utf-8")  # a real terminal (UTF-8) could take it
    for seq in injected:
        assert seq not in out, f"{seq!r} reached the terminal raw"
    assert not LONE_SURROGATE.search(out)
    assert "\\x1b[31m" in out and "\\x1b]0;pwned\\x07" in out and "\\ud83d" in out  # visible, not dropped


@pytest.mark.parametrize("verbose", [False, True], ids=["default", "verbose"])
def test_console_escapes_controls_and_surrogates(verbose: bool) -> None:
    stream = io.StringIO()
    _feed(ConsoleReporter(file=stream, verbose=verbose), _hostile())
    out = stream.getvalue()
    _assert_console_safe(out)
    assert not RAW_CONTROL.search(out), "no raw control character at all when not on a terminal"
    assert "\\r back" in out and "\\x9b" in out and "\\u202e" in out
    if verbose:
        assert "> X-H: \\x1b[2J\\ud83d" in out and "< X-Echo: v\\x1b[31m\\ud83d" in out


def test_console_on_a_terminal_keeps_its_own_colours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = _Tty()
    _feed(ConsoleReporter(file=tty, verbose=True, progress=True), _hostile())
    out = tty.getvalue()
    _assert_console_safe(out, ON_A_TERMINAL)
    assert "\x1b[" in out  # rich's own colours are still there


def test_json_report_writes_surrogates_as_escapes(tmp_path: Path) -> None:
    _feed(JsonReporter(str(tmp_path)), _hostile())
    raw = (tmp_path / "report.json").read_bytes()
    report = json.loads(raw.decode("utf-8"))  # valid UTF-8, valid JSON
    first = report["executions"][0]
    assert first["item"] == "folder \x1b[2J/req \r over " + HALF  # the same text, read back
    assert first["assertions"][0]["message"] == "msg \x1b]0;pwned\x07 \ud800\r"
    assert report["collection"]["name"] == "coll \x1b[31mred\x1b[0m " + HALF


def test_junit_report_is_valid_xml_with_visible_escapes(tmp_path: Path) -> None:
    _feed(JUnitReporter(str(tmp_path)), _hostile())
    text = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert not XML_FORBIDDEN.search(text), XML_FORBIDDEN.search(text)
    assert not re.search("[\x80-\x9f]", text)
    suite = ET.fromstring(text.encode("utf-8")).find("testsuite")
    assert suite is not None and suite.get("name") == "coll \\x1b[31mred\\x1b[0m \\ud83d"
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "req \\r over \\ud83d (iteration 1)"
    failure = case.find("failure")
    assert failure is not None and "check \\x1b[31m\\ud83d: msg \\x1b]0;pwned\\x07 \\ud800\n" in (failure.text or "")
    assert "log: half \\ud83d \\x1b[2J cleared \\r back" in (case.findtext("system-out") or "")


def test_html_report_is_written_with_visible_escapes(tmp_path: Path) -> None:
    _feed(HtmlReporter(str(tmp_path)), _hostile())
    html = (tmp_path / "report.html").read_text(encoding="utf-8")  # valid UTF-8
    assert not RAW_CONTROL.search(html.replace("\r\n", "\n")) and not LONE_SURROGATE.search(html)
    assert "check \\x1b[31m\\ud83d" in html and "half \\ud83d \\x1b[2J cleared \\r back" in html


# -- the CLI: a Postman collection whose scripts and server produce such text ---------------------

class _Noisy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        payload = "answer \x1b[2J\x1b]0;pwned\x07 \r\n\x9b done".encode()
        send_bytes(self, 500, payload, {"Content-Type": "text/plain; charset=utf-8"})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def noisy() -> Iterator[Any]:
    with serving(_Noisy) as server:
        yield server


SCRIPT = [
    "var half = '\ud83d\ude00'.slice(0, 1);",
    "console.log('half ' + half + ' \\u001b[2J cleared \\r back \\u009b');",
    "pm.test('name ' + half + ' \\ud800 \\u001b]0;pwned\\u0007', function () { pm.expect(1).to.equal(2); });",
    "pm.test('ansi \\u001b[31m red', function () { throw new Error('msg ' + half + '\\u001b[0m'); });",
    "pm.test('passes', function () { pm.expect(1).to.equal(1); });",
]


@pytest.mark.parametrize("verbose", [[], ["--verbose"]], ids=["default", "verbose"])
def test_cli_run_with_hostile_scripts_and_answers(tmp_path: Path, capsys: Any, noisy: Any, verbose: list[str]) -> None:
    collection = {
        "info": {"name": "hostile \x1b[31mred\x1b[0m",
                 "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "req \x1b]0;title\x07 \r over",
                  "request": {"method": "GET", "url": noisy.url + "/x?q=%1B%5B2J"},
                  "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": SCRIPT}}]}],
    }
    path = tmp_path / "hostile.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    out_dir = tmp_path / "out"
    code = main(["run", str(path), "-r", "cli", "-r", "json", "-r", "junit", "-r", "html",
                 "--report-dir", str(out_dir), *verbose])
    captured = capsys.readouterr()
    assert code == 1, captured.err  # the failed checks, no crash
    console = captured.out
    _assert_safe_cli(console)
    assert "\\x1b[2J" in console  # the server's answer, escaped (its body is shown: a 500)
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    names = [a["name"] for a in report["executions"][0]["assertions"]]
    assert names[0].startswith("name " + HALF) and report["summary"]["assertions"]["failed"] == 2
    xml = (out_dir / "report.xml").read_text(encoding="utf-8")
    assert not XML_FORBIDDEN.search(xml)
    ET.fromstring(xml.encode("utf-8"))
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "name \\ud83d" in html and not LONE_SURROGATE.search(html)


def _assert_safe_cli(out: str) -> None:
    out.encode("utf-8")
    assert not RAW_CONTROL.search(out), RAW_CONTROL.search(out)
    assert not LONE_SURROGATE.search(out)
    assert "name \\ud83d \\ud800 \\x1b]0;pwned\\x07" in out and "ansi \\x1b[31m red" in out
    assert "hostile \\x1b[31mred\\x1b[0m" in out and "req \\x1b]0;title\\x07 \\r over" in out


@pytest.mark.parametrize("engine", ["quickjs", "mini-racer"])
def test_a_lone_surrogate_in_script_source_runs_and_every_report_is_written(
        engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # the collection's JSON holds "\ud800" in the script text itself (not built by the script)
    monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", engine)
    collection = {"info": {"name": "s", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                  "item": [{"name": "r", "request": {"method": "GET",
                                                     "url": "https://{{apiEndpoint}}/v1.2/browser/create.json"},
                            "event": [{"listen": "test", "script": {"exec": [
                                "pm.test('x\ud800', () => {}); console.log('\ud800 in a string');"]}}]}]}
    path = tmp_path / "s.postman_collection.json"
    path.write_text(json.dumps(collection))
    reports = tmp_path / "reports"
    code = main(["run", str(path), "-e", str(ROOT / "environments/sandbox.postman_environment.json"),
                 "-r", "cli", "-r", "json", "-r", "junit", "-r", "html", "--report-dir", str(reports)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "✓ x\\ud800" in out and "\\ud800 in a string" in out
    assert sorted(p.name for p in reports.iterdir()) == ["report.html", "report.json", "report.xml"]

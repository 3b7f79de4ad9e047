"""Failures explain themselves (a failed check or a 4xx/5xx shows the request and the start of the
response body, without --verbose) and Stream API messages read as JSON, in the console, report.xml
and report.html; report.json keeps the URL as sent."""

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
from conftest import send_json, serving

from runner.cli.main import main
from runner.errors import FailureKind
from runner.model.collection import Collection
from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest, Summary
from runner.reporters.console import ConsoleReporter
from runner.reporters.html import HtmlReporter
from runner.reporters.json import JsonReporter
from runner.reporters.junit import JUnitReporter

MESSAGE = {"channel": "WEB", "type": "VIEW", "language": "EN", "page": "home page"}
ENCODED = ("%7B%22channel%22%3A%22WEB%22%2C%22type%22%3A%22VIEW%22%2C%22language%22%3A%22EN%22%2C"
           "%22page%22%3A%22home%20page%22%7D")
URL = "https://api.test/v1.2/event/create.json?client_key=*****&message=" + ENCODED
READABLE = 'message={"channel":"WEB","type":"VIEW","language":"EN","page":"home page"}'
WHY = '{"status": "error", "error": "missing pos"}'


def _executions() -> list[Execution]:
    refused = Execution(item="Stream/Refused", name="Refused", iteration=0,
                        request=SentRequest("GET", "http://127.0.0.1:9/ping", [], None), response=None,
                        error="connection refused", assertions=[AssertionResult("status == 200", False, "connection refused")])
    return [
        Execution(item="Stream/Create browser", name="Create browser", iteration=0,
                  request=SentRequest("GET", "https://api.test/v1.2/browser/create.json", [], None),
                  response=ReceivedResponse(200, "OK", [], '{"ref": "abc-secret-free"}', 2.0, 25),
                  assertions=[AssertionResult("status == 200", True)]),
        Execution(item="Stream/Send VIEW", name="Send VIEW", iteration=0,
                  request=SentRequest("GET", URL, [], None),
                  response=ReceivedResponse(400, "Bad Request", [("Content-Type", "application/json")], WHY, 3.0, 44),
                  assertions=[AssertionResult("status == 201", False, "expected status == 201, got 400", 201, 400),
                              AssertionResult("$.ref exists", False, "expected $.ref exists, got nothing", True, None),
                              AssertionResult("content type", True)]),
        Execution(item="Stream/Expected 404", name="Expected 404", iteration=0,
                  request=SentRequest("GET", "https://api.test/v2/guests/nobody", [], None),
                  response=ReceivedResponse(404, "Not Found", [], '{"error": "no such guest"}', 1.0, 26),
                  assertions=[AssertionResult("status == 404", True)]),
        refused,
    ]


def _collection() -> Collection:
    return Collection(name="Stream", path="stream.json", format="native", requests=[])


def _summary(executions: list[Execution]) -> Summary:
    s = Summary(iterations=1)
    for ex in executions:
        s.add(ex)
    return s


def _feed(reporter: Any, executions: list[Execution]) -> None:
    reporter.start(_collection(), len(executions))
    for ex in executions:
        reporter.execution(ex)
    reporter.end(_collection(), _summary(executions))
    reporter.close()


def _console(**options: Any) -> str:
    stream = io.StringIO()
    _feed(ConsoleReporter(file=stream, **options), _executions())
    return stream.getvalue()


@pytest.mark.parametrize("options", [{}, {"quiet": True}], ids=["default", "quiet"])
def test_console_failures_show_the_request_and_the_body_without_verbose(options: dict[str, Any]) -> None:
    failures = _console(**options).split("ailures", 1)[1]
    send_view = failures.split("2. Stream/Send VIEW › $.ref exists", 1)[1].split("3. ", 1)[0]
    # once per request, after its last failed check: the request, its JSON message, the body
    assert f"   request: GET https://api.test/v1.2/event/create.json?client_key=*****&{READABLE}" in send_view
    assert '       "page": "home page"' in send_view
    assert "   response: 400 Bad Request, 44 B, 3 ms" in send_view
    assert '       "error": "missing pos"' in send_view
    assert failures.count('"missing pos"') == 1
    refused = failures.split("3. Stream/Refused › error", 1)[1]
    assert "request: GET http://127.0.0.1:9/ping" in refused and "response:" not in refused


def test_console_shows_the_body_of_an_error_answer_the_checks_accept() -> None:
    out = _console()
    head = out.split("Failures", 1)[0]
    assert '  < {\n  <   "error": "no such guest"\n  < }' in head  # 404 expected by its check: still shown
    assert "abc-secret-free" not in out  # a 200 that passed: no body without --verbose
    assert "abc-secret-free" not in _console(quiet=True)


def test_console_cuts_a_long_body_and_says_how_much() -> None:
    executions = _executions()
    assert executions[1].response is not None
    executions[1].response.body = json.dumps({"errors": [f"problem {i}" for i in range(200)]})
    stream = io.StringIO()
    _feed(ConsoleReporter(file=stream), executions)
    out = stream.getvalue()
    assert '"problem 37"' in out and '"problem 38"' not in out  # 40 lines: "{", '"errors": [', 38 items
    assert "… showing 40 of 204 lines (" in out


def test_console_request_lines_show_stream_messages_as_json() -> None:
    out = _console()
    assert f"  GET https://api.test/v1.2/event/create.json?client_key=*****&{READABLE} [400 Bad Request" in out
    assert ENCODED not in out


def test_junit_failure_text_holds_the_request_and_the_body(tmp_path: Path) -> None:
    _feed(JUnitReporter(str(tmp_path)), _executions())
    cases = ET.parse(tmp_path / "report.xml").getroot().findall("testsuite/testcase")
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message") == "2 of 3 checks failed"
    text = failure.text or ""
    assert text.startswith("status == 201: expected status == 201, got 400\n$.ref exists:")
    assert f"request: GET https://api.test/v1.2/event/create.json?client_key=*****&{READABLE}" in text
    assert "response: 400 Bad Request, 44 B, 3 ms" in text and '"error": "missing pos"' in text
    assert READABLE in (cases[1].findtext("system-out") or "")
    error = cases[3].find("error")
    assert error is not None and "request: GET http://127.0.0.1:9/ping" in (error.text or "")


def test_report_json_keeps_the_url_as_sent(tmp_path: Path) -> None:
    _feed(JsonReporter(str(tmp_path)), _executions())
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["executions"][1]["request"] == {"method": "GET", "url": URL}


def _html(tmp_path: Path) -> str:
    _feed(HtmlReporter(str(tmp_path)), _executions())
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def test_html_opens_with_the_failures_list(tmp_path: Path) -> None:
    html = _html(tmp_path)
    listed = html.index('id="failures"')
    assert listed < html.index('<section class="run"') < html.index('<details class="exec')
    section = html[listed:html.index("</section>", listed)]
    rows = re.findall(r'<tr class="failure">(.*?)</tr>', section, re.S)
    assert len(rows) == 3  # two failed checks of one request, one refused request (its check never ran)
    first = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0])).strip()
    assert first == "GET Stream/Send VIEW 400 status == 201 status == 201 400"
    assert 'href="#r0-2"' in rows[0] and 'id="r0-2"' in html  # a link to the row
    assert "$.ref exists" in rows[1] and ">nothing<" in rows[1]
    assert "request error" in rows[2] and "connection refused" in rows[2]


def test_html_failed_rows_are_open_and_say_which_check_failed(tmp_path: Path) -> None:
    html = _html(tmp_path)
    rows = re.findall(r'<details class="exec[^>]*>.*?</summary>', html, re.S)
    opened = [bool(re.search(r"<details[^>]*\bopen>", row)) for row in rows]
    assert opened == [False, True, False, True]
    assert "✗ status == 201: expected status == 201, got 400" in rows[1]
    assert "✗ request error: connection refused" in rows[3]


def test_html_shows_stream_messages_as_json_and_the_url_as_sent(tmp_path: Path) -> None:
    html = _html(tmp_path)
    readable = READABLE.replace('"', "&#34;")
    assert f'<div class="url">GET https://api.test/v1.2/event/create.json?client_key=*****&amp;{readable}</div>' in html
    assert f"sent as {URL.replace('&', '&amp;')}" in html
    assert "message = {\n  &#34;channel&#34;: &#34;WEB&#34;," in html


# -- the CLI, as a user meets it -----------------------------------------------------------------

class _Picky(BaseHTTPRequestHandler):
    """Answers 400 with the reason in the body unless the query has ``pos``."""

    def do_GET(self) -> None:  # noqa: N802
        ok = "pos=" in self.path
        send_json(self, 201 if ok else 400, {"status": "OK"} if ok else {"status": "error", "error": "missing pos"})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def picky() -> Iterator[Any]:
    with serving(_Picky) as server:
        yield server


def test_cli_failed_check_shows_why_without_verbose(tmp_path: Path, capsys: Any, picky: Any) -> None:
    collection = tmp_path / "c.json"
    collection.write_text(json.dumps({"name": "stream", "items": [
        {"name": "send view", "request": {"method": "GET", "url": picky.url + "/event",
                                          "query": {"message": json.dumps(MESSAGE)}},
         "assert": [{"status": 201}]}]}), encoding="utf-8")
    code = main(["run", str(collection), "-r", "cli", "-r", "json", "--report-dir", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1
    assert "expected status == 201, got 400" in out and '"error": "missing pos"' in out
    assert '"channel":"WEB"' in out or '"channel": "WEB"' in out  # the message reads as JSON
    sent = json.loads((tmp_path / "out/report.json").read_text())["executions"][0]["request"]["url"]
    assert "message=%7B%22channel%22" in sent


def test_a_test_script_check_that_failed_after_a_request_error_is_a_failure_of_its_own(tmp_path: Path) -> None:
    """Test scripts run after a request error (as in Newman): a check they failed is listed after the
    error; a declared check that only carries the request's error is not listed again."""
    refused = Execution(item="Refused", name="Refused", iteration=0, request=None, response=None,
                        error="connection refused", error_kind=FailureKind.TRANSPORT,
                        assertions=[AssertionResult("script passes", True),
                                    AssertionResult("status 200", False, "expected response to have status code 200"),
                                    AssertionResult("status == 200", False, "connection refused",
                                                    kind=FailureKind.TRANSPORT)])
    stream = io.StringIO()
    _feed(ConsoleReporter(file=stream), [refused])
    failures = stream.getvalue().split("Failures", 1)[1]
    assert "1. Refused › error" in failures and "2. Refused › status 200" in failures
    assert "3. " not in failures and "status == 200" not in failures
    _feed(HtmlReporter(str(tmp_path)), [refused])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="failures"'):]
    rows = re.findall(r'<tr class="failure">(.*?)</tr>', section[:section.index("</section>")], re.S)
    assert len(rows) == 2 and "connection refused" in rows[0] and "status 200" in rows[1]
    _feed(JUnitReporter(str(tmp_path)), [refused])
    error = ET.parse(tmp_path / "report.xml").getroot().find("testsuite/testcase/error")
    assert error is not None and error.text == "status 200: expected response to have status code 200"

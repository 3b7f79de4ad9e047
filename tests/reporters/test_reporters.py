"""Reporters: console (rich), report.json, report.xml (JUnit), report.html (checked in a real
headless Chromium when installed), and the masking of every kind of secret in every output."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli, serving, write_json

from runner.model.collection import Collection
from runner.model.results import AssertionResult, Execution, ReceivedResponse, Redirect, SentRequest, Summary
from runner.reporters.console import ConsoleReporter
from runner.sandbox import API_TOKEN, CLIENT_KEY, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SANDBOX_HOST

ANSI = re.compile(r"\x1b\[")


class _Echo(BaseHTTPRequestHandler):
    """Reflects the request (headers, query, body) in a JSON answer: a worst case for leaks."""

    server: Any

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        received = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        self.server.log.append(received)
        payload = json.dumps(received).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[Any]:
    with serving(_Echo, log=[]) as server:
        yield server


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write(tmp_path: Path, name: str, document: Any) -> str:
    return write_json(tmp_path / name, document)


def _run(capsys: Any, *argv: str) -> tuple[int, str]:
    return run_cli(capsys, "run", *argv)


# -- secrets: every kind, in every output ------------------------------------------------------

PASSWORD = "hunter2-pass-word"          # *PASSWORD* name in the environment
MARKED = "marked-by-flag-31337"         # an ordinary name, marked with --secret
TYPED = "postman-typed-secret-77"       # Postman environment entry with type: secret
BASIC_USER = "alice"


def _secrets_collection(tmp_path: Path, echo_url: str) -> str:
    refused = f"http://127.0.0.1:{_closed_port()}"
    oauth = {"type": "oauth2", "accessTokenUrl": "https://{{API_ENDPOINT}}/oauth/token",
             "clientId": OAUTH_CLIENT_ID, "clientSecret": "{{OAUTH_CLIENT_SECRET}}"}
    return _write(tmp_path, "secrets.json", {"name": "secrets [everywhere]", "items": [
        {"name": "sandbox REST with Basic auth",
         "request": {"method": "GET", "url": "https://{{API_ENDPOINT}}/v2.1/guests",
                     "auth": {"type": "basic", "username": "{{CLIENT_KEY}}", "password": "{{API_TOKEN}}"}},
         "assert": [{"status": 200}]},
        {"name": "basic echoed",
         "request": {"method": "GET", "url": echo_url + "/basic?flag={{MARKED}}&typed={{opaque}}",
                     "auth": {"type": "basic", "username": BASIC_USER, "password": "{{MY_PASSWORD}}"}},
         "assert": [{"that": "$.headers.authorization", "equals": "something else"},
                    {"that": "$.path", "equals": "/nope"}]},
        {"name": "oauth2 bearer echoed",
         "request": {"method": "POST", "url": echo_url + "/bearer", "auth": oauth,
                     "body": {"json": {"key": "{{CLIENT_KEY}}", "token": "{{API_TOKEN}}", "opaque": "{{opaque}}",
                                       "password": "{{MY_PASSWORD}}", "flag": "{{MARKED}}"}}},
         "assert": [{"that": "$", "equals": {"expected": "an object that differs"}}]},
        {"name": "bearer and api key echoed",
         "request": {"method": "GET", "url": echo_url + "/apikey",
                     "headers": {"X-Custom": "Bearer {{API_TOKEN}}"},
                     "auth": {"type": "apikey", "key": "api_key", "value": "{{MY_PASSWORD}}", "in": "query"}},
         "assert": [{"that": "$.headers.x-custom", "equals": "shown in the failure"}]},
        {"name": "refused with secrets in the URL",
         "request": {"method": "GET", "url": refused + "/x?k={{CLIENT_KEY}}&p={{MY_PASSWORD}}"},
         "assert": [{"status": 200}]},
    ]})


def _secrets_environment(tmp_path: Path) -> str:
    values = {"API_ENDPOINT": SANDBOX_HOST, "CLIENT_KEY": CLIENT_KEY, "API_TOKEN": API_TOKEN,
              "OAUTH_CLIENT_SECRET": OAUTH_CLIENT_SECRET, "MY_PASSWORD": PASSWORD, "MARKED": MARKED}
    entries = [{"key": k, "value": v, "enabled": True} for k, v in values.items()]
    entries.append({"key": "opaque", "value": TYPED, "type": "secret", "enabled": True})
    return _write(tmp_path, "test.postman_environment.json",
                  {"name": "secrets", "values": entries, "_postman_variable_scope": "environment"})


def _forbidden(echo_log: list[dict[str, Any]]) -> list[str]:
    """Every secret value and credential form, including the OAuth2 token the sandbox issued."""
    basic = base64.b64encode(f"{BASIC_USER}:{PASSWORD}".encode()).decode()
    sandbox_basic = base64.b64encode(f"{CLIENT_KEY}:{API_TOKEN}".encode()).decode()
    bearer = next(e["headers"]["authorization"] for e in echo_log if e["path"] == "/bearer")
    token = bearer.removeprefix("Bearer ")
    assert token and token != bearer, "the bearer request went out with its token"
    return [CLIENT_KEY, API_TOKEN, OAUTH_CLIENT_SECRET, PASSWORD, MARKED, TYPED, basic, sandbox_basic, token]


@pytest.mark.parametrize("verbosity", ["--verbose", None, "--quiet"])
def test_no_secret_in_any_output(tmp_path: Path, capsys: Any, echo: Any, verbosity: str | None) -> None:
    coll, env = _secrets_collection(tmp_path, echo.url), _secrets_environment(tmp_path)
    exported = tmp_path / "exported.json"
    argv = [coll, "-e", env, "--secret", "MARKED", "-r", "cli", "-r", "json", "-r", "junit", "-r", "html",
            "--report-dir", str(tmp_path / "reports"), "--export-environment", str(exported), "--export-masked"]
    code, console = _run(capsys, *argv, *([verbosity] if verbosity else []))
    assert code == 1
    # The secrets really went out (so the echo reflected them into bodies and failure messages).
    sent = json.dumps(echo.log)
    assert PASSWORD in sent and MARKED in sent and TYPED in sent and API_TOKEN in sent
    outputs = {"console": console, "exported environment": exported.read_text()}
    for name in ("report.json", "report.xml", "report.html"):
        outputs[name] = (tmp_path / "reports" / name).read_text(encoding="utf-8")
    for where, text in outputs.items():
        for secret in _forbidden(echo.log):
            assert secret not in text, f"{secret!r} leaked into the {where}"
        assert "*****" in text, f"nothing masked in the {where}: the test would prove nothing"
    if verbosity == "--verbose":
        assert "authorization: *****" in console.lower()
    report = json.loads(outputs["report.json"])
    refused = report["executions"][-1]
    assert refused["response"] is None and refused["error"] and "*****" in refused["request"]["url"]


def test_exported_environment_keeps_secrets_only_when_asked(tmp_path: Path, capsys: Any, echo: Any) -> None:
    coll, env = _secrets_collection(tmp_path, echo.url), _secrets_environment(tmp_path)
    exported = tmp_path / "exported.json"
    _run(capsys, coll, "-e", env, "--secret", "MARKED", "--quiet", "--export-environment", str(exported),
         "--export-secrets")
    values = {v["key"]: v["value"] for v in json.loads(exported.read_text())["values"]}
    assert values["MY_PASSWORD"] == PASSWORD and values["opaque"] == TYPED and values["MARKED"] == MARKED


# -- console -----------------------------------------------------------------------------------

def _collection_obj(name: str = "Demo [v1]") -> Collection:
    return Collection(name=name, path="demo.json", format="native", requests=[])  # type: ignore[call-arg]


def _ex(name: str, *, status: int | None = 200, error: str | None = None,
        assertions: list[AssertionResult] | None = None, iteration: int = 0, attempts: int = 1) -> Execution:
    req = SentRequest("GET", f"https://api.test/{name}?q=[red]x[/red]", [("Accept", "application/json")], None)
    resp = None if status is None else ReceivedResponse(status, "OK" if status < 400 else "Error",
                                                         [("Content-Type", "application/json")],
                                                         '{"ok": [1]}', 12.5, 2048)
    return Execution(item=f"Folder/{name}", name=name, iteration=iteration, request=req, response=resp,
                     error=error, assertions=assertions or [], attempts=attempts)


def _summary(executions: list[Execution], iterations: int = 1) -> Summary:
    s = Summary(iterations=iterations)
    for ex in executions:
        s.add(ex)
    s.duration_ms = 42.0
    return s


def _console(executions: list[Execution], **options: Any) -> str:
    stream = io.StringIO()
    reporter = ConsoleReporter(file=stream, **options)
    collection = _collection_obj()
    reporter.start(collection, len(executions))
    for ex in executions:
        reporter.execution(ex)
    reporter.end(collection, _summary(executions))
    reporter.close()
    return stream.getvalue()


def _sample() -> list[Execution]:
    return [
        _ex("passes [x]", assertions=[AssertionResult("status == 200 [bold]", True)], attempts=2),
        _ex("body differs", assertions=[
            AssertionResult("status == 200", True),
            AssertionResult("$ == {...}", False, "expected $ == {...}, got {...}",
                            expected={"a": 1, "b": [1, 2]}, actual={"a": 2, "b": [1, 2]})], iteration=1),
        _ex("refused", status=None, error="connection refused [errno 111]",
            assertions=[AssertionResult("status == 200", False, "connection refused [errno 111]")]),
    ]


def test_console_prints_requests_checks_summary_and_numbered_failures() -> None:
    out = _console(_sample())
    assert not ANSI.search(out), "no colours or cursor moves when the output is not a terminal"
    # user text with square brackets prints as written (escaped, not taken as markup)
    assert "Demo [v1]" in out and "passes [x]" in out and "?q=[red]x[/red]" in out and "status == 200 [bold]" in out
    assert "GET https://api.test/passes [x]?q=[red]x[/red] [200 OK, 2.0 kB, 12ms] (2 attempts)" in out
    assert "✓ status == 200 [bold]" in out and "✗ 1. $ == {...}" in out
    assert "iteration 2 → Folder/body differs" in out
    assert "✗ 2. connection refused [errno 111]" in out
    for row in ("iterations", "requests", "scripts", "assertions"):
        assert re.search(rf"{row}\s*│\s*\d+\s*│\s*\d+", out), row
    assert re.search(r"requests\s*│\s*3\s*│\s*1", out) and re.search(r"assertions\s*│\s*4\s*│\s*2", out)
    assert "average response time: 12.5ms (min 12.5ms, max 12.5ms)" in out
    failures = out.split("Failures", 1)[1]
    # the request error counts once: the check that never ran is not another failure
    assert re.findall(r"^(\d+)\. ", failures, re.M) == ["1", "2"]
    assert "1. Folder/body differs (iteration 2) › $ == {...}" in failures
    assert '-  "a": 1,' in failures and '+  "a": 2,' in failures
    assert "2. Folder/refused › error" in failures


def test_console_quiet_prints_only_failures() -> None:
    assert _console([_ex("fine", assertions=[AssertionResult("ok", True)])], quiet=True) == ""
    out = _console(_sample(), quiet=True)
    assert "passes [x]" not in out and "executed" not in out
    assert "1. Folder/body differs" in out and "2. Folder/refused" in out


def test_console_verbose_adds_headers_and_bodies() -> None:
    out = _console(_sample()[:1], verbose=True)
    assert "> Accept: application/json" in out and "< Content-Type: application/json" in out
    assert '< {"ok": [1]}' in out


def _varied() -> Iterator[Execution]:
    """Executions of every shape the console prints: passed or not, odd text, redirects, notes."""
    message = "%7B%22type%22%3A%22VIEW%22%2C%22page%22%3A%22caf%C3%A9%20%E2%80%A6%22%7D"
    names = ["plain", "with [x]", "tab\there", "esc\x1b[31mred", "new\nline", "rtl\u202eevil"]
    for k, name in enumerate(names):
        for status in (200, 302, 404, None):
            for checks in ([], [AssertionResult("status == 200", True)],
                           [AssertionResult("ok", True), AssertionResult(f"named {name}", True)],
                           [AssertionResult("ok", True), AssertionResult("bad", False, "failed", 1, 2)],
                           [AssertionResult("skip me", True, skipped=True)]):
                ex = _ex(name, status=status, assertions=[AssertionResult(a.name, a.passed, a.message, a.expected,
                                                                          a.actual, a.skipped) for a in checks],
                         iteration=k % 3, attempts=1 + k % 2,
                         error="connection refused" if status is None else None)
                assert ex.request is not None
                ex.request.url = f"https://api.test/e?client_key=*****&message={message}" if k % 2 else ex.request.url
                yield ex
    extras: list[dict[str, Any]] = [{"console": [("log", "hello")]}, {"warnings": ["event lint: type: bad"]},
                                    {"redirects": [Redirect(302, "GET", "https://a.test/x", "https://a.test/y")]},
                                    {"skipped": True}]
    for extra in extras:
        ex = _ex("extra", assertions=[AssertionResult("ok", True)])
        for key, value in extra.items():
            setattr(ex, key, value)
        yield ex


def test_console_prints_a_passed_request_in_one_piece_as_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-piece lines of a passed request (``passed_block``) are those printed line by line."""
    from runner.reporters import console

    executions = list(_varied())
    assert sum(console.passed_block(ex) is not None for ex in executions) >= 20  # the fast path is taken
    for options in ({}, {"verbose": True}):
        fast = _console(executions, **options)
        with monkeypatch.context() as patch:
            patch.setattr(console, "passed_block", lambda ex: None)
            slow = _console(executions, **options)
        assert fast == slow


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_console_colours_and_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = _Tty()
    reporter = ConsoleReporter(file=tty)
    reporter.start(_collection_obj(), 3)
    assert reporter._progress is not None  # a live bar while the run goes
    for ex in _sample():
        reporter.execution(ex)
    assert reporter._progress.tasks[0].completed == 3
    reporter.end(_collection_obj(), _summary(_sample()))
    assert reporter._progress is None  # transient: gone before the summary
    assert ANSI.search(tty.getvalue())
    assert "\x1b[32m" in tty.getvalue() or "\x1b[1;32m" in tty.getvalue()  # green ticks
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Tty()
    reporter = ConsoleReporter(file=plain)
    for ex in _sample():
        reporter.execution(ex)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", plain.getvalue()), "NO_COLOR: no colour codes"
    piped = ConsoleReporter(file=io.StringIO())
    piped.start(_collection_obj(), 3)
    assert piped._progress is None


# -- JSON and JUnit ------------------------------------------------------------------------------

def _sandbox_run(tmp_path: Path, capsys: Any, *extra: str) -> int:
    repo = Path(__file__).resolve().parents[2]
    code, _ = _run(capsys, str(repo / "collections/stream/close-session.json"),
                   "-e", str(repo / "environments/sandbox.env"), "-r", "json", "-r", "junit", "-r", "html",
                   "--report-dir", str(tmp_path / "reports"), *extra)
    return code


def test_json_report_has_the_contract_shape(tmp_path: Path, capsys: Any) -> None:
    assert _sandbox_run(tmp_path, capsys) == 0
    report = json.loads((tmp_path / "reports/report.json").read_text())
    assert report["collection"]["name"] == "CDP Stream - close a session"
    assert report["collection"]["path"].endswith("collections/stream/close-session.json")
    s = report["summary"]
    assert s["iterations"] == 1 and s["requests"] == {"total": 4, "failed": 0}
    assert s["assertions"]["failed"] == 0 and isinstance(s["durationMs"], float)
    first = report["executions"][0]
    assert set(first) >= {"item", "name", "iteration", "request", "response", "error", "assertions"}
    assert set(first["request"]) == {"method", "url"} and set(first["response"]) == {"status", "timeMs", "size"}
    assert first["assertions"][0] == {"name": "status == 200", "passed": True, "message": None}
    assert first["attempts"] == 1 and "client_key=*****" in first["request"]["url"]


def test_junit_report(tmp_path: Path, capsys: Any, echo: Any) -> None:
    port = _closed_port()
    coll = _write(tmp_path, "c.json", {"name": "Junit & <co>", "items": [
        {"name": "folder", "items": [
            {"name": "ok", "request": {"method": "GET", "url": echo.url + "/ok"}, "assert": [{"status": 200}]}]},
        {"name": "fails", "request": {"method": "GET", "url": echo.url + "/f"},
         "assert": [{"status": 201}, {"that": "$.path", "equals": "/g"}, {"status": 200}]},
        {"name": "refused", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/"},
         "assert": [{"status": 200}]},
    ]})
    code, _ = _run(capsys, coll, "-n", "2", "-r", "junit", "--report-dir", str(tmp_path / "reports"))
    assert code == 1
    root = ET.parse(tmp_path / "reports/report.xml").getroot()
    assert root.tag == "testsuites" and root.get("tests") == "6"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "Junit & <co>"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "2")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [f"{n} (iteration {i})" for i in (1, 2) for n in ("ok", "fails", "refused")]
    assert cases[0].get("classname") == "Junit & <co> / folder"
    failure = cases[1].find("failure")
    assert failure.get("message") == "2 of 3 checks failed"
    assert "status == 201" in failure.text and "/g" in failure.text
    error = cases[2].find("error")
    assert error.get("type") == "RequestError" and "refused" in error.get("message").lower()
    assert cases[0].find("failure") is None and cases[0].find("error") is None


# -- HTML ----------------------------------------------------------------------------------------

def _html_run(tmp_path: Path, capsys: Any, echo: Any) -> Path:
    coll = _write(tmp_path, "c.json", {"name": "<script>alert(1)</script> html", "items": [
        {"name": "create <b>browser</b>", "request": {"method": "GET", "url": echo.url + "/create"},
         "assert": [{"status": 200}]},
        {"name": "broken check", "request": {"method": "POST", "url": echo.url + "/post",
                                             "body": {"json": {"hello": "world"}}},
         "assert": [{"that": "$.path", "equals": "/elsewhere"}]},
        {"name": "read back", "request": {"method": "GET", "url": echo.url + "/read"}, "assert": [{"status": 200}]},
    ]})
    code, _ = _run(capsys, coll, "-r", "html", "--report-dir", str(tmp_path / "reports"))
    assert code == 1
    return tmp_path / "reports/report.html"


def test_html_report_is_self_contained_and_escaped(tmp_path: Path, capsys: Any, echo: Any) -> None:
    html = _html_run(tmp_path, capsys, echo).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "create &lt;b&gt;browser&lt;/b&gt;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no network assets"
    assert "<style>" in html and html.count("<script>") == 1
    assert html.count('<details class="exec') == 3 and 'data-failed="1"' in html
    assert "&#34;hello&#34;: &#34;world&#34;" in html or "&quot;hello&quot;" in html  # request body, pretty JSON


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dom(browser: str, page: Path, fragment: str, tmp_path: Path) -> str:
    profile = tmp_path / f"profile{abs(hash(fragment))}"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_report_filters_in_a_real_browser(tmp_path: Path, capsys: Any, echo: Any) -> None:
    browser = _chromium()
    assert browser is not None
    page = _html_run(tmp_path, capsys, echo)

    def shown(dom: str) -> list[str]:
        rows = re.findall(r'<details class="exec([^"]*)"[^>]*>.*?<strong class="item">(.*?)</strong>', dom, re.S)
        return [name for classes, name in rows if "hidden" not in classes.split()]

    dom = _dom(browser, page, "", tmp_path)
    assert 'data-ready="1"' in dom, "the inline script ran"
    assert shown(dom) == ["create &lt;b&gt;browser&lt;/b&gt;", "broken check", "read back"]
    assert "showing 3 of 3 requests" in dom
    dom = _dom(browser, page, "#failed", tmp_path)
    assert shown(dom) == ["broken check"] and "showing 1 of 3 requests" in dom
    dom = _dom(browser, page, "#q=READ%20get", tmp_path)  # words, any case, all must match
    assert shown(dom) == ["read back"]
    dom = _dom(browser, page, "#q=create&failed", tmp_path)
    assert shown(dom) == [] and "showing 0 of 3 requests" in dom


def _chromium_run(browser: str, tmp_path: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--window-size=1200,900", f"--user-data-dir={tmp_path / ('profile-' + name)}", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(b"".join(chunks)), width * bpp, []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a, b = (line[i - bpp] if i >= bpp else 0), prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


# Measures the failures list as the browser lays it out, with no click: appended to a copy of the page.
_PROBE = """<script>
(function () {
  var list = document.getElementById("failures"), box = list.getBoundingClientRect(), style = getComputedStyle(list);
  var failed = document.querySelector("details.exec.failed");
  document.body.setAttribute("data-probe", JSON.stringify({
    top: box.top, height: box.height, viewport: innerHeight, display: style.display, visibility: style.visibility,
    text: list.innerText, rowOpen: failed.open, rowText: failed.innerText}));
})();
</script>
</body>"""


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_failures_list_is_visible_without_a_click(tmp_path: Path, capsys: Any, echo: Any) -> None:
    import html as html_lib

    browser = _chromium()
    assert browser is not None
    page = _html_run(tmp_path, capsys, echo)
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE), encoding="utf-8")
    dom = _chromium_run(browser, tmp_path, "dom", "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, "the probe ran"
    seen = json.loads(html_lib.unescape(found.group(1)))
    assert seen["display"] != "none" and seen["visibility"] == "visible" and seen["height"] > 20
    assert 0 <= seen["top"] < seen["viewport"] / 2, "the failures list opens the page"
    text = " ".join(seen["text"].split())  # what is rendered, as a reader sees it
    assert "1 failure" in text and "POST broken check" in text and "$.path == " in text
    assert '"/elsewhere"' in text and '"/post"' in text  # expected and got
    assert seen["rowOpen"] and 'expected $.path == "/elsewhere", got "/post"' in seen["rowText"]
    assert "Response 200 OK" in seen["rowText"]  # the failed row shows its answer without a click

    shot = tmp_path / "report.png"
    _chromium_run(browser, tmp_path, "shot", f"--screenshot={shot}", page.as_uri())
    width, height, rows = _png(shot.read_bytes())
    assert (width, height) == (1200, 900)
    bpp = len(rows[0]) // width
    pixels = {row[i:i + 3] for row in rows[::4] for i in range(0, len(row), bpp * 4)}
    assert len(pixels) > 20, "the screenshot shows a page, not a blank"
    red = sum(1 for row in rows[80:400] for i in range(0, len(row), bpp)
              if row[i] > 180 and row[i + 1] < 90 and row[i + 2] < 90)
    assert red > 500, "the red failures list is in the first screen"

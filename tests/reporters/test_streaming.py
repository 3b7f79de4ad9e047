"""Streaming reporters: the JSON, JUnit and HTML reports spooled to disk are byte-for-byte what
the in-memory reporters wrote (``json.dump(indent=2)``; golden files in ``golden/streaming``),
their memory stays flat however long the run, and the plain console path prints what rich prints."""

from __future__ import annotations

import gc
import io
import json
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runner import __version__
from runner.model.collection import Collection
from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest, Summary
from runner.reporters import html as html_reporter
from runner.reporters.console import ConsoleReporter
from runner.reporters.html import HtmlReporter
from runner.reporters.json import JsonReporter
from runner.reporters.junit import JUnitReporter


def _ex(i: int, *, skipped: bool = False, failed: bool = False) -> Execution:
    return Execution(
        item=f"folder/req {i} \u00e9 [x] \"q\"", name=f"req {i}", iteration=i % 2,
        request=SentRequest("GET", f"http://127.0.0.1/{i}?m=%7B%7D\u2028", [("a", "b")], None),
        response=None if failed else ReceivedResponse(201, "Created", [("k", "v")], "{}", 1.25 * i, 10 + i),
        error="connection refused\nsecond line" if failed else None,
        assertions=[AssertionResult("status == 201", not failed, "no\tresponse" if failed else None)],
        skipped=skipped,
    )


def _collection(name: str) -> Collection:
    return Collection(name=name, path=f"/tmp/{name}.json", format="native", requests=[])


def _expected(runs: list[tuple[Collection, list[Execution], Summary]]) -> str:
    docs = [{"collection": {"name": c.name, "path": c.path}, "summary": s.to_json(),
             "executions": [e.to_json() for e in exs if not e.skipped]} for c, exs, s in runs]
    document = docs[0] if len(docs) == 1 else {"runs": docs}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("shape", [
    [3],            # one collection
    [0],            # one collection, nothing executed
    [2, 0, 5],      # several collections, one empty in the middle
    [1, 1],
])
def test_json_report_streamed_equals_the_in_memory_document(tmp_path: Path, shape: list[int]) -> None:
    runs = []
    for k, count in enumerate(shape):
        exs = [_ex(i, skipped=(i == 1), failed=(i == 2)) for i in range(count)]
        summary = Summary(iterations=1)
        for e in exs:
            summary.add(e)
        runs.append((_collection(f"c{k} \u00fc"), exs, summary))
    _report(JsonReporter(str(tmp_path / "out")), runs)
    text = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert text == _expected(runs)


def test_console_plain_path_prints_what_rich_prints() -> None:
    exs = [_ex(0), _ex(1, skipped=True), _ex(2, failed=True), _ex(3)]
    exs[3].console = [("log", "hi [bold]x[/bold] :smile: \x07bell"), ("warn", "tab\there")]
    outputs = []
    for plain in (True, False):
        buf = io.StringIO()
        reporter = ConsoleReporter(file=buf, verbose=True)
        if not plain:
            reporter._plain_stream = None  # force every line through rich
        c = _collection("c")
        reporter.start(c, len(exs))
        for e in exs:
            reporter.execution(e)
        summary = Summary(iterations=2)
        for e in exs:
            summary.add(e)
        reporter.end(c, summary)
        reporter.close()
        outputs.append(buf.getvalue())
    assert "→ folder/req 3" in outputs[0]
    assert outputs[0] == outputs[1]


# --- report.xml and report.html: streamed, byte-for-byte what the in-memory reporters wrote ---

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "streaming"
SHAPES = ("full", "single", "none")  # several collections (one empty) / one, 2 iterations / no collection


def _varied(i: int) -> Execution:
    """One execution of a kind picked by ``i``: every branch the JUnit and HTML reporters take."""
    kind = i % 8
    sent = SentRequest("POST" if kind % 2 else "GET", f"http://127.0.0.1:9/{i}?q=<&>\"'\u00e9",
                       [("Content-Type", "application/json"), ("X-Tab", "a\tb\r\nc")],
                       '{"hello": "world", "n": [1, 2]}' if kind in (1, 5) else ("x" * 100 if kind == 3 else None))
    body = {0: '{"ok": true, "list": [1, 2, {"k": "<b>v</b>"}]}', 1: "plain <text> & more\r\nline\x07bell",
            2: "", 3: "y" * 150, 4: '{"broken": ', 5: "[]", 6: "\u2028\u00fc\U0001f600", 7: "{}"}[kind]
    response = ReceivedResponse(400 + i if kind == 2 else 200, "OK <&>", [("Set-Cookie", "a=b; \"c\""), ("X", "")],
                                body, 12.5 * i + (0.25 if kind == 4 else 0), 100 + i)
    checks = [AssertionResult("status == 200", kind != 2, None if kind != 2 else "status was <400>\nnot 200"),
              AssertionResult("body.ok exists", kind not in (2, 6), None if kind not in (2, 6) else "missing\t\"ok\""),
              AssertionResult("skipped check", False, "not run", skipped=True)]
    ex = Execution(item=f"folder <{i % 3}>/sub/req {i}" if i % 3 else f"req {i}", name=f"req {i}",
                   iteration=i % 2, request=sent, response=response, assertions=checks)
    if kind == 3:  # no answer at all
        ex.response, ex.error, ex.attempts = None, "connection refused: 127.0.0.1:9\nretried", 3
        ex.assertions = [AssertionResult("status == 200", False, "no response")]
    elif kind == 4:  # a script broke, with a response
        ex.error, ex.script_error = "TypeError: x is undefined\x00", "TypeError: x is undefined"
    elif kind == 5:
        ex.skipped, ex.response, ex.assertions = True, None, []
    elif kind == 6:  # console output, an error besides failed checks
        ex.console = [("log", "hi [bold]x[/bold] \x01\x1b[31m"), ("warn", "tab\there\nnext"), ("error", "\ufffe")]
        ex.error = "capture token: $.token not found"
    elif kind == 7:
        ex.item, ex.name = "renamed item", "other name"
        ex.assertions = []
    return ex


def _golden_runs(shape: str) -> list[tuple[Collection, list[Execution], Summary]]:
    if shape == "none":
        return []
    plan = {"full": [(11, 1), (0, 1), (4, 3)], "single": [(9, 2)]}[shape]
    runs = []
    for k, (count, iterations) in enumerate(plan):
        exs = [_varied(i + 3 * k) for i in range(count)]
        summary = Summary(iterations=iterations, duration_ms=1234.5678 * (k + 1))
        for e in exs:
            summary.add(e, scripts=1)
        c = Collection(name=f"c{k} <&> \"\u00fc\"\x02", path=f"/tmp/c{k} & <x>.json", format="native", requests=[])
        runs.append((c, exs, summary))
    return runs


def _report(reporter: Any, runs: list[tuple[Collection, list[Execution], Summary]]) -> None:
    for c, exs, s in runs:
        reporter.start(c, len(exs))
        for e in exs:
            reporter.execution(e)
        reporter.end(c, s)
    reporter.close()


def _steady(text: str) -> str:
    """The report without what differs run to run or release to release (clock, host, version)."""
    text = text.replace(f"cdp-runner {__version__}", "cdp-runner -")
    text = re.sub(r'(timestamp|hostname)="[^"]*"', r'\1="-"', text)
    return re.sub(r"generated \S+ by", "generated - by", text)


@pytest.mark.parametrize("shape", SHAPES)
def test_junit_and_html_streamed_equal_the_in_memory_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              shape: str) -> None:
    """The golden files pin the reports' bytes (first written by the in-memory reporters, regenerated
    when the reports' content changed); reporters/test_report_equivalence.py checks that the streamed
    reports are still what the in-memory way gives."""
    monkeypatch.setattr(html_reporter, "BODY_SHOWN", 40)  # so the golden page shows cut bodies and stays small
    for reporter, name in ((JUnitReporter(str(tmp_path)), "report.xml"), (HtmlReporter(str(tmp_path)), "report.html")):
        _report(reporter, _golden_runs(shape))
        text = (tmp_path / name).read_text(encoding="utf-8")
        golden = (GOLDEN / f"{shape}.{name.split('.')[1]}").read_text(encoding="utf-8")
        assert _steady(text) == golden, f"{name} for {shape!r} differs from {GOLDEN.name}/{shape}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.xml"]  # spools are gone


def _peak_bytes(make: Any, count: int, tmp_path: Path) -> int:
    """Peak traced memory while ``count`` executions stream through a reporter (each dropped after)."""
    def executions() -> Iterator[Execution]:
        for i in range(count):
            ex = _varied(i)
            if ex.response is not None:
                ex.response.body = '{"data": "' + "z" * 4000 + f'", "i": {i}}}'
            yield ex

    c = _collection("long run")
    summary = Summary(iterations=2)
    gc.collect()
    tracemalloc.start()
    try:
        reporter = make(str(tmp_path / str(count)))
        reporter.start(c, count)
        for ex in executions():
            summary.add(ex)
            reporter.execution(ex)
        reporter.end(c, summary)
        reporter.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("make", [JsonReporter, JUnitReporter, HtmlReporter], ids=["json", "junit", "html"])
def test_reporters_memory_stays_flat_however_long_the_run(tmp_path: Path, make: Any) -> None:
    _peak_bytes(make, 5, tmp_path)  # warm up: imports, template compilation
    small = _peak_bytes(make, 100, tmp_path)
    large = _peak_bytes(make, 1000, tmp_path)
    # kept in memory, 900 more executions of ~4 kB each would add several MB
    assert large < small + 512 * 1024, f"peak {small} B for 100 executions, {large} B for 1000"

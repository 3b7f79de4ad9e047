"""Streaming reporters: the JSON report spooled to disk is byte-for-byte the in-memory
``json.dump(indent=2)`` document, and the plain console path prints what rich prints."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from runner.model import Collection
from runner.reporters.console import ConsoleReporter
from runner.reporters.json import JsonReporter
from runner.results import AssertionResult, Execution, ReceivedResponse, SentRequest, Summary


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
    reporter = JsonReporter(str(tmp_path / "out"))
    for c, exs, s in runs:
        reporter.start(c, len(exs))
        for e in exs:
            reporter.execution(e)
        reporter.end(c, s)
    reporter.close()
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

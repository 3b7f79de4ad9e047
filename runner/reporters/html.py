"""``report.html``: one self-contained page (inline CSS and JS, no network) to read a run.

It opens with the list of failures (request, check, expected, got, a link to the row); failed
rows come expanded and say which check failed and why. Then the summary per collection and every
request run, filterable by text and by failed-only, each expanding to its request (JSON query
values decoded), checks and response. User text goes through ``display.printable`` (control
characters and lone surrogates shown as escapes). Rendered with Jinja2 (autoescape on) from
``templates/report.html.j2``; executions are reduced to small dicts as they stream past
(bodies cut to ``BODY_SHOWN`` characters) and spooled to a temporary file as JSON lines; the
page is streamed from that spool at the end, so memory stays flat however long the run.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import IO, Any

from runner._version import __version__
from runner.errors import FailureKind
from runner.model.collection import Collection
from runner.model.results import AssertionResult, Execution, Summary
from runner.reporters.display import display_url, listed_failures, pretty_json, printable, query_lines, redirect_lines

BODY_SHOWN = 16 * 1024  # characters of each body kept in the page
SHOWN_IN_LIST = 300  # characters of an expected or actual value in the failures list
_EXPECTED_GOT = re.compile(r"expected (.*), got (.*)", re.S)
_ERROR_LABELS = {FailureKind.SCRIPT: "script error", FailureKind.TRANSPORT: "request error",
                 FailureKind.TIMEOUT: "timeout", FailureKind.INPUT: "input error"}


def _body(text: str | None) -> dict[str, Any] | None:
    """A body for display: pretty-printed when it is JSON, cut when long."""
    if not text:
        return None
    shown = pretty_json(text) or text
    cut = max(len(shown) - BODY_SHOWN, 0)
    return {"text": printable(shown[:BODY_SHOWN]), "cut": cut}


def _brief(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return printable(text if len(text) <= SHOWN_IN_LIST else text[:SHOWN_IN_LIST] + " …")


def _failure(check: str, message: str | None, a: AssertionResult | None = None) -> dict[str, Any]:
    """One line of the failures list: the check, and what was expected and what came when known."""
    found = _EXPECTED_GOT.fullmatch(message or "")
    if found:
        expected, got = found.group(1), found.group(2)
    elif a is not None and (a.expected is not None or a.actual is not None):
        expected, got = a.expected, a.actual
    else:
        return {"check": printable(check), "expected": None, "got": None, "message": printable(message or "failed")}
    return {"check": printable(check), "expected": _brief(expected), "got": _brief(got),
            "message": printable(message or "failed")}


def _failures(ex: Execution) -> list[dict[str, Any]]:
    """What failed in ``ex``: its error (no response, script, capture), then each failed check
    (checks that never ran because no response came are not failures of their own)."""
    if ex.skipped:
        return []
    found = []
    if ex.error:
        label = _ERROR_LABELS.get(ex.error_kind) if ex.error_kind is not None else None
        if label is None:
            label = "script error" if ex.script_error else ("request error" if ex.response is None else "error")
        found.append(_failure(label, ex.error))
    found += [_failure(a.name, a.message, a) for _, a in listed_failures(ex)]
    return found


def _view(ex: Execution, number: int) -> dict[str, Any]:
    req, resp = ex.request, ex.response
    failed = [a for a in ex.assertions if not a.passed and not a.skipped]
    shown_url = display_url(req.url) if req else None
    return {
        "number": number,
        "item": printable(ex.item, newlines=False),
        "name": printable(ex.name, newlines=False),
        "iteration": ex.iteration + 1,
        "skipped": ex.skipped,
        "failed": ex.failed and not ex.skipped,
        "failures": _failures(ex),
        "error": printable(ex.error) if ex.error else None,
        "attempts": ex.attempts,
        "redirects": redirect_lines(ex),
        "method": printable(req.method, newlines=False) if req else None,
        "url": printable(shown_url, newlines=False) if req else None,
        "sent_url": printable(req.url, newlines=False) if req and req.url != shown_url else None,
        "query": "\n".join(query_lines(ex)),
        "request_headers": [(printable(k, newlines=False), printable(v, newlines=False)) for k, v in req.headers]
        if req else [],
        "request_body": _body(req.body) if req else None,
        "status": resp.status if resp else None,
        "reason": printable(resp.reason, newlines=False) if resp else None,
        "time_ms": resp.time_ms if resp else None,
        "size": resp.size if resp else None,
        "response_headers": [(printable(k, newlines=False), printable(v, newlines=False)) for k, v in resp.headers]
        if resp else [],
        "response_body": _body(resp.body) if resp else None,
        "console": [(printable(level, newlines=False), printable(text)) for level, text in ex.console],
        "assertions": [{"name": printable(a.name, newlines=False), "passed": a.passed, "skipped": a.skipped,
                        "message": printable(a.message) if a.message else a.message}
                       for a in ex.assertions],
        "failed_checks": len(failed),
    }


class _Spooled:
    """One collection's execution views, read back from the spool each time they are iterated."""

    def __init__(self, spool: IO[bytes] | None, offset: int, count: int) -> None:
        self._spool, self._offset, self._count = spool, offset, count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._count == 0 or self._spool is None:
            return
        self._spool.seek(self._offset)
        for _ in range(self._count):
            yield json.loads(self._spool.readline())


class HtmlReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.html")
        self._runs: list[dict[str, Any]] = []
        self._spool: IO[bytes] | None = None  # JSON lines, one execution view each
        self._offset = 0  # where this collection's views start in the spool
        self._count = 0  # views spooled for this collection
        self._started = datetime.now(timezone.utc)
        self._failures = 0  # lines of the failures list, all collections

    def start(self, collection: Collection, planned: int) -> None:
        self._offset = self._spool.tell() if self._spool is not None else 0
        self._count = 0

    def execution(self, ex: Execution) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (a spool kept open across calls; closed in close())
        self._count += 1
        view = _view(ex, self._count)
        self._failures += len(view["failures"])
        # one line (newlines are escaped); default=str renders odd values as the template would
        self._spool.write(json.dumps(view, default=str).encode("ascii") + b"\n")

    def end(self, collection: Collection, summary: Summary) -> None:
        self._runs.append({
            "index": len(self._runs),
            "name": printable(collection.name, newlines=False),
            "path": printable(collection.path, newlines=False),
            "summary": summary,
            "several_iterations": summary.iterations > 1,
            "executions": _Spooled(self._spool, self._offset, self._count),
        })
        self._offset = self._spool.tell() if self._spool is not None else 0
        self._count = 0

    def close(self) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        env = Environment(loader=PackageLoader("runner", "reporters/templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          trim_blocks=True, lstrip_blocks=True)
        chunks = env.get_template("report.html.j2").generate(
            runs=self._runs, version=__version__,
            generated=self._started.isoformat(timespec="seconds"),
            failed=any(r["summary"].failed for r in self._runs), failures=self._failures,
        )
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        try:
            with open(self.path, "w", encoding="utf-8", errors="replace") as fh:
                fh.writelines(chunks)
        finally:
            if self._spool is not None:
                self._spool.close()
                self._spool = None

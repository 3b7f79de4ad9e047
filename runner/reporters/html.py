"""``report.html``: one self-contained page (inline CSS and JS, no network) to read a run.

Summary per collection, then every request run, filterable by text and by failed-only, each
expanding to its request, response and checks. Rendered with Jinja2 (autoescape on) from
``templates/report.html.j2``; executions are reduced to small dicts as they stream past
(bodies cut to ``BODY_SHOWN`` characters) and spooled to a temporary file as JSON lines; the
page is streamed from that spool at the end, so memory stays flat however long the run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import IO, Any

from runner._version import __version__
from runner.model.collection import Collection
from runner.model.results import Execution, Summary

BODY_SHOWN = 16 * 1024  # characters of each body kept in the page


def _body(text: str | None) -> dict[str, Any] | None:
    """A body for display: pretty-printed when it is JSON, cut when long."""
    if not text:
        return None
    try:
        shown = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        shown = text
    cut = max(len(shown) - BODY_SHOWN, 0)
    return {"text": shown[:BODY_SHOWN], "cut": cut}


def _view(ex: Execution, number: int) -> dict[str, Any]:
    req, resp = ex.request, ex.response
    failed = [a for a in ex.assertions if not a.passed and not a.skipped]
    return {
        "number": number,
        "item": ex.item,
        "name": ex.name,
        "iteration": ex.iteration + 1,
        "skipped": ex.skipped,
        "failed": ex.failed and not ex.skipped,
        "error": ex.error,
        "attempts": ex.attempts,
        "method": req.method if req else None,
        "url": req.url if req else None,
        "request_headers": list(req.headers) if req else [],
        "request_body": _body(req.body) if req else None,
        "status": resp.status if resp else None,
        "reason": resp.reason if resp else None,
        "time_ms": resp.time_ms if resp else None,
        "size": resp.size if resp else None,
        "response_headers": list(resp.headers) if resp else [],
        "response_body": _body(resp.body) if resp else None,
        "console": list(ex.console),
        "assertions": [{"name": a.name, "passed": a.passed, "skipped": a.skipped, "message": a.message}
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

    def start(self, collection: Collection, planned: int) -> None:
        self._offset = self._spool.tell() if self._spool is not None else 0
        self._count = 0

    def execution(self, ex: Execution) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+b")
        self._count += 1
        # one line (newlines are escaped); default=str renders odd values as the template would
        self._spool.write(json.dumps(_view(ex, self._count), default=str).encode("ascii") + b"\n")

    def end(self, collection: Collection, summary: Summary) -> None:
        self._runs.append({
            "index": len(self._runs),
            "name": collection.name,
            "path": collection.path,
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
            failed=any(r["summary"].failed for r in self._runs),
        )
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        try:
            with open(self.path, "w", encoding="utf-8") as fh:
                fh.writelines(chunks)
        finally:
            if self._spool is not None:
                self._spool.close()
                self._spool = None

"""``report.html``: one self-contained page (inline CSS and JS, no network) to read a run.

Summary per collection, then every request run, filterable by text and by failed-only, each
expanding to its request, response and checks. Rendered with Jinja2 (autoescape on) from
``templates/report.html.j2``; executions are reduced to small dicts as they stream past
(bodies cut to ``BODY_SHOWN`` characters) so a long run does not keep whole responses.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from typing import Any

from .. import __version__
from ..model import Collection
from ..results import Execution, Summary

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


class HtmlReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.html")
        self._runs: list[dict[str, Any]] = []
        self._executions: list[dict[str, Any]] = []
        self._started = datetime.now(timezone.utc)

    def start(self, collection: Collection, planned: int) -> None:
        self._executions = []

    def execution(self, ex: Execution) -> None:
        self._executions.append(_view(ex, len(self._executions) + 1))

    def end(self, collection: Collection, summary: Summary) -> None:
        self._runs.append({
            "index": len(self._runs),
            "name": collection.name,
            "path": collection.path,
            "summary": summary,
            "several_iterations": summary.iterations > 1,
            "executions": self._executions,
        })
        self._executions = []

    def close(self) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        env = Environment(loader=PackageLoader("runner", "reporters/templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          trim_blocks=True, lstrip_blocks=True)
        page = env.get_template("report.html.j2").render(
            runs=self._runs, version=__version__,
            generated=self._started.isoformat(timespec="seconds"),
            failed=any(r["summary"].failed for r in self._runs),
        )
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(page)

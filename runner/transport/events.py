"""The Stream API event lint during a run: a Sender that checks every event message it is asked
to send against the documented rules (runner/sitecore/events.py) before it goes.

Problems are warnings on the request's result; with ``--strict-events`` the request is not sent
and fails as bad input. The first event a browser sends in a run (and the first after its
FORCE_CLOSE) must carry the session fields; later ones may carry only ``type``.
"""

from __future__ import annotations

from runner.errors import FailureKind
from runner.model.collection import Request
from runner.model.prepared import Prepared
from runner.sitecore.events import Problem, is_event_url, lint_message, lint_url, stream_messages
from runner.transport.base import Sender, Sent
from runner.transport.http import url_with_params


class EventLintSender:
    def __init__(self, inner: Sender, *, strict: bool = False) -> None:
        self.inner = inner
        self._strict = strict
        self._open: set[str] = set()  # browser ids whose session this run has opened

    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        url = url_with_params(prepared)
        if item is None or not is_event_url(url):
            return self.inner.send(prepared, item)
        warnings = [f"event lint: {text}" for text in self._lint(url)]
        if warnings and self._strict:
            return Sent(None, "not sent (--strict-events): " + "; ".join(warnings), None, FailureKind.INPUT)
        sent = self.inner.send(prepared, item)
        return sent._replace(warnings=(*sent.warnings, *warnings)) if warnings else sent

    def close(self) -> None:
        self.inner.close()

    def _lint(self, url: str) -> list[str]:
        messages = stream_messages(url)
        if not messages:  # no message, or not a JSON object: lint_url says which
            return [describe(p) for p in lint_url(url)]
        out = []
        for message in messages:
            browser = str(message.get("browser_id") or "")
            out.extend(describe(p) for p in lint_message(message, session_fields=browser not in self._open))
            if str(message.get("type", "")).upper() == "FORCE_CLOSE":
                self._open.discard(browser)
            elif browser:
                self._open.add(browser)
        return out


def describe(problem: Problem) -> str:
    return f"{problem.field or 'message'}: {problem.message} [{problem.rule}]"

"""The Stream API event lint during a run: a Sender that checks every event message it is asked
to send against the documented rules (runner/sitecore/events.py) before it goes.

Problems are warnings on the request's result; with ``--strict-events`` the request is not sent
and fails as bad input. The first event a browser sends in a run (and the first after its
FORCE_CLOSE) must carry the session fields; later ones may carry only ``type``.
"""

from __future__ import annotations

import json

from runner.errors import FailureKind
from runner.model.collection import Request
from runner.model.prepared import Prepared
from runner.sitecore.events import Problem, is_event_url, lint_message, lint_url, stream_raw_messages
from runner.transport.base import Sender, Sent
from runner.transport.http import url_with_params


class EventLintSender:
    def __init__(self, inner: Sender, *, strict: bool = False) -> None:
        self.inner = inner
        self._strict = strict
        self._open: set[str] = set()  # browser ids whose session this run has opened

    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        if item is None:
            return self.inner.send(prepared, item)
        raw = _raw_messages(prepared)
        if raw is None:
            return self.inner.send(prepared, item)
        warnings = [f"event lint: {text}" for text in self._lint(prepared, raw)]
        if warnings and self._strict:
            return Sent(None, "not sent (--strict-events): " + "; ".join(warnings), None, FailureKind.INPUT)
        sent = self.inner.send(prepared, item)
        return sent._replace(warnings=(*sent.warnings, *warnings)) if warnings else sent

    def close(self) -> None:
        self.inner.close()

    def _lint(self, prepared: Prepared, raw: list[str]) -> list[str]:
        messages = []
        for text in raw:
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, dict):
                messages.append(value)
        if not messages:  # no message, or not a JSON object: lint_url says which
            return [describe(p) for p in lint_url(url_with_params(prepared))]
        out: list[str] = []
        for message in messages:
            browser = str(message.get("browser_id") or "")
            out.extend(describe(p) for p in lint_message(message, session_fields=browser not in self._open))
            if str(message.get("type", "")).upper() == "FORCE_CLOSE":
                self._open.discard(browser)
            elif browser:
                self._open.add(browser)
        return out


def _raw_messages(prepared: Prepared) -> list[str] | None:
    """The ``message`` query values of a Stream API event request, as sent; None for other requests.

    Read from ``prepared.params`` when the URL has no query of its own: the same values the sent
    URL carries (each is percent-encoded there and decodes back to itself), without encoding the
    query only to parse it again."""
    if "?" in prepared.url or not prepared.params:
        url = url_with_params(prepared)
        return stream_raw_messages(url) if is_event_url(url) else None
    # the path as the sent URL has it: the query goes before any fragment
    if not is_event_url(prepared.url.partition("#")[0] + "?"):
        return None
    return [value for name, value in prepared.params if name == "message"]


def describe(problem: Problem) -> str:
    return f"{problem.field or 'message'}: {problem.message} [{problem.rule}]"

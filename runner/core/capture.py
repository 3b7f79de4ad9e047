"""Captures: pull values out of a response into variables for the requests that follow."""

from __future__ import annotations

import re
from typing import Any

from runner.core.query import NOTHING, QueryError, evaluate
from runner.model.collection import Capture


def take(capture: Capture, response: Any) -> tuple[Any, str | None]:
    """(value, None) on success, (None, reason) when the subject is absent or unparsable."""
    try:
        value = evaluate(capture.subject, response)
    except QueryError as exc:
        return None, f"capture {capture.var!r}: {exc}"
    if value is NOTHING:
        return None, f"capture {capture.var!r}: {capture.subject} not found in the response"
    if capture.regex is not None:
        m = re.search(capture.regex, value if isinstance(value, str) else str(value))
        if m is None:
            return None, f"capture {capture.var!r}: /{capture.regex}/ did not match"
        value = m.group(1) if m.groups() else m.group(0)
    return value, None

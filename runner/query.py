"""Evaluate an assertion or capture subject against a response: status, header, body, JSON path."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

_NOTHING = object()


class QueryError(Exception):
    """The subject could not be evaluated (e.g. the body is not JSON)."""


@lru_cache(maxsize=512)
def _compile(path: str) -> Any:
    import jsonpath  # python-jsonpath, imported only when a JSON path is used

    return jsonpath.compile(path)


def compile_subject(subject: str) -> None:
    """Fail early (at load time) on an invalid JSON path; raises ValueError with the reason."""
    if subject.startswith("$"):
        try:
            _compile(subject)
        except Exception as exc:  # python-jsonpath raises its own JSONPathSyntaxError
            raise ValueError(f"invalid JSON path {subject!r}: {exc}") from None


def evaluate(subject: str, response: Any) -> Any:
    """The value `subject` selects in `response` (a runner.http.Response), or NOTHING."""
    if subject == "status":
        return response.status
    if subject == "body":
        return response.text
    if subject == "durationMs":
        return response.time_ms
    if subject.startswith("header "):
        value = response.header(subject[7:].strip())
        return _NOTHING if value is None else value
    if subject.startswith("$"):
        data = response.json_or_error()
        if isinstance(data, QueryError):
            raise data
        matches = _compile(subject).findall(data)
        if not matches:
            return _NOTHING
        return matches[0] if len(matches) == 1 and not _is_multi(subject) else matches
    raise QueryError(f"unknown subject {subject!r}")


def _is_multi(path: str) -> bool:
    return "*" in path or ".." in path or "?" in path or ":" in path


def describe(value: Any) -> str:
    if value is _NOTHING:
        return "nothing"
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else json.dumps(value)


NOTHING = _NOTHING

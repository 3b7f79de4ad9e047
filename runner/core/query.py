"""Evaluate an assertion or capture subject against a response: status, header, body, JSON path."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from runner.errors import QueryError

_NOTHING = object()
#: ``json.dumps(value, ensure_ascii=False)``, without building an encoder on every call
_UNICODE_JSON = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=512)
def _compile(path: str) -> Any:
    import jsonpath  # python-jsonpath, imported only when a JSON path is used

    return jsonpath.compile(path)


#: ``$.name.name...`` with plain identifiers: the common case, walked directly (python-jsonpath
#: gives the same matches; importing it and running its engine costs more than the lookup).
_DOTTED = re.compile(r"\$(?:\.[A-Za-z_][A-Za-z0-9_]*)+\Z")


@lru_cache(maxsize=512)
def _dotted(path: str) -> tuple[str, ...] | None:
    return tuple(path[2:].split(".")) if _DOTTED.match(path) else None


def findall(path: str, data: Any) -> list[Any]:
    """Every match of JSON path `path` in `data`, as python-jsonpath's ``findall`` gives them."""
    names = _dotted(path)
    if names is None:
        if isinstance(data, str):  # python-jsonpath would parse a string root as a JSON document
            return [data] if path.strip() == "$" else []
        return _compile(path).findall(data)
    for name in names:
        if not isinstance(data, dict) or name not in data:
            return []
        data = data[name]
    return [data]


def compile_subject(subject: str) -> None:
    """Fail early (at load time) on an invalid JSON path; raises ValueError with the reason."""
    if subject.startswith("$") and _dotted(subject) is None:
        try:
            _compile(subject)
        except Exception as exc:  # python-jsonpath raises its own JSONPathSyntaxError
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]  # drop the caret drawing
            raise ValueError(f"invalid JSON path {subject!r}: {reason}") from None


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
        matches = findall(subject, data)
        if not matches:
            return _NOTHING
        return matches[0] if len(matches) == 1 and not _is_multi(subject) else matches
    raise QueryError(f"unknown subject {subject!r}")


def _is_multi(path: str) -> bool:
    return "*" in path or ".." in path or "?" in path or ":" in path


def describe(value: Any) -> str:
    if value is _NOTHING:
        return "nothing"
    return _UNICODE_JSON(value) if not isinstance(value, str) else json.dumps(value)


NOTHING = _NOTHING

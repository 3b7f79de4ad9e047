"""Check the shape of what the JS harness hands back before trusting any of it.

Scripts share one JS realm, so a script may have broken the harness for the scripts after it.
pm.js marshals results with built-ins captured before user code runs, and this module refuses
anything that does not have exactly the outcome's shape: a malformed outcome is a script error
(the script's tests count as failed), never a pass.
"""

from __future__ import annotations

import json
from typing import Any, Optional


class MalformedOutcome(ValueError):
    """The harness returned something that is not a well-formed outcome."""


_SCALARS = (str, int, float, bool, type(None))


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise MalformedOutcome(what)


def _rows(data: dict, key: str, width: int, required: bool = True) -> list:
    rows = data.get(key)
    if rows is None and not required:
        return []
    _expect(isinstance(rows, list), f"{key} is not a list")
    for row in rows:
        _expect(isinstance(row, list) and len(row) == width, f"{key} has an entry that is not a {width}-item list")
    return rows


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def parse_outcome(raw: Any) -> dict:
    """The outcome JSON as a dict whose every field has the expected type; MalformedOutcome if not."""
    _expect(isinstance(raw, str), f"the harness returned {type(raw).__name__}, not JSON text")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise MalformedOutcome(f"the harness returned invalid JSON ({exc})") from None
    _expect(isinstance(data, dict), "the outcome is not an object")
    for name, passed, message, skipped in _rows(data, "tests", 4):
        _expect(isinstance(name, str) and isinstance(passed, bool) and _opt_str(message) and isinstance(skipped, bool),
                "a test result has the wrong types")
    for scope, op, name, _value in _rows(data, "ops", 4):
        _expect(isinstance(scope, str) and isinstance(op, str) and _opt_str(name), "a variable change has the wrong types")
    for level, text in _rows(data, "console", 2):
        _expect(isinstance(level, str) and isinstance(text, str), "a console line has the wrong types")
    for row in _rows(data, "cookieOps", 4, required=False):
        _expect(all(isinstance(v, _SCALARS) for v in row), "a cookie change has the wrong types")
    error: Optional[Any] = data.get("error")
    _expect(error is None or (isinstance(error, dict) and _opt_str(error.get("message"))
                              and _opt_str(error.get("stack"))), "the script error has the wrong shape")
    request = data.get("request")
    _expect(request is None or (isinstance(request, dict) and isinstance(request.get("url"), str)
                                and isinstance(request.get("method"), str)
                                and isinstance(request.get("headers"), list)), "the changed request has the wrong shape")
    _expect(_opt_str(data.get("next")), "setNextRequest's name is not a string")
    for key in ("nextSet", "skip", "pending", "ran"):
        _expect(isinstance(data.get(key, False), bool), f"{key} is not a boolean")
    for item in data.get("send") or []:
        _expect(isinstance(item, dict) and isinstance(item.get("id"), int) and isinstance(item.get("request"), dict),
                "a pm.sendRequest entry has the wrong shape")
    for item in data.get("needs") or []:
        _expect(isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("op"), str),
                "a host call has the wrong shape")
    _expect(isinstance(data.get("send") or [], list) and isinstance(data.get("needs") or [], list),
            "send / needs are not lists")
    return data

"""Check the shape of what the JS harness hands back before trusting any of it.

Scripts share one JS realm, so a script may have broken the harness for the scripts after it.
pm.js marshals results with built-ins captured before user code runs, and this module refuses
anything that does not have exactly the outcome's shape: a malformed outcome is a script error
(the script's tests count as failed), never a pass.
"""

from __future__ import annotations

import json
from typing import Any


class MalformedOutcome(ValueError):
    """The harness returned something that is not a well-formed outcome."""


_SCALARS = (str, int, float, bool, type(None))
_FLAGS = ("nextSet", "skip", "pending", "ran")


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise MalformedOutcome(what)


def _opt_str(value: Any) -> bool:
    return value is None or type(value) is str


def _rows(data: dict, key: str, width: int, required: bool = True) -> list:
    rows = data.get(key)
    if rows is None and not required:
        return []
    if type(rows) is not list:
        raise MalformedOutcome(f"{key} is not a list")
    for row in rows:
        if type(row) is not list or len(row) != width:
            raise MalformedOutcome(f"{key} has an entry that is not a {width}-item list")
    return rows


_scan = json.JSONDecoder().raw_decode
#: the fields of an outcome with nothing but variable changes and test results (most of them)
PLAIN = frozenset(("ops", "tests"))


def _json(raw: str) -> Any:
    """json.loads(raw), without its two whitespace scans for text that starts with a value and ends with it
    (what pm.js writes); anything else goes through json.loads, whose error is the one reported."""
    try:
        data, end = _scan(raw)
        if end == len(raw):
            return data
    except ValueError:
        pass
    return json.loads(raw)


def parse_outcome(raw: Any) -> dict:
    """The outcome JSON as a dict whose every field has the expected type; MalformedOutcome if not."""
    _expect(isinstance(raw, str), f"the harness returned {type(raw).__name__}, not JSON text")
    try:
        data = _json(raw)
    except ValueError as exc:
        raise MalformedOutcome(f"the harness returned invalid JSON ({exc})") from None
    if type(data) is not dict:
        raise MalformedOutcome("the outcome is not an object")
    if "harness" in data:  # pm.js found the built-ins it reads results with changed
        raise MalformedOutcome(str(data["harness"]))
    for name, passed, message, skipped in _rows(data, "tests", 4):
        if type(name) is not str or type(passed) is not bool or type(skipped) is not bool or not _opt_str(message):
            raise MalformedOutcome("a test result has the wrong types")
    for scope, op, name, _value in _rows(data, "ops", 4):
        if type(scope) is not str or type(op) is not str or not _opt_str(name):
            raise MalformedOutcome("a variable change has the wrong types")
    if data.keys() == PLAIN:  # no other field: nothing else to check
        return data
    for level, text in _rows(data, "console", 2, required=False):
        if type(level) is not str or type(text) is not str:
            raise MalformedOutcome("a console line has the wrong types")
    for row in _rows(data, "cookieOps", 4, required=False):
        _expect(all(isinstance(v, _SCALARS) for v in row), "a cookie change has the wrong types")
    error: Any | None = data.get("error")
    well_formed = type(error) is dict and _opt_str(error.get("message")) and _opt_str(error.get("stack"))
    if error is not None and not well_formed:
        raise MalformedOutcome("the script error has the wrong shape")
    request = data.get("request")
    if request is not None and not (type(request) is dict and type(request.get("url")) is str
                                    and type(request.get("method")) is str and type(request.get("headers")) is list):
        raise MalformedOutcome("the changed request has the wrong shape")
    if not _opt_str(data.get("next")):
        raise MalformedOutcome("setNextRequest's name is not a string")
    for key in _FLAGS:
        if type(data.get(key, False)) is not bool:
            raise MalformedOutcome(f"{key} is not a boolean")
    send, needs = data.get("send"), data.get("needs")
    if send is not None:
        _expect(type(send) is list and all(type(i) is dict and type(i.get("id")) is int
                                           and type(i.get("request")) is dict for i in send),
                "a pm.sendRequest entry has the wrong shape")
    if needs is not None:
        _expect(type(needs) is list and all(type(i) is dict and type(i.get("key")) is str and type(i.get("op")) is str
                                            for i in needs), "a host call has the wrong shape")
    return data

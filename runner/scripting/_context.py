"""What crosses into the JS engine for one run of a script, and what a script's source needs built.

* Variables cross as changes: each engine context keeps the scopes the host last sent it (pm.js
  ``BASE``), so a run's context JSON carries only the scopes whose JSON differs from what that
  context already holds (:func:`context_json`). Scripts work on a copy; their changes come back as
  the outcome's ``ops``.
* Postman's legacy parameters that cost something to build (``environment``, ``responseBody``,
  ``request``, ...) are built only for scripts that name them (:func:`legacy_uses`). A function's
  parameter can only be reached by its name, by ``eval`` or through ``arguments``: a source with
  any of those (or an escape that could spell a name) gets them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from runner._files import LONE_SURROGATE

SCOPES = ("globals", "collection", "environment", "data", "local")

#: The legacy parameters built on demand, in the order of their bits in pm.js (run()).
LEGACY_PARAMS = ("environment", "globals", "data", "responseBody", "responseCode", "responseHeaders", "request",
                 "responseCookies", "responseTime", "iteration")
ALL_LEGACY = (1 << len(LEGACY_PARAMS)) - 1
# ways to reach a parameter without writing its name: direct eval, arguments / fn.arguments / caller,
# a \u escape inside an identifier, the wrapper function's own name
_ANY_PARAM = ("eval", "arguments", "caller", "\\u", "__cdp")
_IDENT = re.compile(r"[\w$]")


def _names_param(source: str, start: int, end: int) -> bool:
    """Whether the name at source[start:end] may be the parameter: not part of a longer identifier,
    and not a property (after a single ``.``, spaces allowed; ``...name`` is the parameter)."""
    if _IDENT.match(source, end):
        return False
    if start and source[start - 1] == ".":  # right after a dot (pm.environment): a property, unless a spread
        return source[max(start - 3, 0):start] == "..."
    if start and _IDENT.match(source, start - 1):
        return False
    i = start - 1
    while i >= 0 and source[i].isspace():
        i -= 1
    return not (i >= 0 and source[i] == "." and source[max(i - 2, 0):i + 1] != "...")


@lru_cache(maxsize=1024)
def legacy_uses(source: str) -> int:
    """Bit mask of the legacy parameters `source` may read; anything in doubt counts as a use."""
    for t in _ANY_PARAM:
        if t in source:
            return ALL_LEGACY
    uses = 0
    for bit, name in enumerate(LEGACY_PARAMS):
        start = source.find(name)
        while start >= 0:
            end = start + len(name)
            if _names_param(source, start, end):
                uses |= 1 << bit
                break
            start = source.find(name, end)
    return uses


def _encoder() -> Callable[[Any], str]:
    """json.dumps(value, separators=(",", ":"), default=str), without building an encoder per call: the C
    encoder made once, without the circular-reference check (a cycle ends in RecursionError instead of
    ValueError; both mean a context that cannot cross)."""
    plain = json.JSONEncoder(separators=(",", ":"), default=str).encode
    try:  # the accelerator's private signature (CPython 3.10 to 3.13); checked, else the plain encoder
        encode = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
            None, str, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
        fast: Callable[[Any], str] = lambda value: "".join(encode(value, 0))  # noqa: E731
        probe = {"a": [1, 2.5, None, True, "\u00e9\n"], "b": {1: float("nan")}, "c": {"x"}}
        return fast if fast(probe) == plain(probe) else plain
    except Exception:
        return plain


_ENCODE = _encoder()


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is dict and not value:
        return "{}"
    return _ENCODE(value)


#: What ``__cdp.run`` takes after the script's index: the changed variable scopes, the rest of the context,
#: the request and the response (JSON texts), the response's body (its text, apart: no JSON escaping of
#: what may be most of the data), and whether this is a run again after host calls.
RunArgs = tuple[str, str, str, str, "str | None", bool]
_APART = ("variables", "request", "response")


def _text_crosses(text: str) -> bool:
    """Whether `text` reaches the engine as itself (as UTF-8): not with a lone surrogate, which only a
    JSON escape can carry."""
    return text.isascii() or LONE_SURROGATE.search(text) is None


def context_json(context: dict, replay: bool, held: dict[str, str]) -> tuple[RunArgs, dict[str, str]]:
    """The arguments of ``__cdp.run`` for `context`, and the scopes they send (scope -> JSON text), which
    the caller records in `held` once the engine has taken them. pm.js parses each text when a script
    first needs it.

    `held`: the JSON text of each scope the engine context holds (empty for a new context). A scope
    missing from ``context["variables"]`` goes as ``null``, which pm.js reads as an empty scope.
    """
    variables = context.get("variables")
    if not isinstance(variables, dict):
        variables = {}
    sent: dict[str, str] = {}
    for scope in SCOPES:
        text = _json(variables.get(scope))
        if held.get(scope) != text:
            sent[scope] = text
    changed = "{" + ",".join(f'"{scope}":{text}' for scope, text in sent.items()) + "}" if sent else ""
    rest = _ENCODE({k: v for k, v in context.items() if k not in _APART})
    response, body = context.get("response"), None
    if type(response) is dict and type(response.get("body")) is str and _text_crosses(response["body"]):
        body = response["body"]
        response = {**response, "body": None}
    return (changed, rest, _json(context.get("request")), _json(response), body, replay), sent

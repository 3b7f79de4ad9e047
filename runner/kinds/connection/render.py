"""Personalize's templating: ``${name}`` or ``{{name}}``; values URL-encoded in a URL's path and
query, inserted as text in headers, JSON-escaped and only inside double quotes in the body."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from runner._files import line_col
from runner.core.template import render
from runner.core.variables import MISSING
from runner.errors import TemplateError
from runner.kinds.connection.definition import VARIABLE, guest_reason, is_guest_name, names_in


@dataclass(frozen=True, slots=True)
class BodyVariable:
    name: str
    start: int
    end: int
    quoted: bool  # inside a JSON string literal


def body_variables(text: str) -> list[BodyVariable]:
    """Every variable of a sample body, and whether it sits inside double quotes."""
    found: list[BodyVariable] = []
    in_string = escaped = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "${":
            m = VARIABLE.match(text, i)
            if m:
                name = m.group(1) if m.group(1) is not None else m.group(2)
                found.append(BodyVariable(name, m.start(), m.end(), in_string))
                i = m.end()
                escaped = False
                continue
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        i += 1
    return found


def outside_quotes_message(var: BodyVariable, text: str) -> str:
    line, col = line_col(text, var.start)
    return (f"${{{var.name}}} is outside double quotes in the sample body (line {line}, column {col}); "
            f"Personalize inserts values only inside JSON strings: write \"${{{var.name}}}\"")


def _json_escape(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _url_encode(value: str) -> str:
    return quote(value, safe="")


def _in_path(prefix: str) -> bool:
    """Has the rendered URL reached its path or query (past scheme and host)?"""
    i = prefix.find("://")
    return i >= 0 and any(c in prefix[i + 3:] for c in "/?#")


class Values:
    """The run's variables over the item's testValues (test values have the lowest precedence)."""

    __slots__ = ("_variables", "_test")

    def __init__(self, variables: Any, test_values: Mapping[str, Any]) -> None:
        self._variables, self._test = variables, test_values

    def lookup(self, name: str) -> Any:
        value = self._variables.lookup(name)
        return self._test.get(name, MISSING) if value is MISSING else value

    def merged(self) -> dict[str, Any]:
        return {**self._test, **self._variables.merged()}


def _refuse_guest(text: str, where: str) -> None:
    for name in names_in(text):
        if is_guest_name(name):
            raise TemplateError(guest_reason(name), where=where)


def render_url(template: str, values: Any, *, where: str) -> str:
    """Values in the path or query are URL-encoded; a base URL or host setting is inserted as written."""
    _refuse_guest(template, where)
    out: list[str] = []
    last = 0
    for m in VARIABLE.finditer(template):
        out.append(template[last:m.start()])
        encode = _url_encode if _in_path("".join(out)) else None
        out.append(render(m.group(0), values, where=where, encode=encode))
        last = m.end()
    out.append(template[last:])
    return "".join(out)


def render_text(template: str, values: Any, *, where: str) -> str:
    """Headers: values inserted as text."""
    _refuse_guest(template, where)
    return render(template, values, where=where)


def render_body(text: str, values: Any, *, where: str) -> str:
    """Values go only inside double quotes, JSON-escaped; the result must be valid JSON."""
    _refuse_guest(text, where)
    out: list[str] = []
    last = 0
    for var in body_variables(text):
        if not var.quoted:
            raise TemplateError(outside_quotes_message(var, text), where=where)
        out.append(text[last:var.start])
        out.append(render(text[var.start:var.end], values, where=where, encode=_json_escape))
        last = var.end
    out.append(text[last:])
    result = "".join(out)
    try:
        json.loads(result)
    except ValueError as exc:
        line, col = line_col(result, exc.pos) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise TemplateError(f"the request body is not valid JSON after substitution: {msg} "
                            f"(line {line}, column {col} of the body)", where=where) from None
    return result



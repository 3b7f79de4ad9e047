"""Native assertions and captures as generated Postman test code, and that code read back.

Export writes each check as a ``// cdp-runner: assert {...}`` (or ``capture``) line followed by
the equivalent ``pm.test``/``pm.variables.set`` code. Import takes the checks back only when the
code is exactly what the line generates (unedited); otherwise the script stays JavaScript.
"""

from __future__ import annotations

import json
import re
from typing import Any

from runner.convert.notation import postman_notation, postman_notation_deep
from runner.convert.pm_schema import accepts_strings
from runner.core.assertion import default_name
from runner.errors import InputError

_CHECK = re.compile(r"^// cdp-runner: (assert|capture) (\{.*\})$")
_SIMPLE_PATH = re.compile(r"""^\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\['[^'\\]*'\]|\["[^"\\]*"\])*)$""")
_PATH_PART = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\]""")


def split_checks(source: str) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """(user script, assertions, captures): generated checks are taken back only if unedited."""
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if _CHECK.match(line)), None)
    if start is None:
        return source, [], {}
    checks: list[dict[str, Any]] = []
    captures: dict[str, Any] = {}
    rest = "\n".join(lines[start:])
    rebuilt: list[str] = []
    try:
        for line in lines[start:]:
            m = _CHECK.match(line)
            if m is None:
                continue
            spec = json.loads(m.group(2))
            if m.group(1) == "assert":
                checks.append(spec)
                rebuilt.append(assert_js(spec, "-"))
            else:
                (var, subject), = spec.items()
                if var in captures:
                    return source, [], {}
                captures[var] = subject
                rebuilt.append(capture_js(var, subject, "-"))
    except (ValueError, InputError):
        return source, [], {}
    if "\n".join(rebuilt) != rest.rstrip("\n"):
        return source, [], {}  # edited in Postman: keep the JavaScript as it is
    return "\n".join(lines[:start]).rstrip("\n"), checks, captures


def _subject_js(subject: str, where: str) -> str:
    if subject == "status":
        return "pm.response.code"
    if subject == "body":
        return "pm.response.text()"
    if subject == "durationMs":
        return "pm.response.responseTime"
    if subject.startswith("header "):
        return f"pm.response.headers.get({json.dumps(subject[7:].strip())})"
    m = _SIMPLE_PATH.match(subject)
    if m is None:
        raise InputError(f"JSON path {subject!r} cannot be exported (only $.a.b, $.a[0], $['a'] paths)",
                         place=where)
    expr = "pm.response.json()"
    for part in _PATH_PART.finditer(m.group(1)):
        name, index, q1, q2 = part.groups()
        key = name if name is not None else q1 if q1 is not None else q2
        expr += f"?.[{index}]" if index is not None else f"?.[{json.dumps(key)}]"
    return expr


def _value_js(value: Any) -> str:
    if isinstance(value, str) and "{{" in postman_notation(value):
        return f"pm.variables.replaceIn({json.dumps(postman_notation(value))})"
    return json.dumps(postman_notation_deep(value))


def assert_js(spec: dict[str, Any], where: str) -> str:
    """A native assertion as its marker line and the equivalent ``pm.test``."""
    if "status" in spec:
        subject, op, expected = "status", "equals", spec["status"]
    else:
        subject = spec["that"]
        op = next(k for k in spec if k not in ("that", "name"))
        expected = spec[op]
    x = _subject_js(subject, where)
    v = _value_js(expected) if op != "schema" else ""
    chai = {
        "equals": f"pm.expect({x}).to.eql({v});",
        "notEquals": f"pm.expect({x}).to.not.eql({v});",
        "exists": f"pm.expect({x}).to.{'not.' if expected else ''}equal(undefined);",
        "matches": f"pm.expect({x}).to.be.a(\"string\").and.match(new RegExp({v}));",
        "contains": f"pm.expect({x}).to.include({v});",
        "in": f"pm.expect({x}).to.be.oneOf({v});",
        "greaterThan": f"pm.expect({x}).to.be.above({v});",
        "greaterThanOrEqual": f"pm.expect({x}).to.be.at.least({v});",
        "lessThan": f"pm.expect({x}).to.be.below({v});",
        "lessThanOrEqual": f"pm.expect({x}).to.be.at.most({v});",
        "length": f"pm.expect({x}).to.have.lengthOf({v});",
    }
    if op == "schema":  # not templated, so written as it is; indented as the test's body
        s = json.dumps(expected, indent=4, ensure_ascii=False).replace("\n", "\n    ")
        # the whole body: a body that is not JSON fails either form, as it fails the native check
        if subject == "$" and not accepts_strings(expected):
            line = f"pm.response.to.have.jsonSchema({s});"
        elif subject == "$":
            line = f"pm.expect({x}).to.have.jsonSchema({s});"
        else:
            line = f"pm.expect({x}).to.not.equal(undefined);\n    pm.expect({x}).to.have.jsonSchema({s});"
    elif op == "type":
        line = (f"pm.expect({x}).to.be.a(\"number\").and.satisfy(Number.isInteger);" if expected == "integer"
                else f"pm.expect({x}).to.be.a({json.dumps(expected)});")
    else:
        line = chai[op]
    name = spec.get("name") or default_name(subject, op, expected)
    return "\n".join([f"// cdp-runner: assert {json.dumps(spec, ensure_ascii=False)}",
                      f"pm.test({json.dumps(postman_notation(name), ensure_ascii=False)}, function () {{",
                      f"    {line}", "});"])


def capture_js(var: str, subject: Any, where: str) -> str:
    """A native capture as its marker line and the equivalent ``pm.variables.set``."""
    source = subject if isinstance(subject, str) else subject["from"]
    x = _subject_js(source, where)
    if isinstance(subject, dict) and subject.get("regex") is not None:
        x = (f"(function (m) {{ return m ? m[m.length > 1 ? 1 : 0] : undefined; }})"
             f"(String({x}).match(new RegExp({json.dumps(subject['regex'])})))")
    return "\n".join([f"// cdp-runner: capture {json.dumps({var: subject}, ensure_ascii=False)}",
                      f"pm.variables.set({json.dumps(var)}, {x});"])

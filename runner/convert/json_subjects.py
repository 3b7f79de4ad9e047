"""JSON values read in a Postman test (``pm.response.json().a[0]``) as native JSON paths and checks.

JavaScript property access and python-jsonpath agree on plain object keys and array indexes;
where they could disagree (``length``, an index into a string, a key like ``"0"`` on an array,
values Python compares differently from chai) no path or check is made.
"""

from __future__ import annotations

import re
from typing import Any

from tree_sitter import Node

from runner.convert import js
from runner.core.query import evaluate

#: names JavaScript answers itself on arrays, strings or every object
_BUILT_IN = frozenset({"length", "__proto__"})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INDEX = re.compile(r"^(?:0|[1-9][0-9]*)$")
_MAX_INDEX = 10_000
_EQUAL = frozenset({"equal", "equals", "eq"})
_DEEP_EQUAL = frozenset({"eql", "eqls"})


class JsonPath:
    """A JSON path and whether its last step is an array index."""

    def __init__(self, text: str, ends_with_index: bool) -> None:
        self.text, self.ends_with_index = text, ends_with_index


def path_of(node: Node, aliases: dict[str, Any]) -> JsonPath | None:
    """The JSON path `node` reads from ``pm.response.json()`` (directly or through an alias)."""
    parts: list[str | int] = []
    while node.type in ("member_expression", "subscript_expression"):
        part = _step(node)
        if part is None:
            return None
        parts.insert(0, part)
        base = js.field(node, "object")
        if base is None:
            return None
        node = base
    if not (js.call_of(node, "pm.response.json", 0) is not None
            or (node.type == "identifier" and js.text(node) in aliases)):
        return None
    text = "$" + "".join(_segment(p) or "\0" for p in parts)
    if "\0" in text or not _means(text, parts):
        return None
    return JsonPath(text, bool(parts) and isinstance(parts[-1], int))


def _step(node: Node) -> str | int | None:
    if node.type == "member_expression":
        prop = js.field(node, "property")
        if prop is None or prop.type != "property_identifier":
            return None
        name = js.text(prop)
        return None if name in _BUILT_IN else name
    index = js.field(node, "index")
    if index is None:
        return None
    if index.type == "number":
        digits = js.text(index)
        return int(digits) if _INDEX.match(digits) and int(digits) <= _MAX_INDEX else None
    try:
        key = js.string(index)
    except js.NotLiteral:
        return None
    return None if key in _BUILT_IN or _INDEX.match(key) else key  # "0" would index an array in JavaScript


def _segment(part: str | int) -> str | None:
    if isinstance(part, int):
        return f"[{part}]"
    if _IDENTIFIER.match(part):
        return f".{part}"
    if "'" not in part and "\\" not in part:
        return f"['{part}']"
    if '"' not in part and "\\" not in part:
        return f'["{part}"]'
    return None


class _Parsed:
    """A response whose body parses to `data` (what runner.core.query.evaluate reads)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def json_or_error(self) -> Any:
        return self.data


def _means(path: str, parts: list[str | int]) -> bool:
    """Does the native evaluator read this path as exactly these steps? (a document built from them)"""
    marker = object()
    doc: Any = marker
    for part in reversed(parts):
        doc = [None] * part + [doc] if isinstance(part, int) else {part: doc}
    try:
        return evaluate(path, _Parsed(doc)) is marker  # not [marker]: some paths give a list of matches
    except Exception:  # noqa: BLE001 - python-jsonpath's own errors (JSONPathError): no path then
        return False


def json_check(path: JsonPath, method: str, expected: Any, *, deep: bool) -> dict[str, Any] | None:
    """The native assertion for ``pm.expect(<path>).to.<method>(expected)``, when exactly equivalent."""
    if path.ends_with_index and _one_character(expected):
        return None  # "abc"[0] is "a" in JavaScript; a JSON path does not index strings
    if method in _DEEP_EQUAL or (deep and method in _EQUAL):
        if not _deep_equal_safe(expected, top=True):
            return None
        return {"that": path.text, "equals": expected}
    if method in _EQUAL:  # ===: only a scalar can be equal
        return {"that": path.text, "equals": expected} if _scalar(expected) and untemplated(expected) else None
    if method == "oneOf" and not deep and isinstance(expected, list) and expected \
            and all(_scalar(v) and untemplated(v) for v in expected):
        return {"that": path.text, "in": expected}
    return None


def _one_character(value: Any) -> bool:
    if isinstance(value, list):
        return any(_one_character(v) for v in value)
    return isinstance(value, str) and len(value) == 1


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def untemplated(value: Any) -> bool:
    """Native expected values are templated; the JavaScript one is not."""
    if isinstance(value, str):
        return "{{" not in value and "${" not in value
    if isinstance(value, list):
        return all(untemplated(v) for v in value)
    if isinstance(value, dict):
        return all(untemplated(k) and untemplated(v) for k, v in value.items())
    return True


def _deep_equal_safe(value: Any, *, top: bool) -> bool:
    """Do Python's == (as native equals uses it) and chai's deep equality agree for this value?

    They differ on -0 against 0 (chai tells them apart) and, inside arrays and objects, on
    true/false against 1/0 (Python does not tell them apart; at the top level native equals does).
    """
    if isinstance(value, str):
        return untemplated(value)
    if isinstance(value, bool):
        return top
    if isinstance(value, (int, float)):
        return value != 0 and (top or value != 1)
    if value is None:
        return True
    if isinstance(value, list):
        return all(_deep_equal_safe(v, top=False) for v in value)
    if isinstance(value, dict):
        return all(untemplated(k) and _deep_equal_safe(v, top=False) for k, v in value.items())
    return False

"""Reading JavaScript for import: a syntax tree (tree-sitter) and JSON-like literal values.

Only what import needs: parse a script, walk member chains such as ``pm.response.to.have``,
and read literals (strings, numbers, true/false/null, arrays and objects of them) into
Python values. Anything else is :class:`NotLiteral`, and the script stays JavaScript.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from tree_sitter import Node, Parser

_NUMBER = re.compile(r"^(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "'": "'", '"': '"', "\\": "\\",
            "/": "/"}
#: integers JavaScript holds exactly (beyond them a literal is rounded and compares differently)
SAFE_INTEGER = 2**53 - 1
#: node types that name a variable
IDENTIFIERS = ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern")


class NotLiteral(Exception):
    """The expression is not a literal value import can read."""


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import tree_sitter_javascript
    from tree_sitter import Language

    return Parser(Language(tree_sitter_javascript.language()))


def parse(source: bytes) -> Node | None:
    """The program's root node, or None when the script does not parse cleanly."""
    root = _parser().parse(source).root_node
    return None if root.has_error else root


def text(node: Node) -> str:
    return (node.text or b"").decode("utf-8")


def field(node: Node, name: str) -> Node | None:
    return node.child_by_field_name(name)


def is_field(node: Node, name: str) -> bool:
    """Is `node` its parent's child of field `name` (e.g. the ``object`` of a member expression)?"""
    parent = node.parent
    return parent is not None and parent.child_by_field_name(name) == node


def dotted(node: Node | None) -> str | None:
    """``pm.response.code`` for a chain of plain member accesses on an identifier, else None."""
    if node is None:
        return None
    if node.type == "identifier":
        return text(node)
    if node.type == "member_expression" and not _optional(node):
        base = dotted(field(node, "object"))
        prop = field(node, "property")
        if base is not None and prop is not None and prop.type == "property_identifier":
            return f"{base}.{text(prop)}"
    return None


def _optional(node: Node) -> bool:
    return any(c.type == "optional_chain" for c in node.children)


def call_of(node: Node | None, callee: str, argc: int) -> list[Node] | None:
    """The arguments of a call ``callee(...)`` with exactly `argc` arguments, else None."""
    if node is None or node.type != "call_expression" or dotted(field(node, "function")) != callee:
        return None
    args = field(node, "arguments")
    if args is None or args.type != "arguments":
        return None
    values = [c for c in args.named_children if c.type != "comment"]
    if len(values) != argc or len(values) != len(args.named_children):
        return None
    return values


def literal(node: Node) -> Any:
    """The value of a JSON-like literal; raises NotLiteral for anything else."""
    kind = node.type
    if kind == "string":
        return string(node)
    if kind == "number":
        return _number(text(node))
    if kind == "unary_expression" and text(field(node, "operator") or node) == "-":
        argument = field(node, "argument")
        if argument is not None and argument.type == "number":
            return -_number(text(argument))
    if kind in ("true", "false"):
        return kind == "true"
    if kind == "null":
        return None
    if kind == "array":
        return _array(node)
    if kind == "object":
        return _object(node)
    raise NotLiteral


def string(node: Node) -> str:
    if node.type != "string":
        raise NotLiteral
    out = []
    for part in node.children[1:-1]:
        if part.type == "string_fragment":
            out.append(text(part))
        elif part.type == "escape_sequence":
            out.append(_escape(text(part)))
        else:
            raise NotLiteral
    return "".join(out)


def _escape(seq: str) -> str:
    body = seq[1:]
    if body in _ESCAPES:
        return _ESCAPES[body]
    if re.fullmatch(r"u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}", body):
        code = int(body[1:], 16)
        if 0xD800 <= code <= 0xDFFF:  # half of a surrogate pair
            raise NotLiteral
        return chr(code)
    raise NotLiteral  # octal, \u{...}, line continuations: rare, and kept as JavaScript


def _number(literal_text: str) -> int | float:
    m = _NUMBER.match(literal_text)
    if m is None:
        raise NotLiteral  # hex, octal, binary, separators, BigInt
    if m.group(1) or m.group(2):
        value = float(literal_text)
        if not math.isfinite(value):
            raise NotLiteral
        return value
    value = int(literal_text)
    if value > SAFE_INTEGER:
        raise NotLiteral
    return value


def _array(node: Node) -> list[Any]:
    items: list[Any] = []
    expect_value = True
    for child in node.children[1:-1]:
        if child.type == ",":
            if expect_value:  # a hole: [1, , 2]
                raise NotLiteral
            expect_value = True
        elif expect_value:
            items.append(literal(child))
            expect_value = False
        else:
            raise NotLiteral
    return items


def _object(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in node.named_children:
        if child.type != "pair":
            raise NotLiteral  # shorthand, spread, methods, comments
        key_node, value_node = field(child, "key"), field(child, "value")
        if key_node is None or value_node is None:
            raise NotLiteral
        if key_node.type == "property_identifier":
            key = text(key_node)
        elif key_node.type == "string":
            key = string(key_node)
        else:
            raise NotLiteral
        if key in out or key == "__proto__":  # __proto__ sets the prototype, not a key
            raise NotLiteral
        out[key] = literal(value_node)
    return out


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def dynamic(root: Node) -> bool:
    """eval or with: code that can reach any variable without naming it."""
    return any(n.type == "with_statement" or (n.type == "identifier" and text(n) == "eval") for n in walk(root))

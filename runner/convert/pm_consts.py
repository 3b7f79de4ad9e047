"""Literal constants a Postman test script declares and reads only as JSON Schemas.

``const schema = {...};`` then ``pm.response.to.have.jsonSchema(schema)``: import reads the
schema as the literal it is when nothing else can reach the constant (no other mention, no
``eval``/``with``), so the check can become a native assertion and the constant can go with it.
"""

from __future__ import annotations

from typing import Any

from tree_sitter import Node

from runner.convert import js

#: what const_value gives for an expression that is not a literal
NOT_LITERAL = object()


class Const:
    """``const NAME = {...};`` at the top of a script, read only as a schema: NAME is that literal."""

    def __init__(self, name: str, value: Any, declaration: Node) -> None:
        self.name, self.value, self.declaration = name, value, declaration


def literal_declaration(statement: Node) -> tuple[str, Any] | None:
    """(NAME, value) for ``const|let|var NAME = LITERAL;``, else None."""
    if statement.type not in ("variable_declaration", "lexical_declaration"):
        return None
    declarators = [c for c in statement.named_children if c.type == "variable_declarator"]
    if len(declarators) != 1 or len(statement.named_children) != 1:
        return None
    name, value = js.field(declarators[0], "name"), js.field(declarators[0], "value")
    if name is None or name.type != "identifier" or value is None:
        return None
    try:
        return js.text(name), js.literal(value)
    except js.NotLiteral:
        return None


def schema_consts(root: Node, statements: list[Node]) -> dict[str, Const]:
    """The script's top-level literal constants that nothing reads but schema checks."""
    if js.dynamic(root):
        return {}
    found: dict[str, Const] = {}
    for statement in statements:
        const = literal_declaration(statement)
        if const is not None and isinstance(const[1], dict):
            name = const[0]
            if name in found or not only_schema_uses(root, name, statement):
                found.pop(name, None)
                continue
            found[name] = Const(name, const[1], statement)
    return found


def only_schema_uses(tree: Node, name: str, declaration: Node | None = None) -> bool:
    """Is every mention of `name` in `tree` its declaration or a schema argument
    (``...jsonSchema(NAME)``, ``tv4.validate(DATA, NAME)``), which only reads it?"""
    for node in js.walk(tree):
        if node.type not in js.IDENTIFIERS or js.text(node) != name:
            continue
        if declaration is not None and node.parent is not None and node.parent.parent == declaration \
                and js.is_field(node, "name"):
            continue
        if node.type != "identifier" or not _schema_argument(node):
            return False
    return True


def _schema_argument(node: Node) -> bool:
    args = node.parent
    if args is None or args.type != "arguments" or args.parent is None:
        return False
    call = args.parent
    if call.type != "call_expression":
        return False
    given = args.named_children
    fn = js.field(call, "function")
    if js.dotted(fn) == "tv4.validate":
        return len(given) == 2 and given[1] == node
    prop = js.field(fn, "property") if fn is not None and fn.type == "member_expression" else None
    return prop is not None and js.text(prop) == "jsonSchema" and given == [node]


def const_value(node: Node, consts: dict[str, Any]) -> Any:
    """The literal `node` is, or the one a constant the check may read holds; else NOT_LITERAL."""
    if node.type == "identifier" and js.text(node) in consts:
        return consts[js.text(node)]
    try:
        return js.literal(node)
    except js.NotLiteral:
        return NOT_LITERAL

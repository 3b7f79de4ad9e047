"""Postman test scripts -> native assertions, where the assertion is exactly equivalent.

A request's test script keeps its JavaScript except for its trailing ``pm.test(NAME, fn)``
calls whose function is one check this module knows; those become native assertions named
NAME. Only the trailing ones: native assertions run after the test script, so results keep
their order. Known checks (docs/postman.md lists them with their native form): status code,
header presence, JSON value equality (through ``pm.response.json()`` or a variable declared
as ``var X = pm.response.json();`` that no other code can change), response time bounds and
body text. Each is taken only when it gives the same outcome as the JavaScript on every
response; a check that might not (a header value, which a repeated header makes differ;
``jsonSchema``, which the native format cannot say) stays JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tree_sitter import Node

from runner.convert import js
from runner.convert.json_subjects import json_check, path_of, untemplated

_LANGUAGE_CHAINS = frozenset({"to", "be", "been", "is", "that", "which", "and", "has", "have", "with", "at", "of",
                              "same", "but", "does", "still", "also"})
_EQUAL = frozenset({"equal", "equals", "eq"})
_DEEP_EQUAL = frozenset({"eql", "eqls"})
_COMPARE = {"above": "greaterThan", "gt": "greaterThan", "greaterThan": "greaterThan",
            "below": "lessThan", "lt": "lessThan", "lessThan": "lessThan",
            "least": "greaterThanOrEqual", "gte": "greaterThanOrEqual", "greaterThanOrEqual": "greaterThanOrEqual",
            "most": "lessThanOrEqual", "lte": "lessThanOrEqual", "lessThanOrEqual": "lessThanOrEqual"}
_INCLUDE = frozenset({"include", "includes", "contain", "contains", "string"})
#: calls that only read the values they are given (a JSON variable passed to them stays unchanged)
_READERS = frozenset({"pm.expect", "pm.environment.set", "pm.variables.set", "pm.collectionVariables.set",
                      "pm.globals.set", "postman.setEnvironmentVariable", "postman.setGlobalVariable",
                      "console.log", "console.info", "console.warn", "console.error", "JSON.stringify",
                      "String", "Number", "Boolean"})
_NONE = object()  # "no literal here"
_IDENTIFIERS = ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern")


def take_checks(source: str) -> tuple[str, list[dict[str, Any]]]:
    """(the JavaScript left, the assertions its trailing known checks became)."""
    try:
        return _take_checks(source)
    except RecursionError:  # absurdly deep nesting: keep the JavaScript
        return source, []


def _take_checks(source: str) -> tuple[str, list[dict[str, Any]]]:
    data = source.encode("utf-8")
    root = js.parse(data)
    if root is None:
        return source, []
    statements = list(root.named_children)
    aliases = _json_aliases(root, statements)
    declarations = [a.declaration for a in aliases.values()]
    taken: list[tuple[int, dict[str, Any]]] = []
    reads_json = False
    for index in range(len(statements) - 1, -1, -1):
        statement = statements[index]
        if statement.type == "comment" or statement in declarations:
            continue  # stays where it is; the checks after it are taken
        check = _pm_test(statement, aliases, index)
        if check is None:
            break
        spec, from_json = check
        taken.append((index, spec))
        reads_json = reads_json or from_json
    if not taken:
        return source, []
    removed = [statements[i] for i, _ in taken]
    kept = [s for s in statements if s not in removed and s.type != "comment" and s not in declarations]
    for alias in aliases.values():
        if reads_json and _droppable(alias, kept, statements):
            removed.append(alias.declaration)
    return _without(data, removed), [spec for _, spec in reversed(taken)]


def _droppable(alias: _Alias, kept: list[Node], statements: list[Node]) -> bool:
    """Can ``var X = pm.response.json();`` go with the checks that read X?

    Only when no code left reads X and no code left comes after it: on a body that is not JSON the
    declaration stops the script; without it, the JSON checks fail instead (the request fails
    either way) and no code left would run where it did not before.
    """
    where = statements.index(alias.declaration)
    return not any(_mentions(s, alias.name) for s in kept) and all(statements.index(s) < where for s in kept)


class _Alias:
    """``var NAME = pm.response.json();``: NAME is the parsed body as long as nothing changes it."""

    def __init__(self, name: str, declaration: Node) -> None:
        self.name, self.declaration = name, declaration


def _json_aliases(root: Node, statements: list[Node]) -> dict[str, _Alias]:
    found: dict[str, _Alias] = {}
    declared: set[str] = set()
    for statement in statements:
        if statement.type not in ("variable_declaration", "lexical_declaration"):
            continue
        declarators = [c for c in statement.named_children if c.type == "variable_declarator"]
        for d in declarators:
            name = js.field(d, "name")
            if name is not None and name.type == "identifier":
                if js.text(name) in declared:
                    found.pop(js.text(name), None)
                    continue
                declared.add(js.text(name))
                if len(declarators) == 1 and js.call_of(js.field(d, "value"), "pm.response.json", 0) is not None:
                    found[js.text(name)] = _Alias(js.text(name), statement)
    if not found or _dynamic(root):
        return {}
    for node in _walk(root):
        if node.type in _IDENTIFIERS and js.text(node) in found:
            alias = found[js.text(node)]
            if not _only_read(node, alias):
                del found[alias.name]
    return found


def _dynamic(root: Node) -> bool:
    """eval or with: code that can reach any variable without naming it."""
    return any(n.type == "with_statement" or (n.type == "identifier" and js.text(n) == "eval") for n in _walk(root))


def _only_read(node: Node, alias: _Alias) -> bool:
    """Is this mention of the alias its declaration, or a read that cannot change the value?"""
    if node.type != "identifier":
        return False
    parent = node.parent
    if parent is not None and parent.type == "variable_declarator" and js.is_field(node, "name"):
        return parent.parent == alias.declaration
    top = node
    while top.parent is not None and top.parent.type in ("member_expression", "subscript_expression") \
            and js.is_field(top, "object"):
        top = top.parent
    context = top.parent
    if context is None:
        return False
    if context.type == "arguments":
        call = context.parent
        return call is not None and js.dotted(js.field(call, "function")) in _READERS
    if context.type == "binary_expression" or context.type == "template_substitution":
        return True
    if context.type == "unary_expression":
        return js.text(js.field(context, "operator") or context) in ("!", "typeof")
    return False


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _mentions(node: Node, name: str) -> bool:
    return any(n.type in _IDENTIFIERS and js.text(n) == name for n in _walk(node))


def _pm_test(statement: Node, aliases: dict[str, _Alias], index: int) -> tuple[dict[str, Any], bool] | None:
    """The assertion a ``pm.test(NAME, function () { CHECK; })`` statement is, and whether it reads JSON."""
    if statement.type != "expression_statement" or not statement.named_children:
        return None
    args = js.call_of(statement.named_children[0], "pm.test", 2)
    if args is None:
        return None
    try:
        name = js.string(args[0])
    except js.NotLiteral:
        return None
    if "${" in name or not name:  # export would rewrite ${x} as {{x}}
        return None
    body = _only_expression(args[1])
    if body is None:
        return None
    visible = {n: a for n, a in aliases.items() if _declared_before(a, index)}
    found = _check(body, visible)
    if found is None:
        return None
    spec, from_json = found
    return {**spec, "name": name}, from_json


def _declared_before(alias: _Alias, index: int) -> bool:
    siblings = alias.declaration.parent.named_children if alias.declaration.parent is not None else []
    return siblings.index(alias.declaration) < index


def _only_expression(fn: Node) -> Node | None:
    """The one expression a ``function () { EXPR; }`` or ``() => EXPR`` does, else None."""
    if fn.type not in ("function_expression", "arrow_function") or js.field(fn, "name") is not None:
        return None
    params = js.field(fn, "parameters")
    if params is None or params.named_children or any(c.type == "async" for c in fn.children):
        return None
    body = js.field(fn, "body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body if fn.type == "arrow_function" else None
    inner = body.named_children
    if len(inner) != 1 or inner[0].type != "expression_statement" or not inner[0].named_children:
        return None
    return inner[0].named_children[0]


def _chain(node: Node) -> tuple[Node, list[str], str, list[Node]] | None:
    """``BASE.to.be.deep.METHOD(ARGS)`` -> (BASE, words between, METHOD, ARGS)."""
    if node.type != "call_expression":
        return None
    fn, args = js.field(node, "function"), js.field(node, "arguments")
    if fn is None or fn.type != "member_expression" or args is None or args.type != "arguments":
        return None
    method = js.field(fn, "property")
    words: list[str] = []
    base = js.field(fn, "object")
    while base is not None and base.type == "member_expression" and js.text(js.field(base, "property") or base) \
            in _LANGUAGE_CHAINS | {"deep"}:
        words.insert(0, js.text(js.field(base, "property") or base))
        base = js.field(base, "object")
    if base is None or method is None or any(c.type == "comment" for c in args.named_children):
        return None
    return base, words, js.text(method), list(args.named_children)


def _check(expr: Node, aliases: dict[str, _Alias]) -> tuple[dict[str, Any], bool] | None:
    chain = _chain(expr)
    if chain is None:
        return None
    base, words, method, args = chain
    deep = "deep" in words
    if js.dotted(base) == "pm.response":  # pm.response.to.have.status(200) / .header("X")
        if deep or len(args) != 1:
            return None
        value = _literal(args[0])
        if method == "status" and _is_int(value) and value >= 0:
            return {"status": value}, False
        if method == "header" and isinstance(value, str) and _header_name(value):
            return {"that": f"header {value}", "exists": True}, False
        return None
    expect = js.call_of(base, "pm.expect", 1)
    if expect is None or len(args) != 1:
        return None
    subject = expect[0]
    expected = _literal(args[0])
    if expected is _NONE:
        return None
    if js.dotted(subject) in ("pm.response.code", "pm.response.responseTime"):
        that = "status" if js.dotted(subject) == "pm.response.code" else "durationMs"
        number = _number_check(that, method, expected, deep)
        return (number, False) if number is not None else None
    if js.call_of(subject, "pm.response.text", 0) is not None:
        if method in _INCLUDE and isinstance(expected, str) and not deep and untemplated(expected):
            return {"that": "body", "contains": expected}, False
        if method in _EQUAL | _DEEP_EQUAL and isinstance(expected, str) and untemplated(expected):
            return {"that": "body", "equals": expected}, False
        return None
    path = path_of(subject, aliases)
    if path is None:
        return None
    spec = json_check(path, method, expected, deep=deep)
    return (spec, True) if spec is not None else None


def _literal(node: Node) -> Any:
    try:
        return js.literal(node)
    except js.NotLiteral:
        return _NONE


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_check(that: str, method: str, expected: Any, deep: bool) -> dict[str, Any] | None:
    """Checks on the status code or the response time: both always numbers."""
    if method in _EQUAL | _DEEP_EQUAL and _is_int(expected) and that == "status":
        return {"status": expected}
    if method == "oneOf" and that == "status" and not deep and isinstance(expected, list) \
            and expected and all(_is_int(v) for v in expected):
        return {"that": "status", "in": expected}
    if method in _COMPARE and not deep and isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return {"that": that, _COMPARE[method]: expected}
    return None


def _header_name(name: str) -> bool:
    return bool(name) and name == name.strip() and all(33 <= ord(c) < 127 and c != ":" for c in name)


def _without(data: bytes, removed: list[Node]) -> str:
    """The source without the removed statements; lines left blank by a removal go too."""
    out, touched, pos = bytearray(), set(), 0
    for start, end in sorted((n.start_byte, n.end_byte) for n in removed):
        out += data[pos:start]
        touched.add(out.count(b"\n"))
        while end < len(data) and data[end:end + 1] in (b" ", b"\t"):
            end += 1
        pos = end
    out += data[pos:]
    lines = out.decode("utf-8").split("\n")
    return "\n".join(line for i, line in enumerate(lines) if line.strip() or i not in touched).rstrip()

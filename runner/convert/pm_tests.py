"""Postman test scripts -> native assertions, where the assertion is exactly equivalent.

A request's test script keeps its JavaScript except for its trailing ``pm.test(NAME, fn)``
calls whose function is one check this module knows; those become native assertions named
NAME. Only the trailing ones: native assertions run after the test script, so results keep
their order. Known checks (docs/postman.md lists them with their native form): status code,
header presence, the value of a header HTTP sends once, JSON value equality (through
``pm.response.json()`` or a variable declared as ``var X = pm.response.json();`` that no other
code can change), response time bounds, body text, and JSON Schema checks (``jsonSchema``,
``tv4.validate``) on a literal schema (runner.convert.pm_schema, pm_consts). Each is taken only
when it gives the same outcome as the JavaScript on every response; a check that might not (the
value of a header that may repeat: Postman reads its last value, the native subject all of them)
stays JavaScript.
"""

from __future__ import annotations

from typing import Any

from tree_sitter import Node

from runner.convert import js
from runner.convert.json_subjects import json_check, path_of, untemplated
from runner.convert.pm_consts import Const, const_value, literal_declaration, only_schema_uses, schema_consts
from runner.convert.pm_schema import for_ajv, for_tv4, reaches

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
                      "String", "Number", "Boolean", "tv4.validate"})
_NONE = object()  # "no literal here"
#: header fields HTTP allows only once in a response (RFC 9110, 9111, 6266; Fetch's CORS fields): a
#: script's ``headers.get`` (Postman: the last value) and the native subject (every value, joined
#: with ", ") read the same text from any response that keeps to HTTP
_SINGLE_VALUE_HEADERS = frozenset({
    "content-type", "content-length", "content-location", "content-range", "content-disposition", "location",
    "etag", "last-modified", "date", "expires", "age", "retry-after", "server", "access-control-allow-origin",
    "access-control-allow-credentials", "access-control-max-age"})


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
    consts = schema_consts(root, statements)
    declarations = [a.declaration for a in aliases.values()] + [c.declaration for c in consts.values()]
    taken: list[tuple[int, dict[str, Any]]] = []
    reads_json = False
    for index in range(len(statements) - 1, -1, -1):
        statement = statements[index]
        if statement.type == "comment" or statement in declarations:
            continue  # stays where it is; the checks after it are taken
        check = _pm_test(statement, aliases, consts, index)
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
    checks = list(removed)
    for const in consts.values():  # a literal only taken checks read: it goes with them
        left = [s for s in statements if s not in checks and s != const.declaration]
        if any(_mentions(s, const.name) for s in checks) and not any(_mentions(s, const.name) for s in left):
            removed.append(const.declaration)
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
    if not found or js.dynamic(root):
        return {}
    for node in js.walk(root):
        if node.type in js.IDENTIFIERS and js.text(node) in found:
            alias = found[js.text(node)]
            if not _only_read(node, alias):
                del found[alias.name]
    return found


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


def _mentions(node: Node, name: str) -> bool:
    return any(n.type in js.IDENTIFIERS and js.text(n) == name for n in js.walk(node))


def _pm_test(statement: Node, aliases: dict[str, _Alias], consts: dict[str, Const],
             index: int) -> tuple[dict[str, Any], bool] | None:
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
    found_body = _test_body(args[1])
    if found_body is None:
        return None
    body, local = found_body
    visible = {n: a for n, a in aliases.items() if _declared_before(a, index)}
    values = {**{n: c.value for n, c in consts.items() if _declared_before(c, index)}, **local}
    found = _check(body, visible, values)
    if found is None:
        return None
    spec, from_json = found
    return {**spec, "name": name}, from_json


def _declared_before(alias: _Alias | Const, index: int) -> bool:
    siblings = alias.declaration.parent.named_children if alias.declaration.parent is not None else []
    return siblings.index(alias.declaration) < index


def _test_body(fn: Node) -> tuple[Node, dict[str, Any]] | None:
    """The one expression a ``function () { EXPR; }`` or ``() => EXPR`` does, after any literal
    constants it declares first (``const schema = {...};``: name -> value), else None."""
    if fn.type not in ("function_expression", "arrow_function") or js.field(fn, "name") is not None:
        return None
    params = js.field(fn, "parameters")
    if params is None or params.named_children or any(c.type == "async" for c in fn.children):
        return None
    body = js.field(fn, "body")
    if body is None:
        return None
    if body.type != "statement_block":
        return (body, {}) if fn.type == "arrow_function" else None
    inner = body.named_children  # a comment in it: it stays JavaScript, the comment kept
    if not inner or inner[-1].type != "expression_statement" or not inner[-1].named_children:
        return None
    expr = inner[-1].named_children[0]
    local: dict[str, Any] = {}
    for statement in inner[:-1]:
        const = literal_declaration(statement)
        if const is None or const[0] in local or not only_schema_uses(expr, const[0]):
            return None
        local[const[0]] = const[1]
    return expr, local


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


def _check(expr: Node, aliases: dict[str, _Alias], consts: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
    subject = _expected_true(expr)  # pm.expect(tv4.validate(DATA, SCHEMA)).to.be.true
    if subject is not None:
        return _tv4(subject, aliases, consts)
    chain = _chain(expr)
    if chain is None:
        return None
    base, words, method, args = chain
    deep = "deep" in words
    if js.dotted(base) == "pm.response":  # pm.response.to.have.status(200) / .header("X") / .jsonSchema(S)
        if deep:
            return None
        if method == "jsonSchema" and len(args) == 1:
            schema = const_value(args[0], consts)  # a body that is not JSON fails it, as the native check
            return ({"that": "$", "schema": schema}, True) if for_ajv(schema) else None
        value: Any = _literal(args[0]) if args else _NONE
        if method == "header" and len(args) == 2 and isinstance(value, str):
            return _header_value(value, "equals", _literal(args[1]), deep=False)
        if len(args) != 1:
            return None
        if method == "status" and _is_int(value) and value >= 0:
            return {"status": value}, False
        if method == "header" and isinstance(value, str) and _header_name(value):
            return {"that": f"header {value}", "exists": True}, False
        return None
    expect = js.call_of(base, "pm.expect", 1)
    if expect is None or len(args) != 1:
        return None
    subject = expect[0]
    if method == "jsonSchema":
        path, schema = path_of(subject, aliases), const_value(args[0], consts)
        ok = not deep and path is not None and for_ajv(schema) and reaches(path, schema)
        return ({"that": path.text, "schema": schema}, True) if ok and path is not None else None
    expected = _literal(args[0])
    if expected is _NONE:
        return None
    if method in _EQUAL | _DEEP_EQUAL and expected is True and js.call_of(subject, "tv4.validate", 2) is not None:
        return _tv4(subject, aliases, consts)
    header = js.call_of(subject, "pm.response.headers.get", 1)
    if header is not None:
        name = _literal(header[0])
        return _header_value(name, method, expected, deep=deep) if isinstance(name, str) else None
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


def _expected_true(expr: Node) -> Node | None:
    """X for ``pm.expect(X).to.be.true``, else None."""
    if expr.type != "member_expression" or js.text(js.field(expr, "property") or expr) != "true":
        return None
    base = js.field(expr, "object")
    while base is not None and base.type == "member_expression" \
            and js.text(js.field(base, "property") or base) in _LANGUAGE_CHAINS:
        base = js.field(base, "object")
    expect = js.call_of(base, "pm.expect", 1)
    return expect[0] if expect is not None else None


def _tv4(call: Node, aliases: dict[str, _Alias], consts: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
    """``tv4.validate(DATA, SCHEMA)`` as a schema check, where draft 4 and draft 7 agree on SCHEMA."""
    args = js.call_of(call, "tv4.validate", 2)
    if args is None:
        return None
    path, schema = path_of(args[0], aliases), const_value(args[1], consts)
    if path is None or not for_tv4(schema) or not reaches(path, schema):
        return None
    return {"that": path.text, "schema": schema}, True


def _header_value(name: str, method: str, expected: Any, *, deep: bool) -> tuple[dict[str, Any], bool] | None:
    """A header's value, equal to or containing a string, for a header HTTP sends once."""
    if not (_header_name(name) and name.lower() in _SINGLE_VALUE_HEADERS and isinstance(expected, str)
            and untemplated(expected)):
        return None
    if method in _EQUAL | _DEEP_EQUAL:
        return {"that": f"header {name}", "equals": expected}, False
    if method in _INCLUDE and not deep:
        return {"that": f"header {name}", "contains": expected}, False
    return None


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

"""The native collection format: JSON validated by the shipped JSON Schema (draft 2020-12)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from runner._files import pointer_escape
from runner.core.assertion import default_name, regex_problem
from runner.core.json_schema import SchemaProblem, check_schema
from runner.core.query import compile_subject
from runner.errors import InputError
from runner.model.collection import Assertion, Body, Capture, Collection, Request, Script

_OPS = ("equals", "notEquals", "exists", "matches", "contains", "in", "greaterThan",
        "greaterThanOrEqual", "lessThan", "lessThanOrEqual", "type", "length", "schema")
_OP_SET = frozenset(_OPS)
_OWN = ("prerequest", "tests", "tags")  # what an item adds to what it inherits, besides its request


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("runner.load").joinpath("schema/collection.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    # jsonschema-rs (draft 2020-12 too) answers "valid?" ~10x faster than python-jsonschema
    # (17 ms vs 167 ms to import, build and check a 300-request collection, bench/run.py);
    # python-jsonschema stays the authority and writes the messages, so it runs only when
    # the fast check finds a problem.
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema())


def validate(data: Any, file: str) -> None:
    """Raise InputError for the most relevant schema violation, with its JSON pointer."""
    try:
        if _fast_validator().is_valid(data):
            return
    except UnicodeEncodeError:  # a lone UTF-16 surrogate ("\ud800" in the file): no Rust string holds one
        pass
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is None:
        return
    pointer = "/" + "/".join(pointer_escape(str(p)) for p in error.absolute_path) if error.absolute_path else "/"
    raise InputError(f"schema violation: {_explain(error)}", file=file, place=pointer)


def _explain(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message} (allowed: {', '.join(sorted(error.schema.get('properties', {})))})"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    return error.message


def is_single_item(data: Any) -> bool:
    """A file that holds one item of a plug-in kind (e.g. a Personalize connection) and no
    ``items``: it is read as a collection of that one item, named after it."""
    if not isinstance(data, dict) or "items" in data or "request" in data or not isinstance(data.get("name"), str):
        return False
    from runner.load.kinds import kind_of

    return kind_of(data) is not None


def as_collection(data: Any) -> tuple[Any, str]:
    """(collection, JSON pointer of its items): a single-item file becomes a one-item collection
    whose item sits at the root of the file (pointer ``""``); a collection stays as it is."""
    if is_single_item(data):
        return {"name": data["name"], "items": [data]}, ""
    return data, "/items"


def item_pointer(base: str, index: int) -> str:
    """The pointer of item `index` under `base` (a single-item file's item is the file's root)."""
    return "" if base == "" else f"{base}/{index}"


def validate_file(data: Any, file: str) -> tuple[dict[str, Any], str]:
    """Schema-check a native file (a collection or a single item); (collection, items pointer)."""
    collection, base = as_collection(data)
    try:
        validate(collection, file)
    except InputError as exc:
        if base == "" and exc.place and exc.place.startswith("/items/0"):  # the place in the file as written
            exc.place = exc.place[len("/items/0"):] or "/"
        raise
    return collection, base


def from_native(data: Any, file: str) -> Collection:
    data, base = validate_file(data, file)
    requests: list[Request] = []
    inherited = _Inherited(auth=data.get("auth"), headers=dict(data.get("headers", {})),
                           timeout=data.get("timeout"), pre=[], tests=[], tags=tuple(data.get("tags", ())))
    if data.get("prerequest", {}).get("messages"):
        raise InputError("message builders belong on requests, not the collection", file=file, place="/prerequest")
    # collection-level scripts run first (outside-in, as Postman runs them)
    inherited = inherited.child({k: v for k, v in data.items() if k in ("prerequest", "tests")}, "/")
    _walk(data["items"], base, (), inherited, requests, file)
    secrets = set(data.get("secrets", ()))
    return Collection(
        name=data["name"], path=file, format="native", requests=requests,
        variables=dict(data.get("variables", {})), secret_names=secrets,
        tags=tuple(data.get("tags", ())), description=data.get("description", ""),
        independent_iterations=data.get("independentIterations", False),
        mocks=list(data.get("mocks", [])), sandbox=dict(data.get("sandbox", {})),
    )


class _Inherited:
    """Settings a folder passes down to its items."""

    __slots__ = ("auth", "headers", "timeout", "pre", "tests", "tags")

    def __init__(self, *, auth: Any, headers: dict[str, str], timeout: Any,
                 pre: list[Script], tests: list[Script], tags: tuple[str, ...]) -> None:
        self.auth, self.headers, self.timeout = auth, headers, timeout
        self.pre, self.tests, self.tags = pre, tests, tags

    def child(self, node: dict[str, Any], where: str) -> _Inherited:
        pre = list(self.pre)
        if "script" in node.get("prerequest", {}):
            pre.append(Script(script_source(node["prerequest"]["script"]), f"{where} [prerequest]"))
        tests = list(self.tests)
        if "tests" in node:
            tests.append(Script(script_source(node["tests"]), f"{where} [test]"))
        return _Inherited(auth=node.get("auth", self.auth), headers={**self.headers, **node.get("headers", {})},
                          timeout=node.get("timeout", self.timeout), pre=pre, tests=tests,
                          tags=self.tags + tuple(node.get("tags", ())))


def _walk(items: list[Any], pointer: str, folders: tuple[str, ...], up: _Inherited,
          out: list[Request], file: str) -> None:
    for i, node in enumerate(items):
        where = item_pointer(pointer, i)
        if "items" in node:
            if node.get("prerequest", {}).get("messages"):
                raise InputError("message builders belong on requests, not folders", file=file,
                                 place=where + "/prerequest")
            _walk(node["items"], where + "/items", folders + (node["name"],), up.child(node, where), out, file)
        else:
            out.append(_request(node, where, folders, up, file, index=len(out)))


def _request(node: dict[str, Any], where: str, folders: tuple[str, ...], up: _Inherited,
             file: str, index: int, checked: bool = False) -> Request:
    """The Request of an item. `checked`: the item passed the checks before (built again for a run),
    so subjects, patterns and schemas are not checked again."""
    own = up.child({k: node[k] for k in _OWN if k in node}, where)
    item = "/".join(folders + (node["name"],))
    if "request" not in node:  # a plug-in kind (e.g. a Personalize connection)
        from runner.load.kinds import load_item

        req = load_item(node, where, file)
    else:
        r = node["request"]
        req = Request(
            id=f"{index}", name=node["name"], item=item, folders=folders,
            method=r["method"], url=r["url"] or "", pointer=where,  # null: no URL, fails when sent
            query=[(k, _text(v)) for k, v in r.get("query", {}).items()],
            headers=list({**up.headers, **r.get("headers", {})}.items()),
            body=_body(r.get("body")),
            auth=r.get("auth", up.auth),
            timeout_ms=_timeout(r.get("timeout", up.timeout)),
        )
    req.id, req.item, req.folders, req.name, req.pointer = f"{index}", item, folders, node["name"], where
    req.messages = dict(node.get("prerequest", {}).get("messages", {}))
    req.prerequest, req.tests, req.tags = own.pre, own.tests, own.tags
    # the item's own checks, then those a kind adds (e.g. a connection's output mappings)
    req.assertions = [_assertion(a, f"{where}/assert/{j}", file, checked)
                      for j, a in enumerate(node.get("assert", []))] \
        + list(req.assertions)
    req.captures = [_capture(name, spec, f"{where}/capture/{pointer_escape(name)}", file, checked)
                    for name, spec in node.get("capture", {}).items()]
    mock = node.get("mock")
    req.mocks = [] if mock is None else (mock if isinstance(mock, list) else [mock])
    return req


def script_source(script: str | list[str]) -> str:
    """A script as one source: a list of lines (as Postman stores scripts) joined with newlines."""
    return script if isinstance(script, str) else "\n".join(script)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _body(spec: dict[str, Any] | None) -> Body | None:
    if spec is None:
        return None
    (kind, value), = spec.items()
    if kind == "multipart":  # the engine takes (name, text | {"file": path}) pairs
        value = [(p["name"], {"file": p["file"]} if "file" in p else p["value"]) for p in value]
    return Body(kind=kind, value=value)


def _timeout(spec: dict[str, Any] | None) -> dict[str, float] | None:
    if not spec:
        return None
    return {k: float(spec[key]) for k, key in (("connect", "connectMs"), ("read", "readMs")) if spec.get(key)}


def _assertion(spec: dict[str, Any], pointer: str, file: str, checked: bool = False) -> Assertion:
    if "status" in spec:
        subject, op, expected = "status", "equals", spec["status"]
    else:
        subject = spec["that"]
        ops = [k for k in spec if k in _OP_SET]
        if len(ops) != 1:
            raise InputError(f"an assertion needs exactly one operator (one of: {', '.join(_OPS)})",
                             file=file, place=pointer)
        op = ops[0]
        expected = spec[op]
        if not checked:
            _check_assertion(subject, op, expected, pointer, file)
    return Assertion(subject, op, expected, spec.get("name") or default_name(subject, op, expected), pointer)


def _check_assertion(subject: str, op: str, expected: Any, pointer: str, file: str) -> None:
    try:
        compile_subject(subject)
    except ValueError as exc:
        raise InputError(str(exc), file=file, place=pointer + "/that") from None
    if op == "matches" and isinstance(expected, str) and "{{" not in expected and "${" not in expected:
        problem = regex_problem(expected)
        if problem:
            raise InputError(f"\"matches\": {problem}", file=file, place=pointer + "/matches")
    if op == "schema":
        try:
            check_schema(expected)
        except SchemaProblem as exc:
            inside = "".join("/" + pointer_escape(str(p)) for p in exc.path)
            raise InputError(f"\"schema\": {exc.message}", file=file, place=pointer + "/schema" + inside) from None


def _capture(var: str, spec: Any, pointer: str, file: str, checked: bool = False) -> Capture:
    subject = spec if isinstance(spec, str) else spec["from"]
    regex = None if isinstance(spec, str) else spec.get("regex")
    if checked:
        return Capture(var, subject, regex, pointer)
    try:
        compile_subject(subject)
    except ValueError as exc:
        raise InputError(str(exc), file=file, place=pointer) from None
    problem = regex_problem(regex) if isinstance(regex, str) else None
    if problem:
        raise InputError(f"\"regex\": {problem}", file=file, place=pointer + "/regex")
    return Capture(var, subject, regex, pointer)

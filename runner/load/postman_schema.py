"""Postman collections checked against the published Postman Collection Format schemas (v2.0.0 and
v2.1.0, shipped in schema/postman/ with their licence).

``cdp-runner validate`` reports every violation with its JSON pointer (exit 2); ``run`` prints them
as warnings and runs what Newman runs (Newman does not check the schema either).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from runner._files import pointer_escape

VERSIONS = ("v2.0.0", "v2.1.0")


@dataclass(frozen=True, slots=True)
class Violation:
    pointer: str  # JSON pointer into the collection file ("/item/0/request/url")
    message: str


def schema_version(data: dict[str, Any]) -> str:
    """The schema version a collection names in ``info.schema`` (v2.1.0 when it names neither)."""
    info = data.get("info")
    named = info.get("schema") if isinstance(info, dict) else None
    named = named if isinstance(named, str) else ""
    return next((v for v in VERSIONS if f"/{v}/" in named), "v2.1.0")


def is_valid(data: Any) -> bool:
    """Whether `data` meets its Postman schema version (no violations)."""
    version = schema_version(data) if isinstance(data, dict) else "v2.1.0"
    return bool(_fast_validator(version).is_valid(data))


def violations(data: Any) -> list[Violation]:
    """Every place where `data` breaks its Postman schema version, in document order."""
    if is_valid(data):
        return []
    version = schema_version(data) if isinstance(data, dict) else "v2.1.0"
    found = [Violation(_pointer(leaf.absolute_path), _message(leaf))
             for error in _validator(version).iter_errors(data) for leaf in _leaves(error)]
    return sorted(set(found), key=lambda v: _order(v.pointer))


def _leaves(error: Any) -> Iterator[Any]:
    """The errors that say what is wrong. For a ``oneOf``/``anyOf`` (an item or a folder; a URL as
    text or as an object) the alternative that matched the data furthest is the one meant."""
    if not error.context:
        yield error
        return
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = max(branches.values(), key=lambda subs: (max(len(s.absolute_path) for s in subs), -len(subs)))
    for sub in meant:
        yield from _leaves(sub)


def _message(error: Any) -> str:
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, got {_json_type(error.instance)}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "enum":
        return f"{json.dumps(error.instance)[:60]} is not one of {', '.join(map(json.dumps, error.validator_value))}"
    return error.message[:300]


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _pointer(path: Any) -> str:
    return "/" + "/".join(pointer_escape(str(p)) for p in path) if path else "/"


def _order(pointer: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in pointer.split("/")[1:]]


@lru_cache(maxsize=2)
def _schema(version: str) -> dict[str, Any]:
    text = resources.files("runner.load").joinpath(f"schema/postman/collection-{version}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=2)
def _validator(version: str) -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(_schema(version))


@lru_cache(maxsize=2)
def _fast_validator(version: str) -> Any:
    import jsonschema_rs  # answers "valid?" fast; python-jsonschema explains only when it is not

    return jsonschema_rs.validator_for(_schema(version))

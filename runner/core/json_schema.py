"""The ``schema`` assertion's JSON Schema work: is a schema valid, and where does a value break it.

The draft is the schema's ``$schema``, else draft 7 (what Postman's ``jsonSchema`` assumes: Ajv 6);
``format`` is checked, as Ajv checks it and as scripts' ``jsonSchema`` does here. python-jsonschema
does the work; it is imported on first use, so collections without a schema check never load it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from runner.errors import QueryError

#: a value shown in a failure message longer than this is described instead (never cut: a cut
#: secret would escape masking)
_SHOWN = 80
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SchemaProblem(Exception):
    """The schema is not a valid JSON Schema; ``path`` is where in the schema."""

    def __init__(self, message: str, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message, self.path = message, path


def _validator_class(schema: Any) -> Any:
    from jsonschema import Draft7Validator, validators

    return validators.validator_for(schema, default=Draft7Validator) if isinstance(schema, dict) else Draft7Validator


def check_schema(schema: Any) -> None:
    """Raise SchemaProblem when `schema` is not a valid JSON Schema of its draft."""
    from jsonschema.exceptions import best_match

    cls = _validator_class(schema)
    try:
        error = best_match(cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER).iter_errors(schema))
    except RecursionError:
        raise SchemaProblem("not a valid JSON Schema: nested too deeply", ()) from None
    if error is not None:
        number = cls.__name__.removeprefix("Draft").removesuffix("Validator")  # 7, 201909
        draft = "draft " + (f"{number[:4]}-{number[4:]}" if len(number) == 6 else number)
        raise SchemaProblem(f"not a valid JSON Schema ({draft}): {error.message}", tuple(error.absolute_path))
    _check_references(schema)


#: keywords that hold one schema, an object of schemas, a list of schemas (every draft 4 to 2020-12)
_ONE = ("additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
        "items", "unevaluatedItems", "unevaluatedProperties", "contentSchema")
_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependencies", "dependentSchemas")
_LISTS = ("allOf", "anyOf", "oneOf", "items", "prefixItems")
#: keywords that move where a reference points: with them, references are left to validation
_SCOPES = ("$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor")


def subschemas(schema: Any) -> Iterator[tuple[Any, tuple[str | int, ...], str]]:
    """Every schema inside `schema` (itself included): (schema, its path, the keyword it sits under)."""
    stack: list[tuple[Any, tuple[str | int, ...], str]] = [(schema, (), "")]
    while stack:
        node, path, keyword = stack.pop()
        yield node, path, keyword
        if not isinstance(node, dict):
            continue
        for key in _MAPS:
            if isinstance(node.get(key), dict):
                stack.extend((v, (*path, key, k), key) for k, v in node[key].items() if isinstance(v, (dict, bool)))
        for key in _ONE:
            if isinstance(node.get(key), (dict, bool)):
                stack.append((node[key], (*path, key), key))
        for key in _LISTS:
            if isinstance(node.get(key), list):
                stack.extend((v, (*path, key, i), key) for i, v in enumerate(node[key]))


def _check_references(schema: Any) -> None:
    """Every ``$ref`` must point inside the schema (nothing is fetched): checked when no ``$id`` or
    anchor moves what a reference means; otherwise validation finds a reference that points nowhere."""
    nodes = [(n, p) for n, p, _ in subschemas(schema) if isinstance(n, dict)]
    if any(isinstance(n.get(k), str) for n, _ in nodes for k in _SCOPES):
        return
    for node, path in nodes:
        ref = node.get("$ref")
        if isinstance(ref, str) and resolve_local(schema, ref) is _NOWHERE:
            where = "is outside the schema (references are not fetched)" if not ref.startswith("#") \
                else "points to nothing in the schema"
            raise SchemaProblem(f"$ref {json.dumps(ref)} {where}", (*path, "$ref"))


_NOWHERE = object()


def resolve_local(schema: Any, ref: str) -> Any:
    """What ``$ref`` `ref` (``#`` or ``#/a/b``) points to inside `schema`, else a marker for nowhere."""
    if ref == "#":
        return schema
    if not ref.startswith("#/"):
        return _NOWHERE
    found = schema
    for raw in ref[2:].split("/"):
        step = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(found, dict) and step in found:
            found = found[step]
        elif isinstance(found, list) and step.isdigit() and int(step) < len(found):
            found = found[int(step)]
        else:
            return _NOWHERE
    return found


def points_inside(schema: Any, ref: Any) -> bool:
    """Does `ref` point to something inside `schema`?"""
    return isinstance(ref, str) and resolve_local(schema, ref) is not _NOWHERE


@lru_cache(maxsize=128)
def _validator(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    cls = _validator_class(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def violation(schema: Any, value: Any, where: str) -> str | None:
    """None when `value` (found at subject `where`) satisfies `schema`, else a short message naming
    the place of the most relevant error and what was expected there.

    Raises QueryError when the schema cannot be used (a ``$ref`` that does not resolve).
    """
    import referencing.exceptions
    from jsonschema.exceptions import best_match

    try:
        validator = _validator(json.dumps(schema, sort_keys=True))
        error = best_match(validator.iter_errors(value))
    except referencing.exceptions.Unresolvable as exc:
        ref = str(getattr(exc, "ref", ""))
        raise QueryError(f"schema: cannot resolve $ref {('#' + ref) if ref.startswith('/') else ref!r}") from None
    except RecursionError:
        raise QueryError("schema: nested too deeply to check") from None
    if error is None:
        return None
    place = _place(where, tuple(error.absolute_path))
    what, got = _expectation(error)
    return f"expected {place} {what}, got {got}"


def _place(where: str, path: tuple[Any, ...]) -> str:
    """The error's place: the subject's JSON path followed by the steps inside its value."""
    if not path:
        return where
    if not where.startswith("$"):
        return where + " at /" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)
    out = where
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif _IDENTIFIER.match(step):
            out += f".{step}"
        else:
            out += f"[{json.dumps(step, ensure_ascii=False)}]"
    return out


def _expectation(error: Any) -> tuple[str, str]:
    """(what the schema wanted at the error's place, what was there)."""
    k, v, inst = error.validator, error.validator_value, error.instance
    got = show(inst)
    if k == "type":
        return f"to be of type {' or '.join(v) if isinstance(v, list) else v}", f"{_type_of(inst)} {got}"
    if k == "required":
        missing = next((p for p in v if isinstance(inst, dict) and p not in inst), "")
        return f"to have property {json.dumps(missing)}", "an object without it"
    if k == "additionalProperties" and isinstance(inst, dict):
        listed, patterns = error.schema.get("properties") or {}, error.schema.get("patternProperties") or {}
        extra = [p for p in inst if p not in listed and not any(re.search(r, p) for r in patterns)]
        return "to have no properties but those the schema names", show(extra)
    if k == "enum":
        return f"to be one of {show(v)}", got
    if k == "const":
        return f"to be {show(v)}", got
    if k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        symbol = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[k]
        if k in ("minimum", "maximum") and error.schema.get("exclusive" + k.capitalize()) is True:  # draft 4
            symbol = symbol[0]
        return f"to be {symbol} {show(v)}", got
    if k in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        unit = {"Length": "characters", "Items": "items", "Properties": "properties"}[k[3:]]
        count = len(inst) if isinstance(inst, (str, list, dict)) else "?"
        return f"to have {'at least' if k.startswith('min') else 'at most'} {v} {unit}", f"{count}"
    if k == "pattern":
        return f"to match pattern {show(v)}", got
    if k == "format":
        return f"to be a valid {v}", got
    if k == "multipleOf":
        return f"to be a multiple of {show(v)}", got
    if k == "uniqueItems":
        return "to have unique items", "a repeated item"
    return f"to satisfy {json.dumps(k)} of the schema", got


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}.get(type(value), "value")


def show(value: Any) -> str:
    """`value` as JSON when short, else what it is (an object of 12 properties, a string of 300 characters)."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= _SHOWN:
        return text
    if isinstance(value, dict):
        return f"an object of {len(value)} properties"
    if isinstance(value, list):
        return f"an array of {len(value)} items"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return f"a {_type_of(value)}"

"""Which JSON Schemas in a Postman test import as a native ``schema`` assertion.

The native check validates with python-jsonschema: the schema's ``$schema`` draft, else draft 7,
with ``format`` checked. A Postman script validates with Ajv 6 (``jsonSchema``: draft 7, and only
draft 7) or tv4 (``tv4.validate``: always draft 4, no ``format``, a ``$ref`` it cannot find passes).
A schema is taken only where both read it the same way; anything else stays JavaScript.
"""

from __future__ import annotations

from typing import Any

from runner.convert.json_subjects import JsonPath
from runner.core.json_schema import SchemaProblem, check_schema, points_inside, subschemas

#: the ``$schema`` values Ajv 6 (Postman's jsonSchema) accepts: draft 7, also as "the latest"
_AJV_DRAFTS = frozenset({"http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema",
                         "http://json-schema.org/schema#"})
#: the formats Ajv 6 knows; any other makes it throw, so the Postman test can never pass
_AJV_FORMATS = frozenset({"date", "time", "date-time", "uri", "uri-reference", "uri-template", "url", "email",
                          "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer", "json-pointer-uri-fragment",
                          "relative-json-pointer"})
#: keywords draft 4 (tv4) ignores or reads differently from draft 7, and those tv4 handles its own way
_NOT_FOR_TV4 = frozenset({"$schema", "$ref", "id", "$id", "format", "exclusiveMinimum", "exclusiveMaximum", "const",
                          "contains", "propertyNames", "if", "then", "else", "contentMediaType", "contentEncoding"})


def for_ajv(schema: Any) -> bool:
    """Does ``jsonSchema(schema)`` in Postman (Ajv 6) check what the native assertion checks?"""
    if not isinstance(schema, dict) or schema.get("$schema", next(iter(_AJV_DRAFTS))) not in _AJV_DRAFTS:
        return False
    if not _valid(schema):
        return False
    for node, _, _ in subschemas(schema):
        if isinstance(node, dict):
            if "format" in node and node["format"] not in _AJV_FORMATS:
                return False
            if "$id" in node or ("$ref" in node and not points_inside(schema, node["$ref"])):
                return False
    return True


def for_tv4(schema: Any) -> bool:
    """Does ``tv4.validate(data, schema)`` (draft 4) check what the native assertion (draft 7) checks?"""
    if not isinstance(schema, dict) or not _valid(schema):
        return False
    for node, _, slot in subschemas(schema):
        if isinstance(node, bool) and slot not in ("additionalProperties", "additionalItems"):
            return False  # a schema that is true or false: draft 6 on
        if isinstance(node, dict) and _NOT_FOR_TV4.intersection(node):
            return False
    return True


def accepts_strings(schema: Any) -> bool:
    """Could a string satisfy the schema? (False only when its own ``type`` rules strings out.)"""
    kinds = schema.get("type") if isinstance(schema, dict) else None
    if kinds is None:
        return True
    return "string" in (kinds if isinstance(kinds, list) else [kinds])


def reaches(path: JsonPath, schema: dict[str, Any]) -> bool:
    """Does the native check see what the script validates at `path`? At ``$``, always (a body that
    is not JSON fails both). Deeper, a script validates ``undefined`` where the path finds nothing,
    and "abc"[0] is "a": only a schema whose type rules out both fails there as the native check does."""
    if path.text == "$":
        return True
    kinds = schema.get("type")
    listed = kinds if isinstance(kinds, list) else [kinds] if isinstance(kinds, str) else None
    return listed is not None and "null" not in listed and not (path.ends_with_index and accepts_strings(schema))


def _valid(schema: dict[str, Any]) -> bool:
    try:
        check_schema(schema)
    except SchemaProblem:
        return False
    return True

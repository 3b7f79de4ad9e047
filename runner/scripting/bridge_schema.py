"""JSON Schema validation for scripts (tv4, ajv, chai ``jsonSchema``) through python-jsonschema.

Errors carry the fields and message wording of the library the script called (tv4 or ajv 6)
for the common keywords; other keywords keep python-jsonschema's message.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import referencing.jsonschema
from jsonschema import validators

_DEFAULTS = {"tv4": jsonschema.Draft4Validator, "ajv": jsonschema.Draft7Validator}
_JS_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
             type(None): "null"}
# tv4's error codes (tv4.errorCodes)
TV4_CODES = {"type": 0, "enum": 1, "anyOf": 10, "oneOf": 11, "not": 13, "multipleOf": 100, "minimum": 101,
             "exclusiveMinimum": 102, "maximum": 103, "exclusiveMaximum": 104, "minLength": 200, "maxLength": 201,
             "pattern": 202, "minProperties": 300, "maxProperties": 301, "required": 302,
             "additionalProperties": 303, "dependencies": 304, "minItems": 400, "maxItems": 401,
             "uniqueItems": 402, "additionalItems": 403, "format": 500}


def _js_type(v: Any) -> str:
    return _JS_TYPES.get(type(v), "object")


def _ajv_message(err: jsonschema.ValidationError) -> tuple[str, dict]:
    k, v, inst = err.validator, err.validator_value, err.instance
    if k == "type":
        return f"should be {','.join(v) if isinstance(v, list) else v}", {"type": v}
    if k == "required":
        missing = next((p for p in v if isinstance(inst, dict) and p not in inst), "")
        return f"should have required property '{missing}'", {"missingProperty": missing}
    if k == "additionalProperties":
        return "should NOT have additional properties", {}
    if k == "enum":
        return "should be equal to one of the allowed values", {"allowedValues": v}
    if k == "const":
        return "should be equal to constant", {"allowedValue": v}
    if k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        op = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[k]
        return f"should be {op} {v}", {"comparison": op, "limit": v}
    if k in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        what = {"Length": "characters", "Items": "items", "Properties": "properties"}[k[3:]]
        word = ("shorter" if k == "minLength" else "longer" if k == "maxLength"
                else "fewer" if k.startswith("min") else "more")
        verb = "be" if k.endswith("Length") else "have"
        return f"should NOT {verb} {word} than {v} {what}", {"limit": v}
    if k == "pattern":
        return f'should match pattern "{v}"', {"pattern": v}
    if k == "format":
        return f'should match format "{v}"', {"format": v}
    return err.message, {}


def _tv4_message(err: jsonschema.ValidationError) -> str:
    k, v, inst = err.validator, err.validator_value, err.instance
    if k == "type":
        return f"Invalid type: {_js_type(inst)} (expected {'/'.join(v) if isinstance(v, list) else v})"
    if k == "required":
        missing = next((p for p in v if isinstance(inst, dict) and p not in inst), "")
        return f"Missing required property: {missing}"
    if k == "enum":
        return f"No enum match for: {json.dumps(inst)}"
    if k == "minimum":
        return f"Value {inst} is less than minimum {v}"
    if k == "maximum":
        return f"Value {inst} is greater than maximum {v}"
    if k == "minLength":
        return f"String is too short ({len(inst)} chars), minimum {v}"
    if k == "maxLength":
        return f"String is too long ({len(inst)} chars), maximum {v}"
    if k == "pattern":
        return f"String does not match pattern: {v}"
    if k == "additionalProperties":
        return "Additional properties not allowed"
    if k == "minItems":
        return f"Array is too short ({len(inst)}), minimum {v}"
    if k == "maxItems":
        return f"Array is too long ({len(inst)}), maximum {v}"
    return err.message


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _dotted(parts: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


@lru_cache(maxsize=64)
def _validator(schema_json: str, mode: str, schemas_json: str) -> Any:
    """A checked validator for one schema (cached: scripts validate many responses against one schema)."""
    schema = json.loads(schema_json)
    default = _DEFAULTS.get(mode, jsonschema.Draft7Validator)
    cls = validators.validator_for(schema, default=default) if isinstance(schema, dict) else default
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ValueError(f"schema is invalid: {exc.message}") from None
    spec = referencing.jsonschema.specification_with(cls.META_SCHEMA.get("$schema", ""),
                                                     default=referencing.jsonschema.DRAFT7)
    registry = referencing.Registry().with_resources(
        (uri, referencing.Resource.from_contents(s, default_specification=spec))
        for uri, s in json.loads(schemas_json).items() if isinstance(s, (dict, bool)))
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER if mode == "ajv" else None)


def validate(arg: dict) -> dict:
    """``arg``: ``{"schema", "data", "mode": "tv4"|"ajv", "all": bool, "schemas": {uri: schema}}``
    -> ``{"valid", "errors", "missing"}``. The schema's ``$schema`` picks the draft; without it
    tv4 means draft 4 and ajv draft 7. Only ajv checks ``format`` (as ajv 6 does by default)."""
    schema, mode = arg.get("schema"), str(arg.get("mode") or "ajv")
    if not isinstance(schema, (dict, bool)):
        raise ValueError("schema must be an object or a boolean")
    schemas = json.dumps(arg.get("schemas") or {}, sort_keys=True)
    validator = _validator(json.dumps(schema, sort_keys=True), mode, schemas)
    errors = []
    try:
        found = list(validator.iter_errors(arg.get("data")))
    except referencing.exceptions.Unresolvable as exc:
        if mode == "tv4":  # tv4 passes and lists the schema it could not find in tv4.missing
            return {"valid": True, "errors": [], "missing": [str(getattr(exc, "ref", exc))]}
        raise ValueError(f"can't resolve reference {getattr(exc, 'ref', exc)}") from None
    for err in found:
        path = list(err.absolute_path)
        item: dict[str, Any] = {"keyword": err.validator, "schemaPath": "#" + _pointer(err.absolute_schema_path)}
        if mode == "tv4":
            item.update(message=_tv4_message(err), code=TV4_CODES.get(str(err.validator), 0),
                        dataPath=_pointer(path), schemaPath=_pointer(err.absolute_schema_path))
        else:
            message, params = _ajv_message(err)
            item.update(message=message, params=params, dataPath=_dotted(path))
        errors.append(item)
        if not arg.get("all", True):
            break
    return {"valid": not errors, "errors": errors, "missing": []}

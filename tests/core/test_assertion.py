"""Every declarative operator, holding and not holding, on a real response object."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from runner.core.assertion import check, default_name
from runner.errors import FailureKind
from runner.model.collection import Assertion
from runner.model.response import Response

BODY = {"name": "Ada", "tags": ["a", "b"], "n": 5, "ok": True, "none": None}


def response(body: Any = BODY, status: int = 201) -> Response:
    headers = httpx.Headers({"Content-Type": "application/json", "X-Ref": "abc-123"})
    return Response(status, "Created", headers, json.dumps(body).encode(), 12.5)


def holds(subject: str, op: str, expected: Any) -> bool:
    a = Assertion(subject, op, expected, default_name(subject, op, expected), "/items/0/assert/0")
    return check(a, response()).passed


@pytest.mark.parametrize(("subject", "op", "yes", "no"), [
    ("status", "equals", 201, 200),
    ("status", "notEquals", 200, 201),
    ("$.tags", "contains", "a", "z"),
    ("$.name", "contains", "Ad", "Bo"),
    ("$.n", "greaterThan", 4, 5),
    ("$.n", "greaterThanOrEqual", 5, 6),
    ("$.n", "lessThan", 6, 5),
    ("$.n", "lessThanOrEqual", 5, 4),
    ("$.name", "matches", "^A.a$", "^B"),
    ("$.name", "in", ["Ada", "Bob"], ["Bob"]),
    ("$.name", "exists", True, False),
    ("$.tags", "type", "array", "object"),
    ("$.n", "type", "integer", "string"),
    ("$.tags", "length", 2, 3),
    ("header X-Ref", "equals", "abc-123", "abc"),
])
def test_operator_holds_and_fails(subject: str, op: str, yes: Any, no: Any) -> None:
    assert holds(subject, op, yes) is True
    assert holds(subject, op, no) is False


def test_json_true_is_not_the_number_one() -> None:
    assert holds("$.ok", "equals", True) and not holds("$.ok", "equals", 1)
    assert not holds("$.ok", "type", "number")


def test_comparing_across_types_fails_instead_of_raising() -> None:
    assert holds("$.name", "greaterThan", 3) is False
    assert holds("$.n", "contains", "5") is False


def test_a_missing_value_only_satisfies_not_equals_and_not_exists() -> None:
    assert holds("$.missing", "notEquals", 1) is True
    assert holds("$.missing", "exists", False) is True
    assert holds("$.missing", "equals", None) is False


def test_a_failure_carries_expected_and_actual() -> None:
    a = Assertion("$.n", "greaterThan", 9, "n > 9", "/items/0/assert/0")
    result = check(a, response())
    assert (result.passed, result.expected, result.actual) == (False, 9, 5)
    assert result.message == "expected $.n > 9, got 5"


# -- schema: the subject's value against a JSON Schema -------------------------------------------

ORDER = {"id": 7, "items": [{"sku": "a", "price": 2.5}, {"sku": "b", "price": "12"}]}


def schema_check(subject: str, schema: Any, body: Any = ORDER) -> Any:
    a = Assertion(subject, "schema", schema, default_name(subject, "schema", schema), "/items/0/assert/0")
    return check(a, response(body))


def test_schema_holds_and_names_the_place_and_the_expectation_when_it_fails() -> None:
    price = {"type": "object", "properties": {"items": {"type": "array", "items": {
        "type": "object", "required": ["sku"], "properties": {"price": {"type": "number"}}}}}}
    assert schema_check("$", {"type": "object", "required": ["id", "items"]}).passed
    failed = schema_check("$", price)
    assert (failed.passed, failed.name) == (False, "$ matches the schema")
    assert failed.message == 'expected $.items[1].price to be of type number, got string "12"'
    assert schema_check("$.items", {"type": "array", "minItems": 3}).message == \
        "expected $.items to have at least 3 items, got 2"
    assert schema_check("$", {"required": ["name"]}).message == \
        'expected $ to have property "name", got an object without it'


def test_schema_failures_stay_short_and_never_cut_a_value() -> None:
    long = {"note": "x" * 500}
    message = schema_check("$", {"properties": {"note": {"maxLength": 10}}}, long).message
    assert message == "expected $.note to have at most 10 characters, got 500"
    message = schema_check("$", {"type": "array"}, long).message
    assert message == "expected $ to be of type array, got object an object of 1 properties"


def test_schema_draft_is_draft_7_unless_the_schema_names_another() -> None:
    # draft 7: exclusiveMinimum is a number; draft 4: a flag on minimum
    assert not schema_check("$.id", {"exclusiveMinimum": 7}).passed
    assert schema_check("$.id", {"exclusiveMinimum": 6}).passed
    draft4 = {"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 7, "exclusiveMinimum": True}
    assert schema_check("$.id", draft4).message == "expected $.id to be > 7, got 7"


def test_schema_checks_formats() -> None:
    assert not schema_check("$.items[0].sku", {"format": "ipv4"}).passed
    assert schema_check("$.items[0].sku", {"format": "not-a-known-format"}).passed


def test_schema_on_nothing_fails_and_a_body_that_is_not_json_fails_with_the_reason() -> None:
    assert schema_check("$.missing", {}).message == "expected $.missing to match the schema, got nothing"
    a = Assertion("$", "schema", {}, "s", "/items/0/assert/0")
    text = Response(200, "OK", httpx.Headers({"Content-Type": "text/plain"}), b"plain", 1.0)
    result = check(a, text)
    assert not result.passed and "not JSON" in (result.message or "")


def test_schema_works_on_any_subject() -> None:
    assert schema_check("header X-Ref", {"type": "string", "pattern": "^[a-z]+-[0-9]+$"}).passed
    assert schema_check("header X-Ref", {"pattern": "^[0-9]+$"}).message == \
        'expected header X-Ref to match pattern "^[0-9]+$", got "abc-123"'
    assert schema_check("status", {"enum": [200, 204]}).message == "expected status to be one of [200, 204], got 201"


def test_a_schema_reference_that_resolves_nowhere_is_an_input_failure_not_a_crash() -> None:
    result = schema_check("$", {"$ref": "#/definitions/missing"})
    assert (result.passed, result.kind) == (False, FailureKind.INPUT)
    assert result.message == "schema: cannot resolve $ref '#/definitions/missing'"
    remote = schema_check("$", {"$ref": "http://127.0.0.1:9/never-fetched.json"})
    assert remote.kind == FailureKind.INPUT



@pytest.mark.parametrize(("schema", "draft", "path"), [
    ({"type": "strnig"}, "draft 7", ("type",)),
    ({"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"minimum": 1, "exclusiveMinimum": 3}}},
     "draft 4", ("properties", "a", "exclusiveMinimum")),
    ({"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": {}}, "draft 2020-12", ("prefixItems",)),
])
def test_an_invalid_schema_names_its_draft_and_the_place_in_it(schema: Any, draft: str, path: tuple[Any, ...]) -> None:
    from runner.core.json_schema import SchemaProblem, check_schema  # noqa: PLC0415

    with pytest.raises(SchemaProblem) as caught:
        check_schema(schema)
    assert caught.value.message.startswith(f"not a valid JSON Schema ({draft}): ") and caught.value.path == path


def test_default_names_tell_equal_looking_values_apart() -> None:
    """Values Python counts as equal keys (1 and True, 0 and False, 0.0 and -0.0) keep their own names,
    however often each is asked for."""
    cases = [(1, "$.a == 1"), (True, "$.a == true"), (0, "$.a == 0"), (False, "$.a == false"),
             ("1", '$.a == "1"'), (0.0, "$.a == 0.0"), (-0.0, "$.a == -0.0"), (None, "$.a == null")]
    for _ in range(2):
        assert [default_name("$.a", "equals", value) for value, _ in cases] == [name for _, name in cases]
    assert default_name("$.a", "exists", False) == "$.a does not exist"
    assert default_name("$.a", "in", [1, True]) == "$.a in [1, true]"

"""Every declarative operator, holding and not holding, on a real response object."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from runner.core.assertion import check, default_name
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

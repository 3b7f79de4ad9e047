"""Declarative assertions: evaluate one against a response into an AssertionResult."""

from __future__ import annotations

import functools
import re
from typing import Any

from runner.core.json_schema import violation
from runner.core.query import NOTHING, QueryError, describe, evaluate
from runner.errors import FailureKind
from runner.model.collection import Assertion
from runner.model.results import AssertionResult

#: operator -> symbol used in an assertion's default name
SYMBOLS = {
    "equals": "==",
    "notEquals": "!=",
    "greaterThan": ">",
    "greaterThanOrEqual": ">=",
    "lessThan": "<",
    "lessThanOrEqual": "<=",
    "matches": "matches",
    "contains": "contains",
    "in": "in",
    "exists": "exists",
    "type": "is a",
    "length": "has length",
    "schema": "matches the schema",
}
_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "number": (int, float),
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
    "null": type(None),
}


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` is not a regular expression (Python's ``re`` syntax), or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        return f"not a valid regular expression{where}: {exc.msg}"
    except (RecursionError, OverflowError, MemoryError):
        return "not a valid regular expression: too deeply nested or too large"
    return None


def default_name(subject: str, op: str, expected: Any) -> str:
    """``status == 201``: the name of an assertion without one (the same few for every item of a file)."""
    if type(expected) in (str, int, bool) or expected is None:  # not float: 0.0 and -0.0 are one key, two names
        return _scalar_name(subject, op, type(expected).__name__, expected)
    return _name(subject, op, expected)


@functools.lru_cache(maxsize=1024)
def _scalar_name(subject: str, op: str, kind: str, expected: Any) -> str:  # kind: else True and 1 are one key
    return _name(subject, op, expected)


def _name(subject: str, op: str, expected: Any) -> str:
    if op == "exists":
        return f"{subject} exists" if expected else f"{subject} does not exist"
    if op == "schema":  # the schema itself is too long for a name
        return f"{subject} {SYMBOLS[op]}"
    shown = expected if op == "type" else describe(expected)
    return f"{subject} {SYMBOLS[op]} {shown}"


def check(assertion: Assertion, response: Any, expected: Any = None) -> AssertionResult:
    """Run one assertion (`expected` overrides the declared value once variables are rendered)."""
    if expected is None:
        expected = assertion.expected
    try:
        actual = evaluate(assertion.subject, response)
    except QueryError as exc:
        return AssertionResult(assertion.name, False, str(exc), expected, None)
    if assertion.op == "matches" and isinstance(expected, str):
        problem = regex_problem(expected)  # a pattern from a variable: a literal one is checked at load
        if problem:
            return AssertionResult(assertion.name, False, f"matches: {problem}", expected, None,
                                   kind=FailureKind.INPUT)
    if assertion.op == "schema":
        return _schema(assertion, actual, expected)
    if _holds(assertion.op, actual, expected):
        return AssertionResult(assertion.name, True, None)
    message = f"expected {assertion.subject} {SYMBOLS[assertion.op]} {describe(expected)}, got {describe(actual)}"
    return AssertionResult(assertion.name, False, message, expected, None if actual is NOTHING else actual)


def _schema(assertion: Assertion, actual: Any, schema: Any) -> AssertionResult:
    """The subject's value against a JSON Schema; a failure names the first place it breaks."""
    if actual is NOTHING:
        return AssertionResult(assertion.name, False, f"expected {assertion.subject} to match the schema, got nothing")
    try:
        problem = violation(schema, actual, assertion.subject)
    except QueryError as exc:  # a $ref that resolves nowhere: the collection's fault, found only now
        return AssertionResult(assertion.name, False, str(exc), kind=FailureKind.INPUT)
    return AssertionResult(assertion.name, problem is None, problem)


def _holds(op: str, actual: Any, expected: Any) -> bool:
    if op == "exists":
        return (actual is not NOTHING) == bool(expected)
    if actual is NOTHING:
        return op == "notEquals"
    try:
        if op == "equals":
            return _same(actual, expected)
        if op == "notEquals":
            return not _same(actual, expected)
        if op == "in":
            return any(_same(actual, e) for e in expected)
        if op == "matches":
            return isinstance(actual, str) and re.search(expected, actual) is not None
        if op == "contains":
            return expected in actual
        if op == "greaterThan":
            return actual > expected
        if op == "greaterThanOrEqual":
            return actual >= expected
        if op == "lessThan":
            return actual < expected
        if op == "lessThanOrEqual":
            return actual <= expected
        if op == "type":
            py = _TYPES[expected]
            return isinstance(actual, py) and not (expected in ("number", "integer") and isinstance(actual, bool))
        if op == "length":
            return len(actual) == expected
    except (TypeError, re.error):
        return False
    raise ValueError(f"unknown assertion operator {op!r}")


def _same(actual: Any, expected: Any) -> bool:
    # bool is an int in Python; JSON's true is not 1.
    if isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return actual == expected

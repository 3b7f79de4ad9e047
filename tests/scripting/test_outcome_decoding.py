"""Reading the harness's outcome: the short path for outcomes of variable changes and test results only
gives what the general path gives, and text that is not one JSON value fails as json.loads says."""

from __future__ import annotations

import json

import pytest

from runner.scripting import Script, get_engine
from runner.scripting._outcome import MalformedOutcome, parse_outcome

OPS = [["environment", "set", "a", "1"], ["local", "unset", "b", None]]
TESTS = [["t1", True, None, False], ["t2", False, "boom", False], ["t3", True, None, True]]


@pytest.mark.parametrize("extra", [
    {},
    {"console": [["log", "hi"]]},
    {"error": {"message": "Error: x", "stack": "", "isNull": False}},
    {"next": "r2", "nextSet": True},
    {"skip": True},
    {"cookieOps": [["set", "http://h/", "c", "v"]]},
    {"request": {"url": "http://h/x", "method": "POST", "headers": []}},
])
def test_each_field_of_the_outcome_arrives(extra: dict) -> None:
    engine = get_engine("quickjs")
    raw = json.dumps({"ops": OPS, "tests": TESTS, **extra})
    out = engine._decode(raw, Script("", "s"), 0, {"request": {"url": "http://h/", "method": "GET", "headers": []}})
    assert [(o.scope, o.op, o.name, o.value) for o in out.variable_ops] == [tuple(o) for o in OPS]
    assert [(t.name, t.passed, t.message, t.skipped) for t in out.tests] == [tuple(t) for t in TESTS]
    assert out.console == [tuple(c) for c in extra.get("console", [])]
    assert (out.error is not None) == ("error" in extra)
    assert (out.next_request, out.next_request_set, out.skip_request) == (
        extra.get("next"), bool(extra.get("nextSet")), bool(extra.get("skip")))
    assert out.cookie_ops == [tuple(c) for c in extra.get("cookieOps", [])]
    assert (out.request is not None and out.request["method"]) == ("request" in extra and "POST")


@pytest.mark.parametrize("raw", [' {"ops":[],"tests":[]}', '{"ops":[],"tests":[]} ', '{"ops":[],"tests":[]}\n'])
def test_whitespace_around_the_outcome_reads_as_json_loads_reads_it(raw: str) -> None:
    assert parse_outcome(raw) == {"ops": [], "tests": []}


@pytest.mark.parametrize("raw", ['{"ops":[],"tests":[]}{}', '{"ops":[],"tests":[]} x', "", "  ", "{"])
def test_text_that_is_not_one_json_value_is_refused_with_json_loads_message(raw: str) -> None:
    with pytest.raises(ValueError) as expected:
        json.loads(raw)
    with pytest.raises(MalformedOutcome) as refused:
        parse_outcome(raw)
    assert str(refused.value) == f"the harness returned invalid JSON ({expected.value})"


@pytest.mark.parametrize("bad", [
    {"ops": [], "tests": [["t", "yes", None, False]]},
    {"ops": [[1, "set", "a", 1]], "tests": []},
    {"ops": [], "tests": [], "skip": "yes"},
    {"ops": [], "tests": [], "console": "x"},
])
def test_wrong_types_are_refused_on_every_path(bad: dict) -> None:
    with pytest.raises(MalformedOutcome):
        parse_outcome(json.dumps(bad))

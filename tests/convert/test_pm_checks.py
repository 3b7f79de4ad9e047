"""Import turns the common pm.* checks at the end of a test script into native assertions (issue 15)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import send_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.cli.main import main
from runner.convert import native_to_postman, postman_to_native

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def collection(*items: dict[str, Any]) -> dict[str, Any]:
    return {"info": {"name": "checks", "schema": SCHEMA}, "item": list(items)}


def item(name: str, url: str, test: list[str]) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url, "header": [{"key": "X-Item", "value": name}]},
            "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": test}}]}


def imported(test: list[str]) -> dict[str, Any]:
    return postman_to_native(collection(item("r", "http://127.0.0.1:1/x", test)), "c.postman_collection.json")["items"][0]


def status_test(name: str = "code") -> str:
    return f'pm.test("{name}", function () {{ pm.response.to.have.status(200); }});'


@pytest.mark.parametrize(("line", "spec"), [
    ('pm.test("Status code is 201", function () { pm.response.to.have.status(201); });', {"status": 201}),
    ('pm.test("n", function () { pm.expect(pm.response.code).to.eql(204); });', {"status": 204}),
    ("pm.test('n', () => pm.expect(pm.response.code).to.equal(200));", {"status": 200}),
    ('pm.test("n", function () { pm.expect(pm.response.code).to.be.oneOf([200, 201]); });',
     {"that": "status", "in": [200, 201]}),
    ('pm.test("n", function () { pm.response.to.have.header("Content-Type"); });',
     {"that": "header Content-Type", "exists": True}),
    ('pm.test("n", function () { pm.expect(pm.response.responseTime).to.be.below(200); });',
     {"that": "durationMs", "lessThan": 200}),
    ('pm.test("n", function () { pm.expect(pm.response.responseTime).to.be.at.most(1.5); });',
     {"that": "durationMs", "lessThanOrEqual": 1.5}),
    ('pm.test("n", function () { pm.expect(pm.response.text()).to.include("ok"); });',
     {"that": "body", "contains": "ok"}),
    ('pm.test("n", function () { pm.expect(pm.response.json().a.b).to.eql("x"); });', {"that": "$.a.b", "equals": "x"}),
    ('pm.test("n", function () { pm.expect(pm.response.json().items[2]["the id"]).to.eql(-7); });',
     {"that": "$.items[2]['the id']", "equals": -7}),
    ('pm.test("n", function () { pm.expect(pm.response.json().a).to.deep.equal({"b": ["x", null, 2.5]}); });',
     {"that": "$.a", "equals": {"b": ["x", None, 2.5]}}),
    ('pm.test("n", function () { pm.expect(pm.response.json().ok).to.equal(true); });', {"that": "$.ok", "equals": True}),
    ('pm.test("n", function () { pm.expect(pm.response.json().s).to.be.oneOf(["a", "bc"]); });',
     {"that": "$.s", "in": ["a", "bc"]}),
])
def test_common_checks_become_assertions_named_as_in_postman(line: str, spec: dict[str, Any]) -> None:
    got = imported([line])
    assert got["assert"] == [{**spec, "name": "n" if '"n"' in line or "'n'" in line else "Status code is 201"}]
    assert "tests" not in got


def test_a_json_variable_read_only_by_checks_goes_with_them() -> None:
    got = imported(["var jsonData = pm.response.json();",
                    'pm.test("status", function () { pm.response.to.have.status(200); });',
                    'pm.test("ok", function () {', '    pm.expect(jsonData.status).to.eql("OK");', "});"])
    assert got["assert"] == [{"status": 200, "name": "status"}, {"that": "$.status", "equals": "OK", "name": "ok"}]
    assert "tests" not in got


def test_code_that_stays_keeps_its_lines_and_the_json_variable() -> None:
    lines = ["var jsonData = pm.response.json();", 'pm.environment.set("ref", jsonData.ref);']
    got = imported(lines + ['pm.test("ok", function () { pm.expect(jsonData.status).to.eql("OK"); });'])
    assert got["tests"] == lines  # one line per element, as Postman stores scripts
    assert got["assert"] == [{"that": "$.status", "equals": "OK", "name": "ok"}]


@pytest.mark.parametrize("kept", [
    # the value of a header HTTP lets repeat: a script reads one of its values, an assertion all of them
    'pm.test("x", function () { pm.response.to.have.header("Vary", "Origin"); });',
    'pm.test("x", function () { pm.expect(pm.response.headers.get("X")).to.eql("1"); });',
    'pm.test("x", function () { pm.response.to.have.jsonSchema(schemaFromSomewhere); });',  # not a literal
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.not.eql(1); });',  # throws on a missing parent
    'pm.test("x", function () { pm.response.to.have.status(200); pm.expect(1).to.eql(1); });',  # two checks
    'pm.test("x", function (done) { pm.response.to.have.status(200); done(); });',
    'pm.test("x", function () { pm.expect(pm.response.json().s).to.eql("{{v}}"); });',  # native would template it
    'pm.test("${x}", function () { pm.response.to.have.status(200); });',  # export would rename it
    'pm.test("x", function () { pm.expect(pm.response.json().s[0]).to.eql("a"); });',  # "abc"[0] is "a" in JS
    'pm.test("x", function () { pm.expect(pm.response.json().list.length).to.eql(2); });',
    'pm.test("x", function () { pm.expect(pm.response.json().n).to.eql(0); });',  # -0 and 0 differ for eql
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.eql([true]); });',  # [1] == [True] in Python
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.equal({"b": 1}); });',  # === on objects
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.be.oneOf([{"b": 2}]); });',
    'pm.test("x", function () { pm.expect(pm.response.json()["a:b"]).to.eql("v"); });',  # a path of several matches
    'pm.test("x", function () { pm.expect(pm.response.code).to.eql(parseInt("200")); });',
    'pm.test(name, function () { pm.response.to.have.status(200); });',
    'pm.test("x", function () { pm.expect(pm.response.responseTime).to.eql(5); });',
    'pm.test("x", function () { pm.expect(pm.response.code).to.be.oneOf(["200"]); });',
    'console.log("not a check");',
])
def test_other_code_stays_javascript_and_only_what_follows_it_converts(kept: str) -> None:
    got = imported([kept, status_test()])
    assert got["tests"] == kept
    assert got["assert"] == [{"status": 200, "name": "code"}]


@pytest.mark.parametrize("script", [
    ["var j = pm.response.json();", 'j.status = "OK";', 'pm.test("x", function () { pm.expect(j.status).to.eql("OK"); });'],
    ["var j = pm.response.json();", "j.items.sort();", 'pm.test("x", function () { pm.expect(j.items).to.eql(["a", "b"]); });'],
    ["var j = pm.response.json();", "j = j.data;", 'pm.test("x", function () { pm.expect(j.status).to.eql("OK"); });'],
    ["var j = pm.response.json();", "helper(j);", 'pm.test("x", function () { pm.expect(j.status).to.eql("OK"); });'],
    ['pm.test("x", function () { pm.expect(j.status).to.eql("OK"); });', "var j = pm.response.json();"],
    ["var j = pm.response.json();", 'eval("j.status = 1");', 'pm.test("x", function () { pm.expect(j.status).to.eql(1); });'],
])
def test_a_json_variable_other_code_may_change_is_not_trusted(script: list[str]) -> None:
    got = imported(script + [status_test()])
    assert got["tests"] == script and got["assert"] == [{"status": 200, "name": "code"}]


def test_a_json_variable_stays_when_code_after_it_would_not_run_on_a_non_json_body() -> None:
    script = ["var j = pm.response.json();", 'pm.environment.set("seen", "yes");']
    got = imported(script + ['pm.test("x", function () { pm.expect(j.a).to.eql("b"); });'])
    assert got["tests"] == script and got["assert"] == [{"that": "$.a", "equals": "b", "name": "x"}]


PIECES = [status_test(), "var j = pm.response.json();", "j.a = 1;", "// note", "pm.test(", "});", "{", "'",
          'pm.test("t", () => pm.expect(j.a["b"][0]).to.eql({"c": [2]}));', "\n", " ",
          'pm.test("u", function () { pm.expect(pm.response.text()).to.include(`x`); });', "\u00e9", "/re/;"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=8))
def test_any_script_imports_without_crashing(pieces: list[str]) -> None:
    source = "\n".join(pieces)
    if not source.strip():
        return
    got = imported(source.split("\n"))  # the schema check inside import validates every assertion made
    left = got.get("tests", "")
    assert isinstance(left, (str, list)) and len(got.get("assert", [])) <= source.count("pm.test(")


def test_deeply_nested_code_stays_javascript_without_crashing() -> None:
    nested = 'pm.test("x", function () { pm.expect(pm.response.json().a).to.eql(' + "[" * 5000 + "]" * 5000 + "); });"
    got = imported([nested, status_test()])
    assert got["tests"] == [nested, status_test()] and "assert" not in got


def test_comments_are_kept() -> None:
    got = imported(["// the status", status_test()])
    assert got["tests"] == "// the status" and got["assert"] == [{"status": 200, "name": "code"}]


def test_converted_checks_survive_export_and_import(tmp_path: Path) -> None:
    first = postman_to_native(collection(item("r", "http://127.0.0.1:1/x", [
        'pm.environment.set("a", "b");',
        'pm.test("ok", function () { pm.expect(pm.response.json().status).to.eql("OK"); });'])), "c.json")
    again = postman_to_native(json.loads(json.dumps(native_to_postman(first, "c.json"))), "c.postman_collection.json")
    assert again == first and first["items"][0]["assert"] == [{"that": "$.status", "equals": "OK", "name": "ok"}]


# -- same outcomes: the Postman file and its import, run against the same responses -----------------

RESPONSES = {  # path -> (status, content type, body, extra headers)
    "/ok": (200, "application/json", {"status": "OK", "a": {"b c": [3, 2, {"d": "x"}]}, "n": 5}, {"X-Trace": "t"}),
    "/wrong": (201, "application/json", {"status": "KO", "a": {"b c": []}, "n": "5"}, {}),
    "/types": (200, "application/json", {"status": True, "a": {"b c": "abc"}, "n": 5.0}, {"X-Trace": ""}),
    "/array": (500, "application/json", [{"status": "OK"}], {}),
    "/html": (200, "text/html", "<p>OK</p>", {}),
}
CHECKS = [
    'pm.test("status 200", function () { pm.response.to.have.status(200); });',
    'pm.test("status is one of", function () { pm.expect(pm.response.code).to.be.oneOf([200, 201]); });',
    'pm.test("has a trace", function () { pm.response.to.have.header("X-Trace"); });',
    'pm.test("fast", function () { pm.expect(pm.response.responseTime).to.be.below(1500); });',  # /wrong is slow
    'pm.test("mentions OK", function () { pm.expect(pm.response.text()).to.include("OK"); });',
    'pm.test("status OK", function () { pm.expect(pm.response.json().status).to.eql("OK"); });',
    'pm.test("nested", function () { pm.expect(pm.response.json().a["b c"][2].d).to.equal("x"); });',
    'pm.test("n is 5", () => pm.expect(pm.response.json().n).to.eql(5));',
    'pm.test("whole a", function () { pm.expect(pm.response.json().a).to.deep.equal({"b c": [3, 2, {"d": "x"}]}); });',
]
WITH_VARIABLE = ["var body = pm.response.json();",
                 'pm.test("status OK (variable)", function () { pm.expect(body.status).to.eql("OK"); });',
                 'pm.test("n (variable)", function () { pm.expect(body.n).to.be.oneOf([5, "5"]); });']


def outcomes(path: Path, tmp_path: Path) -> tuple[int, list[tuple[str, str, bool]]]:
    out = tmp_path / path.stem
    code = main(["run", str(path), "--no-sandbox", "-r", "json", "--report-dir", str(out)])
    report = json.loads((out / "report.json").read_text())
    return code, [(ex["name"], a["name"], a["passed"]) for ex in report["executions"] for a in ex["assertions"]]


def test_imported_checks_give_the_same_outcomes_as_the_postman_scripts(loopback: Any, tmp_path: Path) -> None:
    def answer(route: str) -> Callable[[Any], None]:
        status, ctype, body, headers = RESPONSES[route]
        data = (json.dumps(body) if ctype == "application/json" else body).encode()

        def handler(h: Any) -> None:
            if route == "/wrong" and "inline" in h.headers.get("X-Item", ""):
                time.sleep(3.0)  # far past the 1.5 s bound, and loopback answers far below it on a busy box
            send_bytes(h, status, data, {"Content-Type": ctype, **headers})
        return handler

    for route in RESPONSES:
        loopback.route("GET", route)(answer(route))
    items = [item(f"inline {r}", loopback.url + r, CHECKS) for r in RESPONSES]
    items += [item(f"variable {r}", loopback.url + r, WITH_VARIABLE) for r in RESPONSES if r != "/html"]
    src = tmp_path / "same.postman_collection.json"
    src.write_text(json.dumps(collection(*items)))
    assert main(["import", str(src), "-o", str(tmp_path / "same.json")]) == 0
    native = json.loads((tmp_path / "same.json").read_text())
    assert all("tests" not in i and len(i["assert"]) == len(CHECKS) for i in native["items"][:len(RESPONSES)])
    assert all("tests" not in i and len(i["assert"]) == 2 for i in native["items"][len(RESPONSES):])
    theirs = outcomes(src, tmp_path)
    ours = outcomes(tmp_path / "same.json", tmp_path)
    assert ours == theirs
    for check in CHECKS + WITH_VARIABLE[1:]:  # each check both passes and fails on these responses
        name = check.split('"')[1]
        assert {passed for _, n, passed in ours[1] if n == name} == {True, False}, name

"""Import turns Postman's JSON Schema checks and single-value header checks into native
assertions (issue 15): only where the native check gives the outcome the script gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import send_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.cli.main import main
from runner.convert import native_to_postman, postman_to_native
from runner.load.native import from_native

POSTMAN = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
ORDER = {"type": "object", "required": ["id", "items"], "properties": {
    "id": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object", "required": ["sku"]}}}}
ORDER_JS = json.dumps(ORDER)


def collection(*items: dict[str, Any]) -> dict[str, Any]:
    return {"info": {"name": "schemas", "schema": POSTMAN}, "item": list(items)}


def item(name: str, url: str, test: list[str]) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url},
            "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": test}}]}


def imported(test: list[str]) -> dict[str, Any]:
    return postman_to_native(collection(item("r", "http://127.0.0.1:1/x", test)), "c.postman_collection.json")["items"][0]


@pytest.mark.parametrize(("script", "spec"), [
    ([f'pm.test("n", function () {{ pm.response.to.have.jsonSchema({ORDER_JS}); }});'], {"that": "$", "schema": ORDER}),
    ([f'pm.test("n", () => pm.expect(pm.response.json()).to.have.jsonSchema({ORDER_JS}));'],
     {"that": "$", "schema": ORDER}),
    (['pm.test("n", function () { pm.expect(pm.response.json()).to.be.jsonSchema({"required": ["id"]}); });'],
     {"that": "$", "schema": {"required": ["id"]}}),  # json() throws on a body that is not JSON: any schema
    (['pm.test("n", function () { pm.response.to.have.jsonSchema({"properties": {"id": {"type": "integer"}}}); });'],
     {"that": "$", "schema": {"properties": {"id": {"type": "integer"}}}}),  # so does pm.response...jsonSchema
    (["pm.test('n', function () {", f"    const schema = {ORDER_JS};", "    pm.response.to.have.jsonSchema(schema);",
      "});"], {"that": "$", "schema": ORDER}),
    ([f"const schema = {ORDER_JS};", 'pm.test("n", function () { pm.response.to.have.jsonSchema(schema); });'],
     {"that": "$", "schema": ORDER}),
    ([f"var schema = {ORDER_JS};", "var jsonData = pm.response.json();",
      'pm.test("n", function () { pm.expect(tv4.validate(jsonData, schema)).to.be.true; });'],
     {"that": "$", "schema": ORDER}),
    ([f'pm.test("n", function () {{ pm.expect(tv4.validate(pm.response.json(), {ORDER_JS})).to.eql(true); }});'],
     {"that": "$", "schema": ORDER}),
    (['pm.test("n", function () { pm.expect(pm.response.json().items).to.have.jsonSchema({"type": "array"}); });'],
     {"that": "$.items", "schema": {"type": "array"}}),
    (['pm.test("n", function () { pm.response.to.have.jsonSchema({"type": "array", "items": {"$ref": '
      '"#/definitions/p"}, "definitions": {"p": {"format": "email"}}}); });'],
     {"that": "$", "schema": {"type": "array", "items": {"$ref": "#/definitions/p"},
                              "definitions": {"p": {"format": "email"}}}}),
    (['pm.test("n", function () { pm.response.to.have.header("Content-Type", "application/json"); });'],
     {"that": "header Content-Type", "equals": "application/json"}),
    (['pm.test("n", function () { pm.expect(pm.response.headers.get("content-type")).to.include("json"); });'],
     {"that": "header content-type", "contains": "json"}),
    (['pm.test("n", function () { pm.expect(pm.response.headers.get("Location")).to.equal("/orders/7"); });'],
     {"that": "header Location", "equals": "/orders/7"}),
])
def test_schema_and_single_value_header_checks_become_assertions(script: list[str], spec: dict[str, Any]) -> None:
    got = imported(script)
    assert got["assert"] == [{**spec, "name": "n"}]
    assert "tests" not in got  # the schema constant and the JSON variable went with the checks


@pytest.mark.parametrize("kept", [
    'pm.test("x", function () { pm.response.to.not.have.jsonSchema({"type": "object"}); });',
    'pm.test("x", function () { pm.response.to.have.jsonSchema(JSON.parse(pm.environment.get("s"))); });',
    'pm.test("x", function () { pm.response.to.have.jsonSchema({"type": "strnig"}); });',  # not a JSON Schema
    'pm.test("x", function () { pm.response.to.have.jsonSchema(true); });',  # Postman wants an object
    # Ajv 6 knows draft 7 only, and throws on a format it does not know or a reference it cannot find
    'pm.test("x", function () { pm.response.to.have.jsonSchema({"$schema": "http://json-schema.org/draft-04/schema#",'
    ' "type": "object"}); });',
    'pm.test("x", function () { pm.response.to.have.jsonSchema({"type": "object", "properties": {"n": '
    '{"format": "int64"}}}); });',
    'pm.test("x", function () { pm.response.to.have.jsonSchema({"type": "object", "$ref": "other.json"}); });',
    # tv4 is draft 4, checks no format and passes a reference it cannot find
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {"format": "email"})).to.be.true; });',
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {"$ref": "#/a", "a": {}})).to.be.true; });',
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {"const": 1})).to.be.true; });',
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {"exclusiveMinimum": 1})).to.be.true; });',
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {"items": true})).to.be.true; });',
    'pm.test("x", function () { pm.expect(tv4.validate(pm.response.json(), {})).to.be.false; });',
    # deeper than the body, a script validates undefined where the path finds nothing
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.have.jsonSchema({"required": ["b"]}); });',
    'pm.test("x", function () { pm.expect(pm.response.json().a).to.have.jsonSchema({"type": ["object", "null"]}); });',
    'pm.test("x", function () { pm.expect(pm.response.json().s[0]).to.have.jsonSchema({"type": "string"}); });',
    # the value of a header HTTP lets repeat, or of one nobody defines
    'pm.test("x", function () { pm.expect(pm.response.headers.get("Set-Cookie")).to.include("a=1"); });',
    'pm.test("x", function () { pm.response.to.have.header("X-Api-Version", "2"); });',
    'pm.test("x", function () { pm.response.to.have.header("Content-Type", "{{type}}"); });',  # templated natively
    'pm.test("x", function () { pm.response.to.have.header("Content-Length", 2); });',  # never a number in a script
    'pm.test("x", function () { pm.expect(pm.response.headers.get("Content-Type")).to.match(/json/); });',
])
def test_what_the_native_check_could_answer_differently_stays_javascript(kept: str) -> None:
    got = imported([kept, 'pm.test("code", function () { pm.response.to.have.status(200); });'])
    assert got["tests"] == kept
    assert got["assert"] == [{"status": 200, "name": "code"}]


@pytest.mark.parametrize("script", [
    [f"const schema = {ORDER_JS};", "schema.required.push('extra');"],  # changed before the check runs
    [f"const schema = {ORDER_JS};", "helper(schema);"],
    [f"let schema = {ORDER_JS};", 'if (pm.environment.get("strict")) { schema = {"type": "array"}; }'],
    [f"var schema = {ORDER_JS};", 'eval("schema.type = 1");'],
])
def test_a_schema_constant_other_code_may_change_is_not_trusted(script: list[str]) -> None:
    check = 'pm.test("x", function () { pm.response.to.have.jsonSchema(schema); });'
    got = imported([*script, check])
    assert got["tests"] == [*script, check] and "assert" not in got


def test_a_schema_constant_other_code_still_reads_stays_with_that_code() -> None:
    kept = 'pm.test("kept", function () { pm.response.to.have.status(200); pm.response.to.have.jsonSchema(schema); });'
    got = imported([f"const schema = {ORDER_JS};", kept,
                    'pm.test("s", function () { pm.expect(tv4.validate(pm.response.json(), schema)).to.be.true; });'])
    assert got["tests"] == [f"const schema = {ORDER_JS};", kept]
    assert got["assert"] == [{"that": "$", "schema": ORDER, "name": "s"}]


def test_a_constant_no_converted_check_reads_stays() -> None:
    got = imported([f"const unused = {ORDER_JS};", 'pm.test("code", function () { pm.response.to.have.status(200); });'])
    assert got["tests"] == f"const unused = {ORDER_JS};" and got["assert"] == [{"status": 200, "name": "code"}]


def test_schema_checks_survive_export_and_import() -> None:
    first = imported([f"const schema = {ORDER_JS};",
                      'pm.test("items", () => pm.expect(pm.response.json().items).to.have.jsonSchema({"type": "array"}));',
                      'pm.test("order", function () { pm.response.to.have.jsonSchema(schema); });',
                      'pm.test("id", () => pm.expect(pm.response.json()).to.have.jsonSchema({"required": ["id"]}));',
                      'pm.test("json", function () { pm.response.to.have.header("Content-Type", "application/json"); });'])
    assert [a["name"] for a in first["assert"]] == ["items", "order", "id", "json"] and "tests" not in first
    exported = native_to_postman({"name": "c", "items": [first]}, "c.json")
    script = "\n".join(exported["item"][0]["event"][0]["script"]["exec"])
    assert 'pm.test("order", function () {\n    pm.response.to.have.jsonSchema({\n        "type": "object",' in script
    assert 'pm.expect(pm.response.json()).to.have.jsonSchema({\n        "required": [' in script
    assert 'pm.expect(pm.response.json()?.["items"]).to.have.jsonSchema(' in script
    again = postman_to_native(json.loads(json.dumps(exported)), "c.postman_collection.json")
    assert again["items"][0] == first
    edited = json.loads(json.dumps(exported))  # edited in Postman: without the marker lines, read as scripts
    lines = [line for line in edited["item"][0]["event"][0]["script"]["exec"] if not line.startswith("// cdp-runner")]
    edited["item"][0]["event"][0]["script"]["exec"] = lines
    assert postman_to_native(edited, "c.postman_collection.json")["items"][0]["assert"] == first["assert"][1:]


PIECES = [f"const schema = {ORDER_JS};", "var schema = {\"type\": 1};", "var j = pm.response.json();", "schema.x = 1;",
          'pm.test("a", function () { pm.response.to.have.jsonSchema(schema); });',
          'pm.test("b", () => pm.expect(tv4.validate(j, schema)).to.be.true);',
          'pm.test("c", function () { const schema = {"type": "array"}; pm.expect(j).to.have.jsonSchema(schema); });',
          'pm.test("d", function () { pm.response.to.have.header("Date", "x"); });', "// note", "{", "});", "\n"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=7))
def test_any_script_with_schemas_imports_into_a_collection_that_loads(pieces: list[str]) -> None:
    source = "\n".join(pieces)
    if not source.strip():
        return
    got = imported(source.split("\n"))
    from_native({"name": "c", "items": [got]}, "c.json")  # every schema made is a valid JSON Schema
    assert len(got.get("assert", [])) <= source.count("pm.test(")


# -- same outcomes: the Postman scripts and their import, against the same loopback answers --------

ANSWERS = {  # path -> (content type, body)
    "/good": ("application/json", {"id": 7, "items": [{"sku": "a"}], "note": "ok"}),
    "/no-sku": ("application/json", {"id": 7, "items": [{"name": "a"}]}),
    "/string-id": ("application/json", {"id": "7", "items": []}),
    "/array": ("application/json", [{"sku": "a"}]),
    "/html": ("text/html", "<p>id</p>"),
}
CHECKS = [
    f"const order = {ORDER_JS};",
    'pm.test("order (jsonSchema)", function () { pm.response.to.have.jsonSchema(order); });',
    'pm.test("order (tv4)", function () { pm.expect(tv4.validate(pm.response.json(), order)).to.be.true; });',
    'pm.test("id (expect)", function () { pm.expect(pm.response.json()).to.have.jsonSchema('
    '{"properties": {"id": {"type": "number"}}}); });',
    'pm.test("id (jsonSchema a string satisfies)", function () { pm.response.to.have.jsonSchema('
    '{"properties": {"id": {"type": "integer"}}}); });',  # fails on /html: json() throws there
    'pm.test("items", function () {', '    const items = {"type": "array", "minItems": 1};',
    "    pm.expect(pm.response.json().items).to.have.jsonSchema(items);", "});",
    'pm.test("is json", function () { pm.response.to.have.header("Content-Type", "application/json"); });',
    'pm.test("mentions json", function () { pm.expect(pm.response.headers.get("Content-Type")).to.include("json"); });',
]


def outcomes(path: Path, tmp_path: Path) -> tuple[int, list[tuple[str, str, bool]]]:
    out = tmp_path / path.stem
    code = main(["run", str(path), "--no-sandbox", "-r", "json", "--report-dir", str(out)])
    report = json.loads((out / "report.json").read_text())
    return code, [(ex["name"], a["name"], a["passed"]) for ex in report["executions"] for a in ex["assertions"]]


def serve(loopback: Any) -> None:
    for route, (ctype, body) in ANSWERS.items():
        data = (json.dumps(body) if not isinstance(body, str) else body).encode()
        loopback.route("GET", route)(lambda h, data=data, ctype=ctype: send_bytes(h, 200, data, {"Content-Type": ctype}))


def test_imported_schema_checks_pass_and_fail_as_the_postman_scripts_do(loopback: Any, tmp_path: Path) -> None:
    serve(loopback)
    src = tmp_path / "schemas.postman_collection.json"
    src.write_text(json.dumps(collection(*(item(route, loopback.url + route, CHECKS) for route in ANSWERS))))
    assert main(["import", str(src), "-o", str(tmp_path / "schemas.json")]) == 0
    native = json.loads((tmp_path / "schemas.json").read_text())
    assert all("tests" not in i and len(i["assert"]) == 7 for i in native["items"])  # no JavaScript left
    theirs, ours = outcomes(src, tmp_path), outcomes(tmp_path / "schemas.json", tmp_path)
    assert ours == theirs and ours[0] == 1
    for name in ("order (jsonSchema)", "order (tv4)", "id (expect)", "id (jsonSchema a string satisfies)", "items",
                 "is json", "mentions json"):
        assert {passed for _, n, passed in ours[1] if n == name} == {True, False}, name
    exported = tmp_path / "exported.postman_collection.json"  # and back: the exported scripts agree too
    assert main(["export", str(tmp_path / "schemas.json"), "-o", str(exported)]) == 0
    assert outcomes(exported, tmp_path) == ours


def test_a_failed_schema_check_says_where_and_is_masked(loopback: Any, tmp_path: Path) -> None:
    body = json.dumps({"id": 7, "items": [{"sku": "tok-4711-secret"}]}).encode()
    loopback.route("GET", "/order")(lambda h: send_bytes(h, 200, body, {"Content-Type": "application/json"}))
    native = {"name": "c", "secrets": ["TOKEN"], "variables": {"TOKEN": "tok-4711-secret", "BASE": loopback.url},
              "items": [{"name": "order", "request": {"method": "GET", "url": "{{BASE}}/order"},
                         "assert": [{"that": "$", "schema": {"properties": {"items": {"items": {"properties": {
                             "sku": {"enum": ["a", "b"]}}}}}}}]}]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(native))
    code = main(["run", str(path), "--no-sandbox", "-r", "json", "--report-dir", str(tmp_path / "out")])
    report = (tmp_path / "out" / "report.json").read_text()
    message = json.loads(report)["executions"][0]["assertions"][0]["message"]
    assert code == 1 and message.startswith('expected $.items[0].sku to be one of ["a", "b"], got "')
    assert "tok-4711-secret" not in report


@pytest.mark.slow
def test_newman_agrees_with_the_imported_and_the_exported_schema_checks(loopback: Any, newman: str,
                                                                       tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415

    serve(loopback)
    src = tmp_path / "schemas.postman_collection.json"
    src.write_text(json.dumps(collection(*(item(route, loopback.url + route, CHECKS) for route in ANSWERS))))
    assert main(["import", str(src), "-o", str(tmp_path / "schemas.json")]) == 0
    assert all("tests" not in i for i in json.loads((tmp_path / "schemas.json").read_text())["items"])
    assert main(["export", str(tmp_path / "schemas.json"), "-o", str(tmp_path / "exported.postman_collection.json")]) == 0
    ours = outcomes(tmp_path / "schemas.json", tmp_path)[1]
    for postman_file in (src, tmp_path / "exported.postman_collection.json"):
        report = tmp_path / "newman.json"
        subprocess.run([newman, "run", str(postman_file), "-r", "json", "--reporter-json-export", str(report)],
                       capture_output=True, text=True, timeout=120)
        theirs = [(ex["item"]["name"], a["assertion"], "error" not in a)
                  for ex in json.loads(report.read_text())["run"]["executions"] for a in ex.get("assertions", [])]
        assert theirs == ours, postman_file.name

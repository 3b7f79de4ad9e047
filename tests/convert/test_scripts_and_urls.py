"""Import keeps scripts as Postman stores them (lines) and accepts what `run` accepts (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import read_report, send_json, write_json

from runner.cli.main import main

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def write(tmp_path: Path, name: str, doc: dict[str, Any]) -> Path:
    return Path(write_json(tmp_path / name, doc))


def report(tmp_path: Path, collection: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    out = tmp_path / ("report-" + collection.stem)
    code = main(["run", str(collection), "--no-sandbox", "-r", "json", "--report-dir", str(out), *extra])
    return code, read_report(out)["executions"]


def test_scripts_that_stay_javascript_keep_one_line_per_element(tmp_path: Path) -> None:
    lines = ["var n = pm.response.json().items.length;", 'pm.test("some items", function () {',
             "    pm.expect(n).to.be.above(0);", "});"]
    src = write(tmp_path, "s.postman_collection.json", {"info": {"name": "s", "schema": SCHEMA}, "item": [
        {"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:1/x"},
         "event": [{"listen": "prerequest", "script": {"exec": ['pm.variables.set("a", "1");', 'console.log("x");']}},
                   {"listen": "test", "script": {"exec": lines}}]}]})
    assert main(["import", str(src), "-o", str(tmp_path / "s.json")]) == 0
    native = json.loads((tmp_path / "s.json").read_text())["items"][0]
    assert native["tests"] == lines
    assert native["prerequest"] == {"script": ['pm.variables.set("a", "1");', 'console.log("x");']}
    # and back: Postman gets the same lines, and importing them again gives the same native item
    assert main(["export", str(tmp_path / "s.json"), "-o", str(tmp_path / "back.postman_collection.json")]) == 0
    exported = json.loads((tmp_path / "back.postman_collection.json").read_text())["item"][0]
    assert [e["script"]["exec"] for e in exported["event"]] == [native["prerequest"]["script"], lines]
    assert main(["import", str(tmp_path / "back.postman_collection.json"), "-o", str(tmp_path / "again.json")]) == 0
    assert json.loads((tmp_path / "again.json").read_text())["items"][0] == native


def test_native_scripts_as_lines_or_one_string_run_and_survive_export(loopback: Any, tmp_path: Path) -> None:
    loopback.route("GET", "/v")(lambda h: send_json(h, 200, {"v": "a\nb"}))
    lines = ["var j = pm.response.json();", 'pm.test("lines", function () {', "    pm.expect(j.v).to.have.lengthOf(3);",
             "});"]
    one_string = "\n".join(lines).replace('"lines"', '"one string"')
    doc = {"name": "n", "items": [{"name": name, "request": {"method": "GET", "url": loopback.url + "/v"},
                                   "tests": tests, "assert": [{"status": 200}]}
                                  for name, tests in (("lines", lines), ("string", one_string))]}
    native = write(tmp_path, "n.json", doc)
    code, executions = report(tmp_path, native)
    assert code == 0 and [[a["passed"] for a in e["assertions"]] for e in executions] == [[True, True]] * 2
    assert main(["export", str(native), "-o", str(tmp_path / "n.postman_collection.json")]) == 0
    assert main(["import", str(tmp_path / "n.postman_collection.json"), "-o", str(tmp_path / "back.json")]) == 0
    assert json.loads((tmp_path / "back.json").read_text()) == doc


def test_script_lines_hold_no_newline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def items(tests: list[str]) -> dict[str, Any]:
        return {"name": "n", "items": [{"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:1/"},
                                        "prerequest": {"script": ["a;"]}, "tests": tests}]}

    assert main(["validate", str(write(tmp_path, "good.json", items(["a;", "b;"])))]) == 0
    assert main(["validate", str(write(tmp_path, "bad.json", items(["a;", "b;\nc;"])))]) == 2
    assert "/items/0/tests" in capsys.readouterr().err


def test_an_item_without_a_url_imports_with_a_warning_and_fails_when_run(loopback: Any, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """As in the public Sitecore CDP collection: one item has "url": null."""
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    src = write(tmp_path, "u.postman_collection.json", {"info": {"name": "u", "schema": SCHEMA}, "item": [
        {"name": "Folder", "item": [{"name": "Null URL", "request": {"method": "POST", "url": None}},
                                    {"name": "No URL", "request": {"method": "GET", "header": []}}]},
        {"name": "fine", "request": {"method": "GET", "url": loopback.url + "/ok"}}]})
    assert main(["import", str(src), "-o", str(tmp_path / "u.json")]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "'Folder/Null URL' has no URL" in err and "'Folder/No URL' has no URL" in err
    assert f"{src} at /item/0/item/0/request/url" in err
    native = json.loads((tmp_path / "u.json").read_text())
    assert [i["request"]["url"] for i in native["items"][0]["items"]] == [None, None]
    # run, validate and the Postman file agree: the two requests fail, the run goes on
    assert main(["validate", str(tmp_path / "u.json")]) == 0
    ours, theirs = report(tmp_path, tmp_path / "u.json"), report(tmp_path, src)
    assert ours[0] == theirs[0] == 1
    assert [(e["name"], bool(e.get("error"))) for e in ours[1]] == [("Null URL", True), ("No URL", True), ("fine", False)]
    assert [e.get("error") for e in ours[1]] == [e.get("error") for e in theirs[1]]
    # and export writes a Postman item without a URL, which imports back the same
    assert main(["export", str(tmp_path / "u.json"), "-o", str(tmp_path / "back.postman_collection.json")]) == 0
    assert main(["import", str(tmp_path / "back.postman_collection.json"), "-o", str(tmp_path / "back.json")]) == 0
    assert json.loads((tmp_path / "back.json").read_text()) == native

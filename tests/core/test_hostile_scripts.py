"""A script that breaks the built-ins the runner reads its results with (JSON.stringify,
Object.prototype.toJSON, an error whose toString throws) fails as a script error; the run goes on
with a fresh script engine, never ends in exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main

# (replacing JSON.stringify no longer breaks the harness, which keeps its own copy: tests/scripting/test_integrity.py)
HOSTILE = ["Object.prototype.toJSON = () => 5", "throw {toString() { throw 1 }}"]


@pytest.mark.parametrize("engine", ["quickjs", "mini-racer"])
@pytest.mark.parametrize("where", ["prerequest", "tests"])
@pytest.mark.parametrize("script", HOSTILE)
def test_script_breaking_the_harness_is_a_script_error(script: str, where: str, engine: str,
                                                       loopback: LoopbackServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", engine)
    loopback.route("GET", "/x")(lambda h: send_json(h, 200, {"ok": True}))
    hostile = {"name": "hostile", "request": {"method": "GET", "url": loopback.url + "/x"},
               **({"prerequest": {"script": script}} if where == "prerequest" else {"tests": script})}
    after = {"name": "after", "request": {"method": "GET", "url": loopback.url + "/x"},
             "tests": "pm.test('clean engine', () => pm.expect(JSON.stringify({a: 1})).to.equal('{\"a\":1}'));"}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"name": "hostile", "items": [hostile, after]}))
    reports = tmp_path / "reports"
    code = main(["run", str(path), "-r", "cli", "-r", "json", "--report-dir", str(reports)])
    err = capsys.readouterr().err
    assert code == 1, err
    report = json.loads((reports / "report.json").read_text())
    first, second = report["executions"]
    assert "script error" in json.dumps(first), first
    assert [(a["name"], a["passed"]) for a in second["assertions"]] == [("clean engine", True)], second

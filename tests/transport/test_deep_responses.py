"""A response nested deeper than any real API answers (JSON arrays in arrays, 100,000 levels) fails
the checks that read it with a reason; it never crashes the run, its reports or its recording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_bytes

from runner.cli.main import main

DEPTHS = [990, 5_000, 100_000]


@pytest.mark.parametrize("engine", ["quickjs", "mini-racer"])
@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_json_response_fails_its_checks_not_the_run(depth: int, engine: str, loopback: LoopbackServer,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", engine)
    deep = ('{"a":' * depth + "1" + "}" * depth).encode()
    for path in ("/deep", "/next"):
        loopback.route("GET", path)(lambda h: send_bytes(h, 200, deep, {"Content-Type": "application/json"}))
    script = ("let parsed; try { parsed = pm.response.json(); } catch (e) { parsed = String(e); }\n"
              "pm.environment.set('parsed', parsed);\n"
              "pm.test('script ran', () => pm.expect(pm.response.code).to.equal(200));")
    collection = tmp_path / "deep.json"
    collection.write_text(json.dumps({"name": "deep", "items": [
        {"name": "deep", "request": {"method": "GET", "url": loopback.url + "/deep"}, "tests": script,
         "assert": [{"status": 200}, {"that": "$.a", "exists": True}],
         "capture": {"A": "$.a"}},
        {"name": "next", "request": {"method": "GET", "url": loopback.url + "/next"}, "assert": [{"status": 200}]},
    ]}))
    reports = tmp_path / "reports"
    code = main(["run", str(collection), "--verbose", "-r", "cli", "-r", "json", "-r", "junit", "-r", "html",
                 "--report-dir", str(reports), "--record", str(tmp_path / "mocks")])
    out, err = capsys.readouterr()
    assert code == 1, err  # the JSON checks fail; nothing crashes
    assert "Traceback" not in err and "internal error" not in err
    assert len(loopback.requests) == 2  # the run went on
    report = json.loads((reports / "report.json").read_text())
    text = json.dumps(report)
    assert "nested too deeply" in text, text[:2000]
    assert (reports / "report.xml").exists() and (reports / "report.html").exists()
    assert list((tmp_path / "mocks").rglob("*.json"))

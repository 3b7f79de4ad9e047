"""Hostile JavaScript: a pre-request or test script has no file, network, process or environment
access; endless loops and memory bombs are stopped. Each attempt is a failed request (script
error or failed test) and the run goes on to the next request."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main
from runner.core.engine import Run, RunOptions
from runner.load import load_collection

# Each script tries to escape and, if it could, records a passing test named "escaped".
ESCAPES = {
    "require-fs": "const fs = require('fs');\n"
                  "pm.test('escaped', () => pm.expect(fs.readFileSync('/etc/hostname', 'utf8')).to.be.a('string'));",
    "require-child-process": "require('child_process').execSync('id');\npm.test('escaped', () => {});",
    "require-http": "require('http').get('http://127.0.0.1:1/');\npm.test('escaped', () => {});",
    "process-env": "pm.test('escaped', () => pm.expect(process.env.HOME).to.be.a('string'));",
    "globalThis-process": "const env = globalThis.process.env;\npm.test('escaped', () => pm.expect(env).to.be.an('object'));",
    "dynamic-import-fs": "import('fs').then(m => pm.test('escaped', () => pm.expect(m.readFileSync).to.be.a('function')))"
                         "\n  .catch(e => pm.test('import refused', () => { throw e; }));",
    "dynamic-import-std": "import('std').then(m => pm.test('escaped', () => pm.expect(m.loadFile('/etc/hostname'))"
                          ".to.be.a('string')))\n  .catch(e => pm.test('import refused', () => { throw e; }));",
    "static-import-std": "import * as std from 'std';\npm.test('escaped', () => pm.expect(std.getenv('HOME')).to.be.a('string'));",
    "quickjs-os-global": "os.exec(['id']);\npm.test('escaped', () => {});",
    "quickjs-std-global": "std.open('/etc/hostname', 'r');\npm.test('escaped', () => {});",
    "XMLHttpRequest": "const x = new XMLHttpRequest();\nx.open('GET', 'http://127.0.0.1:1/');\npm.test('escaped', () => {});",
    "fetch": "fetch('http://127.0.0.1:1/');\npm.test('escaped', () => {});",
    "Function-this-globals": "const g = Function('return this')();\n"
                             "const found = ['process', 'require', 'std', 'os', 'fetch', 'XMLHttpRequest', 'Deno', 'Bun',\n"
                             "  'scriptArgs', 'print', 'python', 'py', '__import__', 'open'].filter(n => g[n] !== undefined);\n"
                             "pm.test('escaped', () => pm.expect(found).to.not.be.empty);",
    "indirect-eval-python": "const g = (0, eval)('this');\n"
                            "const py = Object.getOwnPropertyNames(g).filter(n => /py|python|ctypes|import/i.test(n));\n"
                            "pm.test('escaped', () => pm.expect(py).to.not.be.empty);",
    "constructor-chain": "const F = (() => {}).constructor.constructor;\nconst g = F('return globalThis')();\n"
                         "pm.test('escaped', () => pm.expect(g.process || g.require || g.std).to.exist);",
    "native-bridge-callables": "const g = globalThis;\n"
                               "const natives = Object.getOwnPropertyNames(g).filter(n => n.startsWith('__') && n !== '__cdp'"
                               " && typeof g[n] === 'function' && /native code/.test(String(g[n])) && n !== '__date_clock');\n"
                               "pm.test('escaped', () => pm.expect(natives).to.not.be.empty);",
}


@pytest.fixture(scope="module")
def server() -> Any:
    s = LoopbackServer()
    s.route("GET", "/ok")(lambda h: send_json(h, 200, {"status": "OK"}))
    s.start()
    yield s
    s.stop()


def _collection(tmp_path: Path, server: LoopbackServer, *, pre: str | None = None, test: str | None = None) -> str:
    hostile: dict[str, Any] = {"name": "hostile", "request": {"method": "GET", "url": server.url + "/ok"},
                               "assert": [{"status": 200}]}
    if pre is not None:
        hostile["prerequest"] = {"script": pre}
    if test is not None:
        hostile["tests"] = test
    doc = {"name": "sandbox", "items": [
        hostile,
        {"name": "after", "request": {"method": "GET", "url": server.url + "/ok"},
         "tests": "pm.test('still works', () => pm.response.to.have.status(200));",
         "assert": [{"that": "$.status", "equals": "OK"}]},
    ]}
    path = tmp_path / "sandbox.json"
    path.write_text(json.dumps(doc))
    return str(path)


def _run(path: str, **options: Any) -> list[Any]:
    return list(Run(load_collection(path), None, RunOptions(sandbox=False, **options)))


def _contained(hostile: Any, after: Any) -> None:
    assert hostile.failed, "the escape attempt must fail the request"
    assert not any(a.name == "escaped" and a.passed for a in hostile.assertions), hostile.assertions
    assert hostile.script_error or any(not a.passed for a in hostile.assertions)
    assert not after.failed and [a.name for a in after.assertions if a.passed] == ["still works", '$.status == "OK"']


@pytest.mark.parametrize("phase", ["test", "pre"])
@pytest.mark.parametrize("name", list(ESCAPES))
def test_escape_attempt_is_contained(name: str, phase: str, tmp_path: Path, server: LoopbackServer) -> None:
    source = ESCAPES[name]
    path = _collection(tmp_path, server, **{phase: source})
    hostile, after = _run(path)
    _contained(hostile, after)


def test_pm_send_request_is_the_only_network_and_it_goes_through_the_runner(tmp_path: Path,
                                                                             server: LoopbackServer) -> None:
    # The script's request is answered through the runner's own session: the loopback server sees
    # it between the two items' requests, and the script gets the real answer.
    script = ("pm.sendRequest('" + server.url + "/ok?from=script', (err, res) => {\n"
              "  pm.test('sendRequest answered', () => { pm.expect(err).to.equal(null); "
              "pm.expect(res.json().status).to.equal('OK'); });\n"
              "});")
    before = len(server.requests)
    hostile, after = _run(_collection(tmp_path, server, test=script))
    assert hostile.script_error is None
    assert [(a.name, a.passed) for a in hostile.assertions if a.name == "sendRequest answered"] == [
        ("sendRequest answered", True)]
    assert [r["path"] for r in server.requests[before:]] == ["/ok", "/ok?from=script", "/ok"]
    assert not after.failed


@pytest.mark.parametrize("phase", ["test", "pre"])
def test_infinite_loop_is_stopped_by_the_time_limit(phase: str, tmp_path: Path, server: LoopbackServer) -> None:
    path = _collection(tmp_path, server, **{phase: "while (true) {}"})
    started = time.perf_counter()
    hostile, after = _run(path, script_time_limit_ms=200)
    assert time.perf_counter() - started < 10  # the limit is CPU time for quickjs; wall time on a busy box is more
    _contained(hostile, after)
    assert "script exceeded time limit (200 ms)" in hostile.script_error


def test_promise_loop_is_stopped_by_the_time_limit(tmp_path: Path, server: LoopbackServer) -> None:
    path = _collection(tmp_path, server, test="function f() { return Promise.resolve().then(f); }\nf();")
    hostile, after = _run(path, script_time_limit_ms=200)
    _contained(hostile, after)
    assert "time limit" in hostile.script_error


@pytest.mark.parametrize("bomb", [
    "const a = []; while (true) { a.push(new Array(100000).fill('xxxxxxxx')); }",
    # these two crashed the process with the old `quickjs` 1.19.4 wheel (a segfault while
    # building the out-of-memory error's backtrace); quickjs-ng stops them cleanly
    "var a = []; while (true) { a.push('x'.repeat(1000) + a.length); }",
    "var a = []; while (true) { a.push(new Array(1000).fill(a.length)); }",
])
def test_memory_bomb_is_stopped_by_the_memory_limit(bomb: str, tmp_path: Path, server: LoopbackServer) -> None:
    hostile, after = _run(_collection(tmp_path, server, test=bomb), script_memory_limit_mb=32)
    _contained(hostile, after)
    assert "script exceeded memory limit (32 MB)" in hostile.script_error


def test_string_doubling_is_stopped(tmp_path: Path, server: LoopbackServer) -> None:
    hostile, after = _run(_collection(tmp_path, server, test="let s = 'x'; while (true) { s = s + s; }"),
                          script_memory_limit_mb=32)
    _contained(hostile, after)
    assert "memory limit" in hostile.script_error or "string too long" in hostile.script_error


def test_limits_come_from_the_cli_and_land_in_every_report(tmp_path: Path, server: LoopbackServer,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _collection(tmp_path, server, pre="while (true) {}")
    reports = tmp_path / "reports"
    code = main(["run", path, "--script-timeout", "150", "--script-memory", "48", "-r", "cli", "-r", "json",
                 "--report-dir", str(reports)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    report = json.loads((reports / "report.json").read_text())
    hostile, after = report["executions"]
    assert "script exceeded time limit (150 ms)" in hostile["error"]
    assert after["error"] is None and all(a["passed"] for a in after["assertions"])
    assert "script exceeded time limit (150 ms)" in out.out

    memory = _collection(tmp_path, server, test="const a = []; while (true) a.push(new Array(1e5).fill(1));")
    code = main(["run", memory, "--script-memory", "48", "-r", "json", "--report-dir", str(reports)])
    assert code == 1
    hostile, _ = json.loads((reports / "report.json").read_text())["executions"]
    assert "script exceeded memory limit (48 MB)" in hostile["error"]


def test_scripts_cannot_read_the_runners_environment(tmp_path: Path, server: LoopbackServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A process environment variable is not a collection variable: scripts see only what the run gives them.
    monkeypatch.setenv("CDP_RUNNER_SANDBOX_PROBE", "leaked-value")
    script = ("const seen = JSON.stringify([pm.environment.toObject(), pm.variables.toObject(), pm.globals.toObject()]);\n"
              "pm.test('escaped', () => pm.expect(seen).to.include('leaked-value'));")
    hostile, after = _run(_collection(tmp_path, server, test=script))
    _contained(hostile, after)
    assert os.environ["CDP_RUNNER_SANDBOX_PROBE"] == "leaked-value"

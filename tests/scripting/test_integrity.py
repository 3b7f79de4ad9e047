"""A script cannot forge the results of the scripts after it (scripts share one JS realm, as in
Postman, so a script may replace built-ins, pm or the harness's own objects for later scripts).

Each case runs a tampering script, then a later script with one passing and one failing pm.test:
the failure must still be reported, the tampering script is a script error or reports only its
own tests, and a whole run exits 1 (neither 0, a forged pass, nor 3, a crash)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, run_cli, send_json, write_json
from scripting.script_helpers import BACKENDS, context

from runner.scripting import Script, get_engine

FORGED = '{"ops":[],"tests":[["forged",true,null,false]],"console":[],"error":null,"pending":false}'

TAMPERING = {
    "JSON.stringify returns a forged outcome": f"JSON.stringify = function () {{ return {FORGED!r}; }};",
    "JSON.parse forges response bodies": (
        "var realParse = JSON.parse;"
        "JSON.parse = function (text) { var v = realParse(text); if (v && v.items) v.items.push(4); return v; };"),
    "Array push/map/forEach/concat do nothing": (
        "Array.prototype.push = function () { return 0; };"
        "Array.prototype.map = function () { return []; };"
        "Array.prototype.forEach = function () {};"
        "Array.prototype.concat = function () { return []; };"
        "Array.prototype.slice = function () { return []; };"),
    "Object.keys and String are replaced": (
        "Object.keys = function () { return []; };"
        "String = function () { return {}; };"
        "String.prototype.slice = function () { return ''; };"
        "String.prototype.replace = function () { return ''; };"),
    "Function.prototype.call/apply and Reflect.apply are replaced": (
        "Function.prototype.call = function () {};"
        "Function.prototype.apply = function () {};"
        "Reflect.apply = function () {};"),
    "toJSON on the prototypes forges the outcome": (
        "Object.prototype.toJSON = function () { return {tests: [['forged', true, null, false]]}; };"
        "Array.prototype.toJSON = function () { return []; };"),
    "setters on Array and Object prototypes swallow writes": (
        "Object.defineProperty(Array.prototype, '0', {set: function () {}, configurable: true});"
        "Object.defineProperty(Object.prototype, 'legacyEnv', {set: function () {}, configurable: true});"
        "Object.defineProperty(Object.prototype, 'response', {get: function () { return {code: 200}; }, configurable: true});"),
    "pm.test is redefined": (
        "var fake = function (name) { return pm; };"
        "try { Object.defineProperty(pm, 'test', {value: fake}); } catch (e) {}"
        "try { Object.getPrototypeOf(pm).test = fake; } catch (e) {}"
        "try { Object.defineProperty(Object.getPrototypeOf(pm), 'test', {value: fake}); } catch (e) {}"
        "try { pm.expect = function () { return {to: {equal: function () {}}}; }; } catch (e) {}"
        "try { Object.getPrototypeOf(pm.expect(1)).assert = function () {}; } catch (e) {}"
        "try { pm.test.skip = fake; } catch (e) {}"),
    "__cdp internals are deleted or replaced": (
        "try { delete __cdp.run; } catch (e) {}"
        "try { __cdp.scripts.length = 0; } catch (e) {}"
        "for (var i = 0; i < 5; i++) { try { __cdp.register('x', i, function (pm) { pm.test('forged', function () {}); }); } catch (e) {} }"
        "try { __cdp.answer('x', 'jsonschema:{}', '{\"value\": {\"valid\": true}}'); } catch (e) {}"
        "try { __cdp.define('lodash', function () { return {}; }); } catch (e) {}"
        "try { __cdp.run('x', 0, '{}'); } catch (e) {}"),
}

LATER = ("pm.test('later passes', function () { pm.expect({a: [1]}).to.eql({a: [1]}); });\n"
         "pm.test('later fails', function () { pm.expect({a: 1}).to.eql({a: 2}); });\n"
         "pm.test('later fails too', function () { pm.expect(1).to.equal(2); });\n"
         "pm.test('body has 4 items', function () { pm.expect(pm.response.json().items.length).to.equal(4); });\n")
LATER_RESULTS = {"later passes": True, "later fails": False, "later fails too": False, "body has 4 items": False}
TEST_CTX = context("test")


@pytest.fixture(params=BACKENDS)
def fresh_engine(request: Any):
    engine = get_engine(request.param, time_limit_ms=2000, memory_limit_mb=128)
    yield engine
    engine.close()


def _later_results(engine: Any) -> dict[str, bool]:
    outcome = engine.run(Script(LATER, "later"), TEST_CTX)
    assert outcome.error is None, outcome.error
    return {t.name: t.passed for t in outcome.tests}


@pytest.mark.parametrize("tamper", list(TAMPERING), ids=list(TAMPERING))
def test_tampering_does_not_change_a_later_scripts_results(fresh_engine: Any, tamper: str) -> None:
    fresh_engine.run(Script(LATER, "before"), TEST_CTX)  # the later script is compiled and cached already
    own = fresh_engine.run(Script(TAMPERING[tamper] + "\npm.test('own', function () {});", "tamper"), TEST_CTX)
    assert all(t.name == "own" for t in own.tests)
    assert _later_results(fresh_engine) == LATER_RESULTS
    fresh_engine.run(Script("pm.test('another', function () {});", "new script"), TEST_CTX)
    assert _later_results(fresh_engine) == LATER_RESULTS


# Hostile values the harness converts (test names, thrown values, legacy results); each also
# replaces a built-in at the moment it is converted, to forge the later scripts' results.
FORGE = f"JSON.stringify = function () {{ return {FORGED!r}; }}; Array.prototype.push = function () {{ return 0; }};"


@pytest.mark.parametrize("source, message", [
    ("pm.test(new Proxy({}, {get: function () { %s throw new Error('trap'); }}), function () {});" % FORGE, "trap"),
    ("pm.test({toString: function () { %s throw new Error('bomb'); }}, function () {});" % FORGE, "bomb"),
    ("pm.test({toString: function () { %s return {}; }, valueOf: function () { return {}; }}, function () {});" % FORGE, ""),
    ("pm.test('x', function () { throw new Proxy({}, {get: function () { %s throw new Error('trap'); },"
     " has: function () { %s throw new Error('trap'); }}); });" % (FORGE, FORGE), ""),
    ("throw {get name() { %s throw new Error('getter'); }, get message() { throw new Error('getter'); }};" % FORGE,
     "cannot be read"),
    ("Object.defineProperty(tests, 'legacy', {enumerable: true, get: function () { %s throw new Error('getter'); }});"
     % FORGE, None),
], ids=["proxy name", "toString throws", "toString returns an object", "thrown proxy", "throwing getters", "legacy getter"])
def test_hostile_values_are_this_scripts_error_or_failure_only(fresh_engine: Any, source: str, message: Any) -> None:
    outcome = fresh_engine.run(Script(source, "hostile"), TEST_CTX)
    assert not any(t.passed and not t.skipped for t in outcome.tests)
    if message is not None and outcome.error is not None:
        assert message in outcome.error.message
    assert outcome.error is not None or outcome.tests
    assert _later_results(fresh_engine) == LATER_RESULTS


@pytest.mark.parametrize("raw", [None, 42, "not json", "[]", '{"tests": [["x", "yes", null, false]]}',
                                 '{"ops":[],"tests":[],"console":[["log"]],"error":null}'])
def test_the_host_refuses_a_malformed_outcome(fresh_engine: Any, raw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fresh_engine, "_js_run", lambda index, ctx_json: raw)
    outcome = fresh_engine.run(Script("pm.test('x', function () {});", "s"), TEST_CTX)
    assert outcome.error is not None and "no usable result" in outcome.error.message
    assert outcome.tests == []


def _postman(url: str) -> dict[str, Any]:
    def item(name: str, path: str, test: str) -> dict[str, Any]:
        return {"name": name, "request": {"method": "GET", "url": f"{url}{path}"},
                "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": test.splitlines()}}]}
    tamper = "\n".join(TAMPERING.values()) + "\npm.test('tamperer passes', function () {});"
    return {"info": {"name": "integrity", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [item("tamper", "/a", tamper), item("later", "/b", LATER)]}


@pytest.mark.parametrize("backend", ["quickjs", "mini-racer"])
def test_cli_run_with_a_tampering_script_still_fails(tmp_path: Path, capsys: Any, loopback: LoopbackServer,
                                                     backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "mini-racer":
        pytest.importorskip("py_mini_racer")
    monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", backend)
    for path in ("/a", "/b"):
        loopback.route("GET", path)(lambda h: send_json(h, 200, {"ok": True}))
    collection = write_json(tmp_path / "integrity.postman_collection.json", _postman(loopback.url))
    code, out = run_cli(capsys, "run", collection)
    assert code == 1, out
    assert "later fails" in out

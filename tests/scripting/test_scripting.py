"""Tests for runner.scripting (Postman scripts in an embedded JS engine)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import subprocess
import sys
import uuid

import pytest

from runner.scripting import Script, ScriptEngine, ScriptOutcome, VariableOp, get_engine

HAS_MINI_RACER = importlib.util.find_spec("py_mini_racer") is not None

BACKENDS = [
    "quickjs",
    pytest.param(
        "mini-racer",
        marks=pytest.mark.skipif(not HAS_MINI_RACER, reason="mini-racer (py_mini_racer) is not installed"),
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request):
    eng = get_engine(request.param, time_limit_ms=1000, memory_limit_mb=64)
    yield eng
    eng.close()


def make_context(event="test", response=True, **overrides):
    ctx = {
        "event": event,
        "variables": {
            "globals": {"g": "global-g", "shared": "from-globals"},
            "collection": {"c": "coll-c", "shared": "from-collection"},
            "environment": {"e": "env-e", "shared": "from-environment", "host": "api.example.com"},
            "data": {"d": "data-d"},
            "local": {},
        },
        "request": {
            "id": "req-1",
            "name": "Get thing",
            "method": "GET",
            "url": "https://api.example.com/things?x=1",
            "headers": [["Accept", "application/json"]],
            "body": None,
        },
        "response": {
            "code": 404,
            "status": "Not Found",
            "headers": [["Content-Type", "application/json; charset=utf-8"], ["X-Trace", "abc"]],
            "body": json.dumps({"id": 7, "name": "widget", "tags": ["a", "b"], "nested": {"k": [1, 2, 3]}}),
            "responseTime": 42.5,
            "responseSize": 123,
        }
        if response
        else None,
        "info": {"requestName": "Get thing", "requestId": "req-1", "iteration": 2, "iterationCount": 5, "eventName": event},
        "iterationData": {"d": "data-d"},
    }
    ctx.update(overrides)
    return ctx


def run(engine, source, ctx=None, name="Folder/Req [test]") -> ScriptOutcome:
    return engine.run(Script(source=source, name=name), ctx if ctx is not None else make_context())


def results(outcome):
    return {t.name: (t.passed, t.message) for t in outcome.tests}


# ------------------------------------------------------------------------------------ basics


def test_import_is_lazy():
    code = (
        "import sys, runner.scripting as s; "
        "assert 'quickjs' not in sys.modules and '_quickjs' not in sys.modules, 'quickjs imported'; "
        "assert 'py_mini_racer' not in sys.modules, 'mini-racer imported'; "
        "s.get_engine('quickjs'); assert 'quickjs' in sys.modules; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(_repo_root()))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def _repo_root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def test_get_engine_names_and_env(monkeypatch):
    assert get_engine().name == "quickjs"
    assert isinstance(get_engine(), ScriptEngine)
    monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", "quickjs")
    assert get_engine().name == "quickjs"
    with pytest.raises(ValueError, match="unknown JS engine"):
        get_engine("spidermonkey")
    if HAS_MINI_RACER:
        monkeypatch.setenv("CDP_RUNNER_JS_ENGINE", "mini-racer")
        eng = get_engine()
        assert eng.name == "mini-racer"
        eng.close()


def test_limits_configurable():
    eng = get_engine("quickjs", time_limit_ms=250, memory_limit_mb=32)
    assert (eng.time_limit_ms, eng.memory_limit_mb) == (250, 32)


# ------------------------------------------------------------------------------------ variables


def test_variable_scopes_and_precedence(engine):
    out = run(
        engine,
        """
        const got = {
          shared: pm.variables.get('shared'),
          g: pm.globals.get('g'), c: pm.collectionVariables.get('c'), e: pm.environment.get('e'),
          d: pm.iterationData.get('d'), viaVars: pm.variables.get('d'),
          missing: String(pm.environment.get('nope')), hasE: pm.environment.has('e'),
        };
        pm.variables.set('shared', 'from-local');
        got.afterLocal = pm.variables.get('shared');
        pm.environment.set('token', 'abc');
        got.token = pm.environment.get('token');
        got.tokenVars = pm.variables.get('token');
        pm.environment.unset('e');
        got.eAfterUnset = String(pm.environment.get('e'));
        pm.collectionVariables.set('n', 5);
        pm.globals.clear();
        got.gAfterClear = String(pm.globals.get('g'));
        got.replaced = pm.variables.replaceIn('https://{{host}}/x/{{token}}/{{unknown}}');
        got.envObj = pm.environment.toObject();
        console.log(JSON.stringify(got));
        """,
    )
    assert out.error is None, out.error
    got = json.loads(out.console[0][1])
    assert got["shared"] == "from-environment"  # local > data > environment > collection > globals
    assert got["afterLocal"] == "from-local"
    assert got["g"] == "global-g" and got["c"] == "coll-c" and got["e"] == "env-e"
    assert got["d"] == "data-d" and got["viaVars"] == "data-d"
    assert got["missing"] == "undefined" and got["hasE"] is True
    assert got["token"] == "abc" and got["tokenVars"] == "abc"
    assert got["eAfterUnset"] == "undefined" and got["gAfterClear"] == "undefined"
    assert got["replaced"] == "https://api.example.com/x/abc/{{unknown}}"
    assert got["envObj"] == {"shared": "from-environment", "host": "api.example.com", "token": "abc"}
    assert out.variable_ops == [
        VariableOp("local", "set", "shared", "from-local"),
        VariableOp("environment", "set", "token", "abc"),
        VariableOp("environment", "unset", "e", None),
        VariableOp("collection", "set", "n", 5),
        VariableOp("globals", "clear", None, None),
    ]


def test_legacy_postman_api(engine):
    out = run(
        engine,
        """
        postman.setEnvironmentVariable('legacy', 'v1');
        postman.setGlobalVariable('lg', 'v2');
        console.log(postman.getEnvironmentVariable('legacy'), postman.getGlobalVariable('lg'), environment.e, globals.g, data.d);
        tests['status is 404'] = responseCode.code === 404;
        tests['body has widget'] = responseBody.indexOf('widget') > -1;
        tests['wrong'] = responseCode.code === 200;
        postman.clearEnvironmentVariable('legacy');
        """,
    )
    assert out.error is None
    assert out.console == [("log", "v1 v2 env-e global-g data-d")]
    assert results(out) == {"status is 404": (True, None), "body has widget": (True, None), "wrong": (False, None)}
    assert out.variable_ops == [
        VariableOp("environment", "set", "legacy", "v1"),
        VariableOp("globals", "set", "lg", "v2"),
        VariableOp("environment", "unset", "legacy", None),
    ]


# ------------------------------------------------------------------------------------ pm.test / expect

CHAI_CASES = [
    ("pm.expect(pm.response.code).to.eql(200)", "expected 404 to deeply equal 200"),
    ("pm.expect('a').to.equal('b')", "expected 'a' to equal 'b'"),
    ("pm.expect(1).to.not.equal(1)", "expected 1 to not equal 1"),
    ("pm.expect({a: 1}).to.deep.equal({a: 2})", "expected { a: 1 } to deeply equal { a: 2 }"),
    ("pm.expect({a: 1}).to.not.eql({a: 1})", "expected { a: 1 } to not deeply equal { a: 1 }"),
    ("pm.expect(5).to.be.a('string')", "expected 5 to be a string"),
    ("pm.expect([]).to.be.an('object')", "expected [] to be an object"),
    ("pm.expect('x').to.not.be.a('string')", "expected 'x' not to be a string"),
    ("pm.expect({a: 1}).to.have.property('b')", "expected { a: 1 } to have property 'b'"),
    ("pm.expect({a: 1}).to.have.property('a', 2)", "expected { a: 1 } to have property 'a' of 2, but got 1"),
    ("pm.expect('foobar').to.include('baz')", "expected 'foobar' to include 'baz'"),
    ("pm.expect([1, 2, 3]).to.include(4)", "expected [ 1, 2, 3 ] to include 4"),
    ("pm.expect([1, 2]).to.not.include(2)", "expected [ 1, 2 ] to not include 2"),
    ("pm.expect({a: 1, b: 2}).to.include({a: 2})", "expected { a: 1, b: 2 } to have property 'a' of 2, but got 1"),
    ("pm.expect('abc').to.match(/^x/)", "expected 'abc' to match /^x/"),
    ("pm.expect(3).to.be.above(5)", "expected 3 to be above 5"),
    ("pm.expect(3).to.be.below(1)", "expected 3 to be below 1"),
    ("pm.expect(3).to.be.at.least(4)", "expected 3 to be at least 4"),
    ("pm.expect(3).to.be.at.most(2)", "expected 3 to be at most 2"),
    ("pm.expect(9).to.be.within(1, 5)", "expected 9 to be within 1..5"),
    ("pm.expect([1, 2]).to.have.lengthOf(3)", "expected [ 1, 2 ] to have a length of 3 but got 2"),
    ("pm.expect('abc').to.have.length.above(5)", "expected 'abc' to have a length above 5 but got 3"),
    ("pm.expect([1]).to.be.empty", "expected [ 1 ] to be empty"),
    ("pm.expect({}).to.not.be.empty", "expected {} not to be empty"),
    ("pm.expect(4).to.be.oneOf([1, 2, 3])", "expected 4 to be one of [ 1, 2, 3 ]"),
    ("pm.expect([1, 2]).to.have.members([2, 3])", "expected [ 1, 2 ] to have the same members as [ 2, 3 ]"),
    ("pm.expect([1, 2, 3]).to.include.members([4])", "expected [ 1, 2, 3 ] to be a superset of [ 4 ]"),
    ("pm.expect({a: 1, b: 2}).to.have.keys('a', 'c')", "expected { a: 1, b: 2 } to have keys 'a', and 'c'"),
    ("pm.expect({a: 1}).to.have.any.keys('x', 'y')", "expected { a: 1 } to have keys 'x', or 'y'"),
    ("pm.expect(undefined).to.exist", "expected undefined to exist"),
    ("pm.expect(0).to.be.ok", "expected 0 to be truthy"),
    ("pm.expect(null).to.not.be.null", "expected null not to be null"),
    ("pm.expect(false).to.be.true", "expected false to be true"),
    ("pm.expect(1).to.be.undefined", "expected 1 to be undefined"),
    ("pm.expect('hello').to.have.string('xyz')", "expected 'hello' to contain 'xyz'"),
    ("pm.expect(1, 'custom').to.equal(2)", "custom: expected 1 to equal 2"),
    ("pm.expect.fail('boom')", "boom"),
    (
        "pm.expect('a string that is definitely longer than forty chars').to.equal('x')",
        "expected 'a string that is definitely longer th…' to equal 'x'",
    ),
    (
        "pm.expect({alpha: 1, beta: 2, gamma: 3, delta: 4, epsilon: 5}).to.be.empty",
        # loupe-style truncation (chai 4.3 inspects with truncate=40)
        "expected { alpha: 1, beta: 2, gamma: 3, …(2) } to be empty",
    ),
]


@pytest.mark.parametrize("expr,message", CHAI_CASES, ids=[c[0][:50] for c in CHAI_CASES])
def test_chai_failure_messages(engine, expr, message):
    out = run(engine, f"pm.test('t', function () {{ {expr}; }});")
    assert out.error is None, out.error
    assert results(out) == {"t": (False, message)}


def test_chai_passing_chains(engine):
    out = run(
        engine,
        """
        pm.test('passes', () => {
          pm.expect(pm.response.code).to.eql(404);
          pm.expect({a: {b: [1, 2]}}).to.deep.equal({a: {b: [1, 2]}});
          pm.expect([1, 2, 3]).to.be.an('array').that.includes(2);
          pm.expect('abc').to.be.a('string').and.have.lengthOf(3);
          pm.expect({a: 1, b: 2}).to.include({a: 1}).and.have.all.keys('a', 'b');
          pm.expect({a: {b: 1}}).to.have.nested.property('a.b', 1);
          pm.expect([{x: 1}]).to.deep.include({x: 1});
          pm.expect(5).to.be.within(1, 10).and.above(4).and.below(6);
          pm.expect([3, 1, 2]).to.have.members([1, 2, 3]);
          pm.expect(null).to.be.null; pm.expect(undefined).to.not.exist;
          pm.expect('').to.be.empty; pm.expect(2).to.be.oneOf([1, 2]);
          pm.expect(NaN).to.be.NaN; pm.expect(true).to.be.true; pm.expect(1).to.be.ok;
          pm.expect(() => { throw new Error('x'); }).to.throw();
          const chai = require('chai'); chai.expect(1).to.equal(1);
        });
        pm.test.skip('skipped', () => { throw new Error('never'); });
        """,
    )
    assert out.error is None
    assert [(t.name, t.passed, t.message, t.skipped) for t in out.tests] == [
        ("passes", True, None, False),
        ("skipped", True, None, True),
    ]


def test_async_test_and_done_callback(engine):
    out = run(
        engine,
        """
        pm.test('async fails', async () => { await null; pm.expect(1).to.equal(2); });
        pm.test('async ok', () => Promise.resolve(1).then(v => pm.expect(v).to.equal(1)));
        pm.test('done cb', (done) => { setTimeout(() => { pm.expect(2).to.equal(2); done(); }, 5); });
        Promise.resolve().then(() => pm.environment.set('late', 'yes'));
        """,
    )
    assert out.error is None
    assert results(out) == {
        "async fails": (False, "expected 1 to equal 2"),
        "async ok": (True, None),
        "done cb": (True, None),
    }
    assert VariableOp("environment", "set", "late", "yes") in out.variable_ops


def test_error_inside_pm_test_is_a_failed_test_not_a_script_error(engine):
    out = run(engine, "pm.test('t', () => { undefinedFn(); });\npm.test('next', () => {});")
    assert out.error is None
    assert results(out)["t"][0] is False
    assert "undefinedFn" in results(out)["t"][1]
    assert results(out)["next"] == (True, None)


# ------------------------------------------------------------------------------------ response


def test_response_helpers(engine):
    out = run(
        engine,
        """
        const r = pm.response;
        console.log(JSON.stringify({
          code: r.code, status: r.status, time: r.responseTime, size: r.responseSize,
          ct: r.headers.get('content-type'), hasTrace: r.headers.has('x-trace'), missing: String(r.headers.get('nope')),
          obj: r.headers.toObject(), name: r.json().name, text: r.text().length > 10,
        }));
        pm.test('status 404', () => pm.response.to.have.status(404));
        pm.test('status text', () => pm.response.to.have.status('Not Found'));
        pm.test('status 200', () => pm.response.to.have.status(200));
        pm.test('header', () => pm.response.to.have.header('X-Trace', 'abc'));
        pm.test('header missing', () => pm.response.to.have.header('X-Nope'));
        pm.test('header wrong', () => pm.response.to.have.header('X-Trace', 'zzz'));
        pm.test('jsonBody path', () => pm.response.to.have.jsonBody('nested.k[1]', 2));
        pm.test('jsonBody missing', () => pm.response.to.have.jsonBody('nope'));
        pm.test('is json', () => pm.response.to.be.json);
        pm.test('client error', () => pm.response.to.be.clientError);
        pm.test('error', () => pm.response.to.be.error);
        pm.test('success', () => pm.response.to.be.success);
        pm.test('server error', () => pm.response.to.be.serverError);
        pm.test('ok', () => pm.response.to.be.ok);
        pm.test('not ok', () => pm.response.to.not.be.ok);
        pm.test('body', () => pm.response.to.have.body('nope'));
        """,
    )
    assert out.error is None, out.error
    got = json.loads(out.console[0][1])
    assert got == {
        "code": 404, "status": "Not Found", "time": 42.5, "size": 123,
        "ct": "application/json; charset=utf-8", "hasTrace": True, "missing": "undefined",
        "obj": {"content-type": "application/json; charset=utf-8", "x-trace": "abc"},
        "name": "widget", "text": True,
    }
    res = results(out)
    assert res["status 404"] == (True, None)
    assert res["status text"] == (True, None)
    assert res["status 200"] == (False, "expected response to have status code 200 but got 404")
    assert res["header"] == (True, None)
    assert res["header missing"] == (False, "expected response to have header with key 'X-Nope'")
    assert res["header wrong"] == (False, "expected 'X-Trace' response header to be 'zzz' but got 'abc'")
    assert res["jsonBody path"] == (True, None)
    assert res["jsonBody missing"][0] is False
    assert res["jsonBody missing"][1].endswith("in response to contain property 'nope'")
    assert res["is json"] == (True, None)
    assert res["client error"] == (True, None)
    assert res["error"] == (True, None)
    assert res["success"] == (False, "expected response code to be 2XX but found 404")
    assert res["server error"] == (False, "expected response code to be 5XX but found 404")
    assert res["ok"] == (False, "expected response to have status reason 'OK' but got 'NOT FOUND'")
    assert res["not ok"] == (True, None)
    assert res["body"][0] is False and res["body"][1].startswith("expected response body to equal 'nope' but got")


def test_response_json_error(engine):
    ctx = make_context()
    ctx["response"]["body"] = "This is not json"
    out = run(engine, "pm.test('json', () => pm.response.json());\npm.test('valid', () => pm.response.to.be.json);")
    out = run(engine, "pm.test('json', () => pm.response.json());\npm.test('valid', () => pm.response.to.be.json);", ctx)
    res = results(out)
    assert res["json"][0] is False
    assert res["json"][1].startswith("Unexpected token 'T' at 1:1")
    assert res["valid"] == (False, "expected response body to be a valid json but got error Unexpected token 'T' at 1:1")
    out = run(engine, "var x = JSON.parse(responseBody);", ctx)
    assert out.error is not None and out.error.line == 1 and "SyntaxError" in out.error.message


# ------------------------------------------------------------------------------------ request


def test_request_mutation(engine):
    ctx = make_context(event="prerequest", response=False)
    out = run(
        engine,
        """
        console.log(pm.request.url.toString(), pm.request.method, pm.request.headers.get('accept'));
        pm.request.headers.add({key: 'X-Added', value: 'one'});
        pm.request.headers.upsert({key: 'Accept', value: 'text/plain'});
        pm.request.headers.remove('X-Nothing');
        pm.request.url = 'https://other.example.com/path?q=' + pm.environment.get('e');
        pm.request.method = 'post';
        pm.request.body.raw = JSON.stringify({hello: 'world'});
        pm.request.url.query.add({key: 'extra', value: '2'});
        """,
        ctx,
    )
    assert out.error is None, out.error
    assert out.console == [("log", "https://api.example.com/things?x=1 GET application/json")]
    assert out.request == {
        "id": "req-1",
        "name": "Get thing",
        "method": "POST",
        "url": "https://other.example.com/path?q=env-e&extra=2",
        "headers": [["Accept", "text/plain"], ["X-Added", "one"]],
        "body": '{"hello":"world"}',
    }
    untouched = run(engine, "pm.request.headers.get('accept');", ctx)
    assert untouched.request is None


def test_info_and_iteration_data(engine):
    out = run(engine, "console.log(JSON.stringify(pm.info)); console.log(JSON.stringify(pm.iterationData.toObject()));")
    info, data = out.console[0][1], out.console[1][1]
    assert json.loads(info) == {"requestName": "Get thing", "requestId": "req-1", "iteration": 2, "iterationCount": 5, "eventName": "test"}
    assert json.loads(data) == {"d": "data-d"}


def test_console_levels_and_formatting(engine):
    out = run(engine, "console.log('a', 1, {b: [2]}, null, undefined); console.warn('w'); console.error(new Error('e')); console.info(true)")
    assert out.console == [("log", 'a 1 {"b":[2]} null undefined'), ("warn", "w"), ("error", "Error: e"), ("info", "true")]


# ------------------------------------------------------------------------------------ errors


def test_syntax_error_line(engine):
    out = run(engine, "var a = 1;\nvar b = 2;\nvar c = a b;\n")
    assert out.error is not None
    assert out.error.kind == "syntax"
    assert out.error.line == 3
    assert out.error.message.startswith("SyntaxError")
    assert out.tests == []


def test_runtime_error_line_and_partial_results(engine):
    out = run(engine, "pm.test('first', () => {});\npm.environment.set('a', '1');\n\nnotDefined.call();\npm.environment.set('b', '2');")
    assert out.error is not None and out.error.kind == "error"
    assert out.error.line == 4
    assert "notDefined" in out.error.message and out.error.message.startswith("ReferenceError")
    assert results(out) == {"first": (True, None)}
    assert out.variable_ops == [VariableOp("environment", "set", "a", "1")]


def test_thrown_non_error(engine):
    out = run(engine, "throw 'plain string';")
    assert out.error is not None and out.error.message == "plain string"


def test_time_limit_then_engine_still_works(engine):
    out = run(engine, "pm.environment.set('before', 1);\nwhile (true) {}")
    assert out.error is not None and out.error.kind == "timeout"
    assert out.error.message == "script exceeded time limit (1000 ms)"
    again = run(engine, "pm.test('alive', () => pm.expect(1).to.equal(1)); pm.environment.set('x', 'y');")
    assert again.error is None
    assert results(again) == {"alive": (True, None)}
    assert again.variable_ops == [VariableOp("environment", "set", "x", "y")]


def test_async_time_limit(engine):
    out = run(engine, "Promise.resolve().then(() => { while (true) {} });")
    assert out.error is not None and out.error.kind == "timeout"
    assert results(run(engine, "pm.test('alive', () => {})")) == {"alive": (True, None)}


# NB: the older `quickjs` 1.19.4 wheel segfaulted on some bomb shapes (`a.push('x'.repeat(1000) +
# a.length)`, `a.push(new Array(1000).fill(n))`); QuickJS-NG stops them, and
# tests/scripting/test_script_sandbox.py runs exactly those shapes through the whole runner.
@pytest.fixture(scope="module", params=BACKENDS)
def mem_engine(request):
    # generous time limit so that the memory limit, not the clock, stops the bomb on a busy box
    eng = get_engine(request.param, time_limit_ms=20000, memory_limit_mb=64)
    yield eng
    eng.close()


@pytest.mark.parametrize(
    "bomb",
    [
        "var a = []; while (true) { a.push({k: a.length, v: 'y'}); }",
        "pm.test('inside a test', () => { var a = []; while (true) a.push([1, 2, 3, 4, 5, 6, 7, 8]); });",
    ],
    ids=["objects", "inside-pm.test"],
)
def test_memory_limit_then_engine_still_works(mem_engine, bomb):
    out = run(mem_engine, bomb)
    assert out.error is not None and out.error.kind == "memory", out
    assert out.error.message == "script exceeded memory limit (64 MB)"
    assert out.tests == [] or not out.tests[0].passed
    again = run(mem_engine, "pm.test('alive', () => {});")
    assert again.error is None and results(again) == {"alive": (True, None)}


def test_require_refused(engine):
    out = run(engine, "const fs = require('fs');")
    assert out.error is not None
    assert out.error.message.startswith(
        "Error: require('fs'): module not available in cdp-runner's script sandbox (available: ajv, assert, atob, "
    )
    assert ", lodash, moment, " in out.error.message and "sugar" not in out.error.message
    assert out.error.line == 1


def test_no_host_access(engine):
    out = run(
        engine,
        "console.log([typeof process, typeof std, typeof os, typeof fetch, typeof XMLHttpRequest].join(','))",
    )
    assert out.console == [("log", "undefined,undefined,undefined,undefined,undefined")]


# ------------------------------------------------------------------------------------ libraries


@pytest.mark.parametrize("message", ["abc", "", "héllo wörld ✓", "x" * 200])
def test_crypto_js_matches_hashlib(engine, message):
    key = "s3cr3t-key"
    src = f"""
    const C = require('crypto-js');
    const m = {json.dumps(message)}, k = {json.dumps(key)};
    console.log(JSON.stringify({{
      md5: C.MD5(m).toString(), sha1: C.SHA1(m).toString(), sha256: C.SHA256(m).toString(),
      sha512: C.SHA512(m).toString(), hmac256: C.HmacSHA256(m, k).toString(),
      hmac1: C.HmacSHA1(m, k).toString(), hmac256b64: C.HmacSHA256(m, k).toString(C.enc.Base64),
      b64: C.enc.Base64.stringify(C.enc.Utf8.parse(m)),
      roundtrip: C.enc.Utf8.stringify(C.enc.Base64.parse(C.enc.Base64.stringify(C.enc.Utf8.parse(m)))),
      hex: C.enc.Hex.stringify(C.enc.Utf8.parse(m)),
      viaGlobal: CryptoJS.MD5(m).toString(),
    }}));
    """
    out = run(engine, src)
    assert out.error is None, out.error
    got = json.loads(out.console[0][1])
    b, kb = message.encode(), key.encode()
    assert got == {
        "md5": hashlib.md5(b).hexdigest(),
        "sha1": hashlib.sha1(b).hexdigest(),
        "sha256": hashlib.sha256(b).hexdigest(),
        "sha512": hashlib.sha512(b).hexdigest(),
        "hmac256": hmac.new(kb, b, "sha256").hexdigest(),
        "hmac1": hmac.new(kb, b, "sha1").hexdigest(),
        "hmac256b64": base64.b64encode(hmac.new(kb, b, "sha256").digest()).decode(),
        "b64": base64.b64encode(b).decode(),
        "roundtrip": message,
        "hex": b.hex(),
        "viaGlobal": hashlib.md5(b).hexdigest(),
    }


def test_hmac_long_key_and_wordarray_key(engine):
    key = "k" * 200
    out = run(
        engine,
        f"const C = require('crypto-js'); console.log(C.HmacSHA512('msg', {json.dumps(key)}).toString(),"
        " C.HmacSHA256('msg', C.enc.Hex.parse('00ff10')).toString())",
    )
    a, b = out.console[0][1].split()
    assert a == hmac.new(key.encode(), b"msg", "sha512").hexdigest()
    assert b == hmac.new(bytes.fromhex("00ff10"), b"msg", "sha256").hexdigest()


def test_uuid_atob_btoa(engine):
    out = run(engine, "const {v4} = require('uuid'); console.log(v4(), v4(), btoa('hello'), atob('aGVsbG8='))")
    u1, u2, b64, plain = out.console[0][1].split()
    assert uuid.UUID(u1).version == 4 and uuid.UUID(u2).version == 4 and u1 != u2
    assert b64 == "aGVsbG8=" and plain == "hello"


# ------------------------------------------------------------------------------------ flow control


def test_set_next_request_and_skip(engine):
    out = run(engine, "postman.setNextRequest('Login');")
    assert (out.next_request, out.next_request_set) == ("Login", True)
    out = run(engine, "pm.execution.setNextRequest(null);")
    assert (out.next_request, out.next_request_set) == (None, True)
    out = run(engine, "pm.environment.set('a', 1);")
    assert (out.next_request, out.next_request_set, out.skip_request) == (None, False, False)
    out = run(engine, "pm.execution.skipRequest();", make_context(event="prerequest", response=False))
    assert out.skip_request is True


def test_send_request_hook():
    calls = []

    def send(req):
        calls.append(req)
        return {"code": 201, "status": "Created", "headers": [["X-A", "1"]], "body": '{"ok": true}', "responseTime": 1, "responseSize": 12}

    eng = get_engine("quickjs", send_request=send)
    out = eng.run(
        Script(
            "pm.sendRequest({url: 'https://x.test/a', method: 'post', header: {'X-K': 'v'}, body: {mode: 'raw', raw: 'hi'}},"
            " (err, res) => { pm.environment.set('got', res.json().ok); pm.test('cb', () => pm.expect(res.code).to.equal(201)); });",
            "s",
        ),
        make_context(),
    )
    assert out.error is None
    assert calls == [{"url": "https://x.test/a", "method": "POST", "headers": [["X-K", "v"]], "body": "hi"}]
    assert VariableOp("environment", "set", "got", True) in out.variable_ops
    assert results(out) == {"cb": (True, None)}
    no_hook = get_engine("quickjs").run(Script("pm.sendRequest('https://x', (err) => console.log(String(err)))", "s"), make_context())
    assert "no send_request hook" in no_hook.console[0][1]


def test_compiled_once_per_source(engine):
    src = "pm.environment.set('n', (pm.environment.get('n') || 0) + 1);"
    for _ in range(3):
        out = run(engine, src)
        assert out.variable_ops == [VariableOp("environment", "set", "n", 1)]
    if engine.name == "quickjs":
        assert sum(1 for s in engine._ctx().compiled if s == src) == 1
    else:
        assert sum(1 for s in engine._compiled if s == src) == 1


def test_state_does_not_leak_between_runs(engine):
    run(engine, "pm.environment.set('leak', 'x'); pm.test('a', () => {});")
    out = run(engine, "console.log(String(pm.environment.get('leak')));")
    assert out.console == [("log", "undefined")] and out.tests == []


def test_cookies_come_from_the_response(engine):
    ctx = make_context()
    ctx["response"]["headers"] += [["Set-Cookie", "session=abc123; Path=/; HttpOnly"], ["set-cookie", "lang=en"]]
    out = run(engine, """
        pm.test('pm.cookies', function () {
            pm.expect(pm.cookies.get('session')).to.equal('abc123');
            pm.expect(pm.cookies.has('lang')).to.be.true;
            pm.expect(pm.cookies.has('nope')).to.be.false;
            pm.expect(pm.cookies.toObject()).to.eql({session: 'abc123', lang: 'en'});
            pm.expect(pm.response.cookies.get('lang')).to.equal('en');
        });
    """, ctx)
    assert out.error is None and [(t.name, t.passed, t.message) for t in out.tests] == [("pm.cookies", True, None)]
    before = run(engine, "pm.test('none yet', function () { pm.expect(pm.cookies.toObject()).to.eql({}); });",
                 make_context(event="prerequest", response=False))
    assert [t.passed for t in before.tests] == [True]

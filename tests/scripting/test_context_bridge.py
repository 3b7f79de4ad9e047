"""What crosses into the engine per run: variable scopes only when they changed, legacy parameters
only for scripts that name them, pm.request built on use -- and scripts see the same either way."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from script_helpers import BACKENDS, all_pass, context, engine, run  # noqa: F401  (engine: fixture)

from runner.scripting import get_engine
from runner.scripting._context import ALL_LEGACY, LEGACY_PARAMS, _names_param, context_json, legacy_uses


def bit(*names: str) -> int:
    return sum(1 << LEGACY_PARAMS.index(n) for n in names)


@pytest.mark.parametrize(("source", "uses"), [
    ("pm.environment.set('a', 1); pm.request.url; pm.response.json().data", 0),
    ("pm . request;\nx?.request; pm.sendRequest('u'); pm.iterationData.get('data_x')", 0),
    ("tests['ok'] = responseCode.code === 200 && responseBody !== ''", bit("responseCode", "responseBody")),
    ("var h = responseHeaders; f(...request); globals.x", bit("responseHeaders", "request", "globals")),
    ("var e = {environment}; console.log(data, responseTime)", bit("environment", "data", "responseTime")),
    ("if (iteration > 0) pm.iterationData.get('x')", bit("iteration")),
    ("log(responseCookies)", bit("responseCookies")),
    ("var requests = 1; my_environment = 2; $data = 3; data2 = 4", 0),
    ("eval('environment')", ALL_LEGACY),
    ("arguments[4]", ALL_LEGACY),
    ("env\\u0069ronment.x", ALL_LEGACY),
    ("(function f() { return f.caller; })()", ALL_LEGACY),
])
def test_legacy_uses_counts_every_way_to_name_a_parameter(source: str, uses: int) -> None:
    assert legacy_uses(source) == uses


def _names_param_by_hand(source: str, start: int, end: int) -> bool:
    """The rule, step by step: no identifier character either side; before it, past spaces, no single dot."""
    ident = re.compile(r"[\w$]")
    if (start and ident.match(source, start - 1)) or ident.match(source, end):
        return False
    i = start - 1
    while i >= 0 and source[i].isspace():
        i -= 1
    return not (i >= 0 and source[i] == "." and source[max(i - 2, 0):i + 1] != "...")


@settings(max_examples=3000, deadline=None)
@given(before=st.lists(st.sampled_from(["pm", ".", "..", "...", " ", "\n", "x", "$", "_", "(", "é"]), max_size=5),
       after=st.sampled_from(["", ".get", "x", "$", " ", "(", "1"]))
def test_names_param_follows_its_rule(before: list[str], after: str) -> None:
    source = "".join(before) + "environment" + after
    start = len(source) - len(after) - len("environment")
    assert _names_param(source, start, start + len("environment")) == _names_param_by_hand(
        source, start, start + len("environment"))


def test_context_json_sends_only_the_scopes_that_changed() -> None:
    held: dict[str, str] = {}
    ctx = {"variables": {"globals": {}, "environment": {"n": 1}}, "info": {"iteration": 2}}
    (scopes, rest, req, resp, body, replay), sent = context_json(ctx, False, held)
    assert set(sent) == {"globals", "collection", "environment", "data", "local"}
    assert json.loads(scopes) == {"globals": {}, "collection": None, "environment": {"n": 1}, "data": None,
                                  "local": None}
    assert (json.loads(rest), req, resp, body, replay) == ({"info": {"iteration": 2}}, "null", "null", None, False)
    held.update(sent)
    (scopes, *_), sent = context_json(ctx, True, held)
    assert (scopes, sent) == ("", {})
    # 1 == True in Python: the JSON text tells them apart
    (scopes, *_), sent = context_json({"variables": {"globals": {}, "environment": {"n": True}}}, False, held)
    assert sent == {"environment": '{"n":true}'} and json.loads(scopes) == {"environment": {"n": True}}
    # the request and the response go apart, each parsed by pm.js only when a script reads it
    (_, rest, req, resp, body, _), _ = context_json({"request": {"url": "u"}, "response": None, "event": "test"}, False,
                                                    {})
    assert (json.loads(rest), json.loads(req), resp, body) == ({"event": "test"}, {"url": "u"}, "null", None)
    # a response's body crosses as its own text, unless only a JSON escape can carry it (a lone surrogate)
    (_, _, _, resp, body, _), _ = context_json({"response": {"code": 200, "body": '{"a": "\u00e9"}'}}, False, {})
    assert (json.loads(resp), body) == ({"code": 200, "body": None}, '{"a": "\u00e9"}')
    (_, _, _, resp, body, _), _ = context_json({"response": {"code": 200, "body": "x\ud800"}}, False, {})
    assert (json.loads(resp)["body"], body) == ("x\ud800", None)


def test_scripts_see_each_runs_variables_as_the_host_sends_them(engine) -> None:  # noqa: F811
    ctx = context("prerequest")
    check = ("pm.test('v', function () { pm.expect(pm.environment.get('n')).to.eql(%s); "
             "pm.expect(pm.globals.has('g')).to.equal(%s); });")
    for value, has_g in (("1", "true"), ("1", "true"), ("true", "true"), ("1.5", "false"), ('{"a": [1]}', "false")):
        ctx["variables"]["environment"] = {"n": json.loads(value)}
        ctx["variables"]["globals"] = {"g": "G"} if has_g == "true" else {}
        all_pass(engine, check % (value, has_g), ctx, 1)


def test_a_script_changing_its_variables_leaves_the_next_runs_as_sent(engine) -> None:  # noqa: F811
    ctx = context("prerequest")
    ctx["variables"]["environment"] = {"obj": {"a": [1]}, "s": "x", "__proto__": "p"}
    out = run(engine, "var o = pm.environment.get('obj'); o.a.push(2); o.b = 1; pm.environment.unset('s');"
                      "pm.environment.set('t', 1); pm.variables.set('l', 2); pm.environment.clear();", ctx)
    assert out.error is None and [op.op for op in out.variable_ops] == ["unset", "set", "set", "clear"]
    all_pass(engine, "pm.test('same', function () { pm.expect(pm.environment.toObject()).to.eql("
                     "JSON.parse('{\"obj\": {\"a\": [1]}, \"s\": \"x\", \"__proto__\": \"p\"}')); "
                     "pm.expect(pm.variables.has('l')).to.be.false; });", ctx, 1)
    ctx["variables"]["environment"] = {"s": "x", "__proto__": "p"}  # no object value: copied another way
    out = run(engine, "pm.environment.set('s', 'y'); pm.environment.unset('__proto__');", ctx)
    assert out.error is None
    all_pass(engine, "pm.test('same', function () { pm.expect(pm.environment.get('s')).to.equal('x');"
                     "pm.expect(pm.environment.get('__proto__')).to.equal('p');"
                     "pm.expect(Object.getPrototypeOf(pm.environment.toObject())).to.equal(Object.prototype); });", ctx, 1)


def test_legacy_parameters_and_pm_request_when_named(engine) -> None:  # noqa: F811
    ctx = context("test", body='{"ok": 1}')
    ctx["info"]["iteration"] = 3
    all_pass(engine, "tests['it'] = iteration === 3 && pm.info.iteration === 3 && pm.execution.location[0] === 'req';",
             ctx, 1)
    all_pass(engine, "tests['body'] = responseBody === '{\"ok\": 1}'; tests['code'] = responseCode.code === 200;"
                     "tests['env'] = environment.e === 'E' && globals.g === 'G';"
                     "tests['req'] = request.url === 'http://127.0.0.1:9/get?a=1' && request.headers.Accept === '*/*';"
                     "tests['hdr'] = responseHeaders['Content-Type'] === 'application/json';"
                     "tests['ck'] = Array.isArray(responseCookies);", ctx, 6)
    # a script that names `arguments` gets every parameter built
    all_pass(engine, "tests['all'] = arguments[8] === '{\"ok\": 1}' && arguments[12].method === 'GET';", ctx, 1)
    out = run(engine, "pm.request.headers.add({key: 'X', value: '1'})", context("prerequest"))
    assert out.error is None and out.request is not None and ["X", "1"] in out.request["headers"]
    out = run(engine, "var u = pm.request.url.toString()", context("prerequest"))
    assert out.error is None and out.request is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_context_started_afresh_gets_every_scope_again(backend: str) -> None:
    eng = get_engine(backend, time_limit_ms=300)
    try:
        ctx = context("prerequest")
        ctx["variables"]["environment"] = {"n": 7}
        check = "pm.test('n', function () { pm.expect(pm.environment.get('n')).to.equal(7); });"
        all_pass(eng, check, ctx, 1)
        assert run(eng, "while (true) {}", ctx).error.kind == "timeout"  # the engine drops that context
        all_pass(eng, check, ctx, 1)
    finally:
        eng.close()


@pytest.mark.parametrize("body", ['{"s": "caf\u00e9 \ud83d\ude00", "n": [1, 2]}', "lone \udc00 surrogate", "", None])
def test_the_response_body_reads_the_same_however_it_crosses(engine, body) -> None:  # noqa: F811
    ctx = context("test", body="")
    ctx["response"]["body"] = body
    expected = json.dumps("" if body is None else body)
    all_pass(engine, "pm.test('b', function () { pm.expect(pm.response.text()).to.equal(%s);"
                     "pm.expect(responseBody).to.equal(%s); });" % (expected, expected), ctx, 1)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("tamper", ["Object.prototype.toJSON = function () { return 5; };",
                                    "Array.prototype.map = function () { return []; };"])
def test_a_script_breaking_how_requests_serialise_fails_and_the_next_gets_a_fresh_context(backend: str,
                                                                                          tamper: str) -> None:
    eng = get_engine(backend)
    try:
        ctx = context("prerequest")
        out = run(eng, tamper + " pm.test('t', function () {});", ctx)
        assert out.error is not None and "broke the script harness" in out.error.message
        out = run(eng, "pm.request.headers.add({key: 'X', value: '1'});"
                       "pm.test('clean', function () { pm.expect([1].map(String)).to.eql(['1']); });", ctx)
        assert out.error is None and [(t.name, t.passed) for t in out.tests] == [("clean", True)]
        assert out.request is not None and out.request["headers"] == [["Accept", "*/*"], ["X", "1"]]
    finally:
        eng.close()

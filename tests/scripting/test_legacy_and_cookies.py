"""Script-side Postman behaviours: live legacy `environment`/`globals`, postman.set* storing strings,
response `.stream`, postman.getResponseCookie, pm.cookies and pm.cookies.jar()."""

from __future__ import annotations

import json

from script_helpers import all_pass, context, engine, outcomes, run  # noqa: F401 (fixture)

from runner.scripting import get_engine


def test_legacy_objects_stay_live(engine) -> None:
    src = """
        postman.setEnvironmentVariable('e2', 'v');
        postman.setGlobalVariable('g2', 'w');
        tests['environment updated'] = environment.e2 === 'v';
        tests['globals updated'] = globals.g2 === 'w';
        postman.clearEnvironmentVariable('e');
        tests['environment cleared'] = !('e' in environment);
        postman.clearGlobalVariables();
        tests['globals cleared'] = Object.keys(globals).length === 0;
        pm.environment.set('other', 'x');
        tests['pm.environment.set leaves the legacy object alone'] = environment.other === undefined;
    """
    all_pass(engine, src, context("test"), expected_names=5)


def test_legacy_set_stores_strings(engine) -> None:
    """As in Postman: a value's string form, except falsy values (0, false, null) kept as they are."""
    src = """
        postman.setEnvironmentVariable('one', 1);
        postman.setEnvironmentVariable('zero', 0);
        postman.setEnvironmentVariable('t', true);
        postman.setEnvironmentVariable('f', false);
        postman.setEnvironmentVariable('o', {a: 1});
        postman.setEnvironmentVariable('n', null);
        postman.setGlobalVariable('g', 2.5);
        tests['one'] = postman.getEnvironmentVariable('one') === '1';
        tests['zero stays 0'] = postman.getEnvironmentVariable('zero') === 0;
        tests['false stays false'] = postman.getEnvironmentVariable('f') === false;
        tests['legacy object sees the string'] = environment.one === '1';
    """
    out = run(engine, src, context("prerequest"))
    assert out.error is None and all(t.passed for t in out.tests), outcomes(out)
    ops = {(op.scope, op.name): op.value for op in out.variable_ops}
    assert ops == {("environment", "one"): "1", ("environment", "zero"): 0, ("environment", "t"): "true",
                   ("environment", "f"): False, ("environment", "o"): "[object Object]",
                   ("environment", "n"): None, ("globals", "g"): "2.5"}


def test_response_stream(engine) -> None:
    src = """
        pm.test('stream is a Buffer of the body', function () {
            pm.expect(pm.response.stream.toString()).to.eql(pm.response.text());
            pm.expect(JSON.parse(pm.response.stream.toString('utf8')).url).to.eql('http://x/get');
            pm.expect(pm.response.stream.length).to.eql(pm.response.text().length);
        });
    """
    all_pass(engine, src, context("test"), expected_names=1)


def test_send_request_response_has_stream() -> None:
    sent = []

    def send(request: dict) -> dict:
        sent.append(request)
        body = json.dumps({"args": {"k": "v"}})
        return {"code": 200, "status": "OK", "headers": [["Content-Type", "application/json"]], "body": body,
                "responseTime": 1, "responseSize": len(body)}

    eng = get_engine("quickjs", send_request=send)
    src = """
        pm.sendRequest('http://127.0.0.1:9/get?k=v', function (err, res) {
            pm.test('res.stream', function () { pm.expect(JSON.parse(res.stream.toString()).args.k).to.equal('v'); });
        });
    """
    all_pass(eng, src, context("test"), expected_names=1)
    assert len(sent) == 1


COOKIE_HEADERS = [["Content-Type", "text/plain"], ["Set-Cookie", "sid=abc123; Path=/; HttpOnly"],
                  ["Set-Cookie", "theme=dark; Domain=example.com; Secure"]]


def test_get_response_cookie_and_pm_cookies(engine) -> None:
    src = """
        var c = postman.getResponseCookie('sid');
        tests['getResponseCookie'] = c.name === 'sid' && c.value === 'abc123' && c.path === '/' && c.httpOnly === true;
        tests['unknown cookie'] = postman.getResponseCookie('nope') === undefined;
        tests['pm.cookies'] = pm.cookies.get('theme') === 'dark' && pm.cookies.has('sid') && pm.cookies.count() === 2;
        tests['toObject'] = JSON.stringify(pm.cookies.toObject()) === '{"sid":"abc123","theme":"dark"}';
        tests['pm.response.cookies'] = pm.response.cookies.one('theme').secure === true;
        tests['legacy responseCookies'] = responseCookies.length === 2 && responseCookies[1].name === 'theme' && responseCookies[1].domain === 'example.com';
        tests['jar-like defaults'] = JSON.stringify(responseCookies[0]) === JSON.stringify({name: 'sid', value: 'abc123', domain: '127.0.0.1',
            path: '/', expires: null, hostOnly: true, httpOnly: true, secure: false});
    """
    all_pass(engine, src, context("test", body="x", headers=COOKIE_HEADERS), expected_names=7)


def test_cookies_from_the_host_jar(engine) -> None:
    """When the run passes the jar's cookies for the request URL, pm.cookies shows those."""
    ctx = context("test", body="x", headers=COOKIE_HEADERS)
    ctx["cookies"] = [{"name": "carried", "value": "1", "domain": "127.0.0.1", "path": "/"}]
    src = "tests['jar cookies'] = pm.cookies.get('carried') === '1' && pm.cookies.get('sid') === undefined;"
    all_pass(engine, src, ctx, expected_names=1)


def test_cookie_jar_api(engine) -> None:
    ctx = context("prerequest")
    ctx["cookieJar"] = [{"name": "a", "value": "1", "domain": "example.com", "path": "/"},
                        {"name": "b", "value": "2", "domain": "other.org", "path": "/"}]
    src = """
        var jar = pm.cookies.jar();
        jar.get('https://api.example.com/x', 'a', function (err, value) {
            pm.test('get (subdomain matches)', function () { pm.expect([err, value]).to.eql([null, '1']); });
        });
        jar.getAll('https://example.com/', function (err, list) {
            pm.test('getAll', function () { pm.expect(list.map(function (c) { return c.name; })).to.eql(['a']); });
        });
        jar.set('https://example.com/', 'c', '3', function (err, cookie) {
            pm.test('set', function () { pm.expect([err, cookie.name, cookie.value, cookie.domain]).to.eql([null, 'c', '3', 'example.com']); });
            jar.get('https://example.com/', 'c', function (e, v) { pm.test('get after set', function () { pm.expect(v).to.eql('3'); }); });
            jar.unset('https://example.com/', 'a', function () {
                jar.get('https://example.com/', 'a', function (e, v) { pm.test('unset', function () { pm.expect(v).to.eql(undefined); }); });
                jar.clear('https://other.org/', function () { pm.test('clear', function () {}); });
            });
        });
    """
    out = run(engine, src, ctx)
    assert out.error is None
    assert outcomes(out) == {name: (True, None) for name in
                             ("get (subdomain matches)", "getAll", "set", "get after set", "unset", "clear")}
    assert out.cookie_ops == [("set", "https://example.com/", "c", "3"), ("unset", "https://example.com/", "a", None),
                              ("clear", "https://other.org/", None, None)]



def test_legacy_request_description(engine) -> None:
    """The legacy `request` object carries the request's description when the run passes it."""
    ctx = context("test")
    ctx["request"]["description"] = "testDesc"
    all_pass(engine, "tests['described'] = request.name === 'req' && request.description === 'testDesc';", ctx, expected_names=1)

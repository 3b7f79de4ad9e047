"""pm.response as Newman 6 shows it: a repeated header reads its last value, jsonSchema on a body that is
not JSON fails, and a request that got no response gives its test scripts an empty pm.response."""

from __future__ import annotations

from script_helpers import all_pass, context, engine, outcomes, run  # noqa: F401  (engine is a fixture)

REPEATED = [["Content-Type", "application/json"], ["X-A", "1"], ["x-a", "2"]]


def test_a_repeated_header_reads_its_last_value(engine):  # noqa: F811
    ctx = context("test", headers=REPEATED)
    ctx["request"]["headers"] = [["X-Q", "a"], ["X-Q", "b"]]
    all_pass(engine, """
        pm.test('get', () => pm.expect(pm.response.headers.get('X-A')).to.equal('2'));
        pm.test('one', () => pm.expect(pm.response.headers.one('x-A').value).to.equal('2'));
        pm.test('has any value', () => pm.expect(pm.response.headers.has('X-A', '1')).to.equal(true));
        pm.test('to.have.header', () => pm.response.to.have.header('X-A', '2'));
        pm.test('getResponseHeader', () => pm.expect(postman.getResponseHeader('x-a')).to.equal('2'));
        pm.test('responseHeaders', () => pm.expect(responseHeaders['x-a']).to.equal('2'));
        pm.test('toObject', () => pm.expect(pm.response.headers.toObject()['x-a']).to.eql(['1', '2']));
        pm.test('toObject case', () => pm.expect(pm.response.headers.toObject(false, true)['x-a']).to.equal('2'));
        pm.test('request get', () => pm.expect(pm.request.headers.get('x-q')).to.equal('b'));
        pm.test('request to.have.header', () => pm.request.to.have.header('X-Q', 'b'));
        pm.request.headers.upsert({key: 'X-Q', value: 'c'});
        pm.test('upsert the last', () => pm.expect(pm.request.headers.all().map(h => h.value)).to.eql(['a', 'c']));
    """, ctx, expected_names=11)
    failed = outcomes(run(engine, "pm.test('first', () => pm.response.to.have.header('X-A', '1'));", ctx))
    assert failed == {"first": (False, "expected 'X-A' response header to be '1' but got '2'")}


def test_json_schema_on_a_body_that_is_not_json_fails(engine):  # noqa: F811
    ctx = context("test", body="<html>hi</html>")
    got = outcomes(run(engine, """
        pm.test('any', () => pm.response.to.have.jsonSchema({}));
        pm.test('string', () => pm.response.to.have.jsonSchema({type: 'string'}));
        pm.test('not object', () => pm.response.to.not.have.jsonSchema({type: 'object'}));
        pm.test('text', () => pm.expect(pm.response.text()).to.have.jsonSchema({type: 'string'}));
    """, ctx))
    assert [name for name, (passed, _) in got.items() if not passed] == ["any", "string", "not object"]
    assert got["any"][1].startswith("Unexpected token '<' at 1:1")
    all_pass(engine, "pm.test('json', () => pm.response.to.have.jsonSchema({type: 'object'}));", context("test"))


def test_a_request_without_a_response_gives_its_tests_an_empty_response(engine):  # noqa: F811
    ctx = context("test")
    ctx["response"] = {"code": None, "status": None, "headers": [], "body": None, "responseTime": None,
                       "responseSize": None}
    all_pass(engine, """
        pm.test('fields', () => {
            pm.expect([pm.response.code, pm.response.status, pm.response.responseTime, pm.response.responseSize])
                .to.eql([undefined, undefined, undefined, undefined]);
            pm.expect(pm.response.headers.count()).to.equal(0);
            pm.expect(pm.response.text()).to.equal(undefined);
            pm.expect(() => pm.response.json()).to.throw('"undefined" is not valid JSON');
        });
        pm.test('legacy', () => {
            pm.expect(responseBody).to.equal(undefined);
            pm.expect(typeof responseCode).to.equal('object');
            pm.expect(responseCode.code).to.equal(undefined);
            pm.expect(responseHeaders).to.eql({});
            pm.expect(responseTime).to.equal(undefined);
        });
    """, ctx, expected_names=2)
    got = outcomes(run(engine, "pm.test('status', () => pm.response.to.have.status(200));", ctx))
    assert got["status"][0] is False

"""Host calls: work the sandbox hands to Python (JSON Schema, XML, HTML, CSV). A call whose answer
is new stops the script, Python answers, and the script runs again from the start; what the
script did before (console, variables, pm.sendRequest) must show exactly once."""

from __future__ import annotations

import pytest
from script_helpers import all_pass, context, engine, outcomes, run  # noqa: F401 (fixture)

from runner.scripting import bridge_xml, get_engine

BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>')
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'


@pytest.mark.parametrize("text", [BOMB, EXTERNAL])
def test_xml_entity_declarations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="entity declarations are not allowed"):
        bridge_xml.parse({"text": text})


def test_xml_errors_reach_the_script(engine) -> None:
    src = f"""
        require('xml2js').parseString({BOMB!r}, function (err, result) {{
            pm.test('refused', function () {{ pm.expect(err.message).to.include('entity declarations are not allowed'); }});
            pm.test('no result', function () {{ pm.expect(result).to.eql(undefined); }});
        }});
        pm.test('xml2Json of a non-XML body', function () {{ pm.expect(xml2Json('not xml')).to.eql(undefined); }});
    """
    all_pass(engine, src, context("test"), expected_names=3)


def test_bridge_error_is_a_catchable_error(engine) -> None:
    src = """
        var Ajv = require('ajv');
        try { new Ajv().validate({type: 'no-such-type'}, 1); tests['threw'] = false; }
        catch (e) { tests['threw'] = /schema is invalid/.test(e.message); }
    """
    all_pass(engine, src, context("test"), expected_names=1)


def test_effects_before_a_host_call_happen_once(engine) -> None:
    src = """
        console.log('before');
        pm.environment.set('n', 1);
        var ok = tv4.validate({a: 1}, {type: 'object'});
        console.log('after', ok);
        pm.test('validated', function () { pm.expect(ok).to.be.true; });
    """
    out = run(engine, src, context("test"))
    assert out.error is None and outcomes(out) == {"validated": (True, None)}
    assert out.console == [("log", "before"), ("log", "after true")]
    assert [(op.name, op.value) for op in out.variable_ops] == [("n", 1)]


def test_send_request_is_not_repeated_when_a_callback_makes_a_host_call() -> None:
    sent = []

    def send(request: dict) -> dict:
        sent.append(request["url"])
        body = "<r><v>%d</v></r>" % len(sent)
        return {"code": 200, "status": "OK", "headers": [], "body": body, "responseTime": 1, "responseSize": len(body)}

    eng = get_engine("quickjs", send_request=send)
    src = """
        pm.sendRequest('http://127.0.0.1:9/a', function (err, res) {
            var first = xml2Json(res.text()).r.v;
            pm.sendRequest('http://127.0.0.1:9/b', function (err2, res2) {
                pm.test('both parsed', function () { pm.expect([first, xml2Json(res2.text()).r.v]).to.eql(['1', '2']); });
            });
        });
    """
    all_pass(eng, src, context("test"), expected_names=1)
    assert sent == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]


def test_many_distinct_host_calls_in_a_loop(engine) -> None:
    src = """
        var schema = {type: 'object', properties: {n: {type: 'integer', maximum: 150}}};
        var bad = 0;
        for (var i = 0; i < 200; i++) if (!tv4.validate({n: i}, schema)) bad++;
        pm.test('counted', function () { pm.expect(bad).to.eql(49); });
    """
    all_pass(engine, src, context("test"), expected_names=1)


def test_time_limit_holds_across_runs() -> None:
    eng = get_engine("quickjs", time_limit_ms=300)
    src = """
        var t = Date.now(); while (Date.now() - t < 40) {}
        for (var i = 0; i < 50; i++) tv4.validate({n: i}, {type: 'object'});
    """
    out = run(eng, src, context("test"))
    assert out.error is not None and out.error.kind == "timeout", out


def test_csv_and_html_bridges(engine) -> None:
    src = """
        var rows = require('csv-parse/lib/sync')('\\x22a \\x22\\x22q\\x22\\x22\\x22,b\\r\\n1,2', {columns: true});
        pm.test('csv quotes', function () { pm.expect(rows).to.eql([{'a "q"': '1', b: '2'}]); });
        var $ = cheerio.load('<div><p class="x">1</p><p>2</p></div>');
        pm.test('css selector', function () { pm.expect($('div > p:not(.x)').text()).to.eql('2'); });
        pm.test('bad selector', function () { pm.expect(function () { $('p[').length; }).to.throw(/invalid CSS selector/); });
    """
    all_pass(engine, src, context("prerequest"), expected_names=3)


def test_answers_do_not_leak_between_scripts(engine) -> None:
    """A fresh run asks again (answers are cached per script run only)."""
    src = "pm.test('v', function () { pm.expect(tv4.validate(pm.variables.get('x'), {type: 'string'})).to.eql(pm.variables.get('want')); });"
    for value, want in (("s", True), (1, False)):
        ctx = context("test")
        ctx["variables"]["local"] = {"x": value, "want": want}
        all_pass(engine, src, ctx, expected_names=1)


def test_random_and_clock_values_are_the_same_in_every_run(engine) -> None:
    """Values drawn before a host call are drawn again when the script runs again: the second run
    must ask the same question (else it would never get its answer)."""
    src = """
        var id = Math.random().toString(36).slice(2), stamp = new Date().toISOString(), t = Date.now();
        console.log(id);
        var ok = tv4.validate({id: id, at: stamp, t: t}, {type: 'object'});
        var doc = xml2Json('<r><id>' + id + '</id><n>' + Date.now() + '</n></r>');
        pm.test('random data in host calls', function () { pm.expect([ok, doc.r.id]).to.eql([true, id]); });
        pm.test('Date still behaves', function () {
            pm.expect([new Date(2020, 0, 2).getDate(), new Date(0).toISOString(), typeof Date(), new Date() instanceof Date,
                       new Date().constructor === Date, Object.prototype.toString.call(new Date())])
                .to.eql([2, '1970-01-01T00:00:00.000Z', 'string', true, true, '[object Date]']);
        });
    """
    out = run(engine, src, context("test"))
    assert out.error is None and all(t.passed for t in out.tests), outcomes(out)
    assert len(out.console) == 1

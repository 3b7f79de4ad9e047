"""Each run of a script starts from a clean state: nothing an earlier script left in the harness's
per-run state (tests, console lines, variable changes, setNextRequest, skipRequest, a changed request,
cookie changes, pm.response, the context) reaches the next one."""

from __future__ import annotations

from script_helpers import context, engine, run  # noqa: F401  (engine: fixture)

BUSY = """
pm.test('one', function () { pm.expect(1).to.equal(1); });
tests['legacy'] = true;
console.log('hello');
pm.environment.set('e', 'changed');
pm.variables.set('local', 1);
pm.execution.setNextRequest('other');
pm.execution.skipRequest();
pm.request.headers.add({key: 'X-Added', value: '1'});
pm.request.url = 'http://127.0.0.1:9/changed';
pm.cookies.jar().set('http://127.0.0.1:9', 'c', 'v', function () {});
setTimeout(function () { console.log('later'); }, 5);
pm.response.json();
"""

QUIET = """
pm.test('env', function () { pm.expect(pm.environment.get('e')).to.equal('E'); });
pm.test('local', function () { pm.expect(pm.variables.get('local')).to.equal(undefined); });
pm.test('body', function () { pm.expect(pm.response.json().items).to.eql([7]); });
pm.test('request', function () { pm.expect(pm.request.url.toString()).to.equal('http://127.0.0.1:9/get?a=1'); });
pm.test('info', function () { pm.expect(pm.info.eventName).to.equal('test'); });
"""


def test_a_run_starts_from_a_clean_state(engine) -> None:  # noqa: F811
    busy = run(engine, BUSY, context("test"))
    assert busy.error is None, busy.error
    assert busy.next_request_set and busy.skip_request and busy.request is not None and busy.console
    assert busy.variable_ops and busy.cookie_ops and len(busy.tests) == 2
    quiet = run(engine, QUIET, context("test", body='{"items": [7]}'))
    assert quiet.error is None, quiet.error
    assert [(t.name, t.passed, t.message) for t in quiet.tests] == [
        ("env", True, None), ("local", True, None), ("body", True, None), ("request", True, None), ("info", True, None)]
    assert (quiet.variable_ops, quiet.console, quiet.cookie_ops) == ([], [], [])
    assert (quiet.next_request_set, quiet.next_request, quiet.skip_request, quiet.request) == (False, None, False, None)

"""A response never crashes a run (an unknown charset decodes with a fallback, JSON nested too deep
is "not JSON" with a reason), and test scripts see the request as it was sent (auth's headers, Host)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from wire_server import postman, wire_server, write

from runner.core.engine import Run
from runner.load import load_collection
from runner.model.options import RunOptions
from runner.model.response import Response


def test_an_unknown_charset_decodes_as_utf8() -> None:
    response = Response(200, "OK", httpx.Headers({"Content-Type": "text/plain; charset=foo"}), "café".encode(), 1.0)
    assert response.text == "café"


def test_json_nested_too_deep_is_not_json_with_a_reason() -> None:
    n = 100_000
    response = Response(200, "OK", httpx.Headers({"Content-Type": "application/json"}), b"[" * n + b"]" * n, 1.0)
    problem = response.json_or_error()
    assert isinstance(problem, Exception)
    assert "nested too deeply" in str(problem)


def test_such_responses_fail_checks_not_the_run(tmp_path: Path) -> None:
    with wire_server() as server:
        path = tmp_path / "n.json"
        path.write_text(json.dumps({"name": "n", "items": [
            {"name": "charset", "request": {"method": "GET", "url": f"{server.url}/charset?c=foo"},
             "assert": [{"status": 200}, {"that": "body", "contains": "café"}]},
            {"name": "deep", "request": {"method": "GET", "url": f"{server.url}/deep?n=100000"},
             "assert": [{"that": "$.x", "exists": True}]},
        ]}))
        charset, deep = list(Run(load_collection(path), None, RunOptions()))
    assert charset.error is None and all(a.passed for a in charset.assertions)
    assert deep.error is None
    assert [a.passed for a in deep.assertions] == [False]
    assert "nested too deeply" in (deep.assertions[0].message or "")


def test_test_scripts_see_the_request_as_sent(tmp_path: Path) -> None:
    checks = [
        "pm.test('auth', () => pm.request.to.have.header('Authorization', 'Basic dTpwdw=='));",
        "pm.test('host', () => pm.expect(pm.request.headers.get('Host')).to.match(/^127\\.0\\.0\\.1:\\d+$/));",
        "pm.test('resolved url', () => pm.expect(pm.request.url.toString()).to.include('/v/abc'));",
    ]
    with wire_server() as server:
        doc = postman([{"name": "r", "request": {
            "method": "GET", "url": f"{server.url}/v/{{{{id}}}}",
            "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "pw"}]}},
            "event": [{"listen": "test", "script": {"exec": checks}}]}], variable=[{"key": "id", "value": "abc"}])
        [ex] = list(Run(load_collection(write(tmp_path, doc)), None, RunOptions()))
    assert [(a.name, a.passed, a.message) for a in ex.assertions] == [
        ("auth", True, None), ("host", True, None), ("resolved url", True, None)]
    assert dict(ex.request.headers)["Authorization"] == "*****"  # reports still mask it

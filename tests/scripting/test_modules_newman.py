"""The sandbox modules under Newman and under cdp-runner: one Postman collection whose scripts use
every require() module, the legacy globals and SugarJS, run by both against the same loopback
server; the assertion outcomes (item, name, passed) must be the same, and all must pass."""

from __future__ import annotations

import json
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import serving
from script_helpers import HTML, XML
from test_require_modules import CASES, PRELUDE

from runner.cli import main

EXTRA: dict[str, str] = {
    "legacy globals": """
        postman.setEnvironmentVariable('one', 1);
        tests['environment is live'] = environment.one === '1';
        postman.setGlobalVariable('g', true);
        tests['globals is live'] = globals.g === 'true';
        tests['xml2Json of the body'] = xml2Json(responseBody) === undefined || typeof xml2Json(responseBody) === 'object';
        tests['tv4 global'] = tv4.validate({a: 1}, {type: 'object'});
        tests['cheerio is a function'] = typeof cheerio === 'function';
        tests['_ global'] = _.isArray([]);
    """,
    "sugar": """
        eq('camelize', ['a_b'.camelize(), 'hello_world'.camelize(false)], ['AB', 'helloWorld']);
        eq('string helpers', ['fooBar'.underscore(), 'fooBar'.dasherize(), 'hello world'.capitalize(), '  '.isBlank()],
           ['foo_bar', 'foo-bar', 'Hello world', true]);
        eq('array helpers', [[1, 2, 2].unique(), [1, [2, [3]]].flatten(), [1, 2, 3].sum(), [1, 2, 3].first()], [[1, 2], [1, 2, 3], 6, 1]);
        eq('array matchers', [[1, 2, 3].none(4), [[1], [2]].any([2]), ['x', 'y'].all(/[a-z]/), [1, 2, 3].count(2)], [true, true, true, 1]);
        eq('number helpers', [(255).hex(), (1234.5).format(), (7).isOdd(), (11).ordinalize(), (3).pad(3)], ['ff', '1,234.5', true, '11th', '003']);
        eq('string helpers 2', ['abc'.shift(1), 'x-y_zW'.spacify(), 'Hello World'.dasherize(), 'a b'.escapeURL(true)], ['bcd', 'x y z w', 'hello-world', 'a%20b']);
        var calls = 0, once = (function () { calls++; return calls; }).once();
        once(); once();
        eq('Function#once', [calls, once()], [1, 1]);
    """,
    "json schema assertions": """
        pm.test('expect jsonSchema', function () { pm.expect({a: true}).to.be.jsonSchema({properties: {a: {type: 'boolean'}}}); });
        pm.test('expect not jsonSchema', function () { pm.expect({a: 1}).to.not.be.jsonSchema({properties: {a: {type: 'boolean'}}}); });
        pm.test('response jsonSchema', function () { pm.response.to.have.jsonSchema({required: ['path'], properties: {path: {type: 'string'}}}); });
        pm.test('failing jsonSchema', function () { pm.response.to.have.jsonSchema({required: ['missing']}); });
        pm.test('failure message', function () {
            pm.expect(function () { pm.expect({alpha: 123}).to.be.jsonSchema({properties: {alpha: {type: 'boolean'}}}); })
                .to.throw('expected data to satisfy schema but found following errors: \\ndata.alpha should be boolean');
        });
        pm.test('request and response type assertions', function () {
            pm.request.to.be.ok;
            pm.request.to.not.be.a.postmanResponse;
            pm.request.to.be.a.postmanRequestOrResponse;
            pm.response.to.be.a.postmanResponse;
            pm.response.to.not.be.a.postmanRequest;
            pm.request.to.not.have.header('Foo-Bar');
        });
    """,
    "stream": """
        pm.test('response stream', function () { pm.expect(JSON.parse(pm.response.stream.toString()).path).to.eql('/stream'); });
        pm.sendRequest(pm.request.url.toString() + '?k=v', function (err, res) {
            pm.test('sendRequest stream', function () { pm.expect(JSON.parse(res.stream.toString()).query).to.eql('k=v'); });
        });
    """,
}


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path, _, query = self.path.partition("?")
        body = json.dumps({"path": path, "query": query}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def collection(base: str) -> dict:
    items = []
    for name, script in [*sorted(CASES.items()), *EXTRA.items()]:
        source = PRELUDE + f"var HTML = {json.dumps(HTML)}, XML = {json.dumps(XML)};\n" + script
        slug = name.replace(" ", "-").replace("/", "-")
        items.append({"name": name, "request": {"method": "GET", "url": f"{base}/{'stream' if name == 'stream' else slug}"},
                      "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": source.split("\n")}}]})
    return {"info": {"name": "sandbox modules", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": items}


def newman_outcomes(newman: str, path: Path, tmp_path: Path) -> list[tuple[str, str, bool]]:
    report = tmp_path / "newman.json"
    subprocess.run([newman, "run", str(path), "-r", "json", "--reporter-json-export", str(report)],
                   capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text())
    seen, out = set(), []
    for ex in data["run"]["executions"]:
        cursor = ex.get("cursor") or {}
        key = (cursor.get("ref"), cursor.get("iteration"), cursor.get("httpRequestId"))
        if key in seen:  # Newman lists an execution once more per pm.sendRequest
            continue
        seen.add(key)
        out += [(ex["item"]["name"], a["assertion"], "error" not in a) for a in ex.get("assertions", [])]
    return out


def our_outcomes(path: Path, tmp_path: Path) -> list[tuple[str, str, bool]]:
    main(["run", str(path), "-r", "json", "--report-dir", str(tmp_path / "ours")])
    data = json.loads((tmp_path / "ours" / "report.json").read_text())
    return [(ex["name"], a["name"], a["passed"]) for ex in data["executions"] for a in ex["assertions"]]


@pytest.mark.slow
def test_modules_same_outcomes_as_newman(newman: str, tmp_path: Path) -> None:
    with serving(Echo) as server:
        path = tmp_path / "modules.postman_collection.json"
        path.write_text(json.dumps(collection(server.url)))
        theirs = newman_outcomes(newman, path, tmp_path)
        ours = our_outcomes(path, tmp_path)
    assert len(theirs) > 100, "Newman ran too few assertions for the comparison to prove much"
    failing = [o for o in theirs if not o[2]]
    assert failing == [("json schema assertions", "failing jsonSchema", False)], failing
    by_key = {(item, name): passed for item, name, passed in theirs}
    differ = [(item, name, by_key.get((item, name)), passed) for item, name, passed in ours if by_key.get((item, name)) != passed]
    assert not differ, differ
    assert sorted(ours) == sorted(theirs)

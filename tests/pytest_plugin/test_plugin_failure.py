"""How a failed request reads in pytest's output: request line, status, checks, expected and
actual (a diff for JSON), errors; no traceback and no secret."""

from __future__ import annotations

from typing import Any

import pytest
from plugin_helpers import request, run, write

from runner.sandbox import CLIENT_KEY, running

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


def test_failing_assertion_names_the_check_with_expected_and_actual(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Create", f"{api.url}/ok?client_key={CLIENT_KEY}",
                [{"status": 200}, {"that": "$.status", "equals": "DONE", "name": "status is done"}]),
        request("Next", f"{api.url}/ok"),
    ]})
    result = run(pytester, "-rf")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    result.stdout.fnmatch_lines([
        "*GET http://127.0.0.1:*/ok?client_key=*****",
        "*-> 200 OK*",
        "*FAIL  status is done",
        '*expected $.status == "DONE", got "OK"*',
        "*FAILED api.json::Create - 1 of 2 checks failed: status is done*",
    ])
    assert "Traceback" not in out and "pytest_plugin" not in out
    assert CLIENT_KEY not in out


def test_json_object_mismatch_shows_a_unified_diff(pytester: pytest.Pytester, api: Any) -> None:
    expected = {"ref": "g-1", "email": "b@example.com", "tags": ["new", "eu"]}
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", f"{api.url}/guest", [{"that": "$", "equals": expected}])]})
    result = run(pytester)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*--- expected", "*+++ actual", '*-  "email": "b@example.com",',
                                 '*+  "email": "a@example.com",'])


def test_request_error_is_a_failure_with_its_reason(pytester: pytest.Pytester, closed_port: int) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Refused", f"http://127.0.0.1:{closed_port}/x")]})
    result = run(pytester, "-rf")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*request error: *"])
    assert "Traceback" not in result.stdout.str()


def test_request_error_is_the_headline_and_its_checks_are_not_checked(
        pytester: pytest.Pytester, closed_port: int) -> None:
    # rendered from the failure's kind: no response means the checks never ran
    write(pytester, "api.json", {"name": "api", "items": [
        request("Refused", f"http://127.0.0.1:{closed_port}/x", [{"status": 200}])]})
    result = run(pytester, "-rf")
    result.stdout.fnmatch_lines(["*FAIL  status == 200 (not checked: no response)"])
    summary = next(line for line in result.stdout.lines if line.startswith("FAILED api.json::Refused"))
    assert "checks failed" not in summary and "request error" not in summary, summary


def test_postman_failing_pm_test_against_a_loopback_sandbox(pytester: pytest.Pytester) -> None:
    pytest.importorskip("runner.scripting")
    collection = {
        "info": {"name": "pm", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "Create browser",
            "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": [
                "pm.test('browser created', function () { pm.response.to.have.status(200); });",
                "pm.test('is a teapot', function () { pm.response.to.have.status(418); });",
            ]}}],
            "request": {"method": "GET", "header": [],
                        "url": "http://{{apiEndpoint}}/v1.2/browser/create.json?client_key={{clientKey}}&message={}"},
        }],
    }
    write(pytester, "pm.postman_collection.json", collection)
    with running() as base_url:
        host = base_url.split("://", 1)[1]
        write(pytester, "local.postman_environment.json", {"name": "local", "values": [
            {"key": "apiEndpoint", "value": host}, {"key": "clientKey", "value": CLIENT_KEY}]})
        result = run(pytester, "--cdp-env", "local.postman_environment.json")
        assert base_url.sandbox is not None
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*GET http://127.0.0.1:*/v1.2/browser/create.json*", "*ok    browser created",
                                 "*FAIL  is a teapot", "*418*"])
    assert CLIENT_KEY not in result.stdout.str()


def test_failed_checks_and_errors_are_red_and_the_rest_is_not(pytester: pytest.Pytester, api: Any) -> None:
    # the colours follow what a line is (a failed check, a diff line, an error), not how it starts:
    # a response body line starting with "-" stays plain
    api.route("GET", "/dash")(lambda h: _send_text(h, 200, "- not a diff line\nplain"))
    write(pytester, "api.json", {"name": "api", "items": [
        request("Dash", f"{api.url}/dash", [{"status": 201}])]})
    result = run(pytester, "--color=yes")
    out = result.stdout.str()
    red = "\x1b[31m"
    assert any(red in line and "FAIL  status" in line for line in out.splitlines()), out
    body_line = next(line for line in out.splitlines() if "- not a diff line" in line)
    assert red not in body_line, body_line


def _send_text(handler: Any, status: int, text: str) -> None:
    data = text.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def test_control_characters_from_a_server_are_escaped(pytester: pytest.Pytester, api: Any) -> None:
    api.route("GET", "/ansi")(lambda h: _send_text(h, 500, "\x1b[2J\x1b]0;owned\x07 cleared"))
    write(pytester, "api.json", {"name": "api", "items": [request("Ansi", f"{api.url}/ansi")]})
    result = run(pytester, "--color=no")
    out = result.stdout.str()
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b]0;owned\\x07 cleared" in out


def test_json_query_values_read_as_json(pytester: pytest.Pytester, api: Any) -> None:
    # a Stream API message travels percent-encoded; the failure shows it as JSON
    write(pytester, "api.json", {"name": "api", "items": [{
        "name": "Event", "request": {"method": "GET", "url": f"{api.url}/fail",
                                     "query": {"message": '{"type":"VIEW","page":"home"}'}},
        "assert": [{"status": 201}]}]})
    result = run(pytester)
    result.stdout.fnmatch_lines(['*GET http://127.0.0.1:*/fail?message={"type":"VIEW","page":"home"}',
                                 "*message = {", '*"type": "VIEW",'])
    assert "%7B" not in result.stdout.str()



def test_warnings_of_the_failed_request_are_shown(pytester: pytest.Pytester, api: Any) -> None:
    # an unresolved {{name}} in a Postman request and an empty environment value: why it failed
    pytest.importorskip("runner.scripting")
    write(pytester, "pm.postman_collection.json", {
        "info": {"name": "pm", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Fails", "event": [{"listen": "test", "script": {"exec": [
            "pm.test('accepted', function () { pm.response.to.have.status(200); });"]}}], "request": {
            "method": "GET", "url": f"{api.url}/fail?client_key={{{{clientkey}}}}&pos={{{{POS}}}}"}}]})
    write(pytester, "local.postman_environment.json", {"name": "local", "values": [
        {"key": "CLIENT_KEY", "value": CLIENT_KEY}, {"key": "POS", "value": ""}]})
    result = run(pytester, "--cdp-env", "local.postman_environment.json", "--color=yes")
    assert result.ret == 1
    result.stdout.fnmatch_lines([
        "*warning: unresolved variable 'clientkey' in the URL: no variable of that name, sent as written; "
        "did you mean 'CLIENT_KEY'?*",
        "*warning: variable POS is empty in the environment (POS=) and used in the URL: an empty value was sent*",
    ])
    yellow = "\x1b[33m"
    assert all(yellow in line for line in result.stdout.lines if "warning: " in line)
    assert CLIENT_KEY not in result.stdout.str()

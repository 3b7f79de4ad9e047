"""Tests of the pytest plugin (runner.pytest_plugin): collections collected and run as pytest items.

Each test runs an inner pytest with ``pytester``; requests go to the in-process sandbox or to a
loopback server the test starts, never to the internet.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from runner.sandbox import CLIENT_KEY, running

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[1]
CLOSE_SESSION = REPO / "collections" / "stream" / "close-session.json"


def write(pytester: pytest.Pytester, name: str, data: Any) -> Path:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) if not isinstance(data, str) else data)
    return path


def send_json(handler: Any, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """An inner pytest (hypothesis' plugin off: importing it again in every run costs seconds)."""
    return pytester.runpytest("-p", "no:hypothesispytest", *args)


def run_subprocess(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:hypothesispytest", "-p", "no:cacheprovider", *args)


def copy_close_session(pytester: pytest.Pytester, name: str = "close-session.json") -> Path:
    target = pytester.path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CLOSE_SESSION, target)
    return target


def request(name: str, url: str, asserts: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, "assert": asserts or [{"status": 200}], **extra}


@pytest.fixture
def api(loopback: Any) -> Any:
    """A loopback API (tests/conftest.py's ``loopback`` server) with a few fixed JSON answers."""
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"status": "OK", "ref": "r-1"}))
    loopback.route("GET", "/guest")(lambda h: send_json(h, 200, {"ref": "g-1", "email": "a@example.com",
                                                                   "tags": ["new", "eu"]}))
    loopback.route("GET", "/fail")(lambda h: send_json(h, 500, {"status": "ERROR"}))
    return loopback


# -- collection --------------------------------------------------------------------------------
def test_collects_one_item_per_request_named_by_path(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "close-session.json::Create browser",
        "close-session.json::Send VIEW event",
        "close-session.json::Close the session (FORCE_CLOSE)",
        "close-session.json::Read the browser back",
        "4 tests collected*",
    ])


def test_runs_the_shipped_collection_against_the_sandbox(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "-q")
    result.assert_outcomes(passed=4)


def test_k_selects_requests_and_folders_and_deselected_requests_are_not_sent(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("First", f"{api.url}/ok"),
        {"name": "Guests", "items": [request("Read", f"{api.url}/guest"), request("Again", f"{api.url}/guest")]},
        request("Last", f"{api.url}/ok"),
    ]})
    result = run(pytester, "-v", "-k", "Guests")
    result.assert_outcomes(passed=2, deselected=2)
    result.stdout.fnmatch_lines(["*api.json::Guests/Read PASSED*", "*api.json::Guests/Again PASSED*"])
    assert [r["path"] for r in api.requests] == ["/guest", "/guest"]

    api.requests.clear()
    result = run(pytester, "-v", "-k", "Last")
    result.assert_outcomes(passed=1, deselected=3)
    assert [r["path"] for r in api.requests] == ["/ok"]


def test_other_json_files_are_not_collected(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    write(pytester, "sandbox.postman_environment.json", {"name": "env", "values": [{"key": "a", "value": "b"}]})
    write(pytester, "thing.schema.json", {"$schema": "https://json-schema.org/draft/2020-12/schema"})
    write(pytester, "data.json", [{"a": 1}])
    write(pytester, "settings.json", {"name": "not a collection", "debug": True})
    write(pytester, "mocks/recorded.json", {"name": "x", "items": []})
    write(pytester, "recordings/recorded.json", {"name": "x", "items": []})
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["4 tests collected*"])
    assert result.ret == 0


def test_cdp_ignore_ini_option_skips_fixture_folders(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    write(pytester, "fixtures/bad/broken.json", {"name": "broken", "items": [{"name": "x"}]})
    pytester.makeini("[pytest]\ncdp_ignore =\n    fixtures/bad\n")
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["4 tests collected*"])
    assert result.ret == 0


# -- failures ----------------------------------------------------------------------------------
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
    assert "Traceback" not in out and "pytest_plugin.py" not in out
    assert CLIENT_KEY not in out


def test_json_object_mismatch_shows_a_unified_diff(pytester: pytest.Pytester, api: Any) -> None:
    expected = {"ref": "g-1", "email": "b@example.com", "tags": ["new", "eu"]}
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", f"{api.url}/guest", [{"that": "$", "equals": expected}])]})
    result = run(pytester, )
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*--- expected", "*+++ actual", '*-  "email": "b@example.com",',
                                 '*+  "email": "a@example.com",'])


def test_request_error_is_a_failure_with_its_reason(pytester: pytest.Pytester, closed_port: int) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Refused", f"http://127.0.0.1:{closed_port}/x")]})
    result = run(pytester, )
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*request error: *"])
    assert "Traceback" not in result.stdout.str()


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


def test_schema_invalid_collection_is_a_collection_error_naming_the_pointer(pytester: pytest.Pytester) -> None:
    write(pytester, "bad.json", {"name": "bad", "items": [
        {"name": "x", "request": {"method": "FETCH", "url": "http://127.0.0.1:9/"}}]})
    result = run(pytester, )
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting bad.json*", "*bad.json at /items/0/request/method: *FETCH*"])
    assert "Traceback" not in result.stdout.str()


def test_bad_environment_is_a_collection_error_naming_the_file(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    write(pytester, "broken.env", "API_ENDPOINT=x\nthis is not a binding\n")
    result = run(pytester, "--cdp-env", "broken.env")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*broken.env:2:1: cannot parse*"])
    assert "Traceback" not in result.stdout.str()


# -- options -----------------------------------------------------------------------------------
def test_bail_skips_the_rest_of_the_collection(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("One", f"{api.url}/fail"), request("Two", f"{api.url}/ok"), request("Three", f"{api.url}/ok")]})
    result = run(pytester, "--cdp-bail", "-rs")
    result.assert_outcomes(failed=1, skipped=2)
    result.stdout.fnmatch_lines(["*--cdp-bail: 'One' failed earlier*"])
    assert [r["path"] for r in api.requests] == ["/fail"]

    api.requests.clear()
    result = run(pytester, )
    result.assert_outcomes(failed=1, passed=2)
    assert len(api.requests) == 3


def test_ini_options_cdp_env_and_cdp_env_vars(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", "{{BASE}}/guest", [{"that": "$.email", "equals": "{{EMAIL}}"}])]})
    write(pytester, "environments/local.env", f"BASE={api.url}\nEMAIL=nobody@example.com\n")
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ncdp_env = "environments/local.env"\ncdp_env_vars = ["EMAIL=a@example.com"]\n')
    run(pytester, ).assert_outcomes(passed=1)
    # the command line wins over the ini file
    result = run(pytester, "--cdp-env-var", "EMAIL=c@example.com")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*expected $.email == "c@example.com", got "a@example.com"*'])


def test_offline_answers_from_mocks_and_sends_nothing(pytester: pytest.Pytester, closed_port: int) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Mocked", f"http://127.0.0.1:{closed_port}/x", [{"status": 201}, {"that": "$.ref", "equals": "m-1"}],
                mock={"status": 201, "json": {"ref": "m-1"}})]})
    run(pytester, "--cdp-offline").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\ncdp_offline = true\n")
    run(pytester, ).assert_outcomes(passed=1)
    pytester.makeini("[pytest]\n")
    run(pytester, ).assert_outcomes(failed=1)  # online: the port is closed


# -- markers, fixture, xdist, junit ------------------------------------------------------------
def test_cdp_marker_and_tag_markers(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "tags": ["stream"], "items": [
        request("One", f"{api.url}/ok", tags=["smoke"]),
        {"name": "Guests", "tags": ["guest_api"], "items": [request("Read", f"{api.url}/guest")]},
        request("Two", f"{api.url}/ok")]})
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    run(pytester, "--strict-markers", "-m", "cdp").assert_outcomes(passed=3, deselected=1)
    run(pytester, "--strict-markers", "-m", "not cdp").assert_outcomes(passed=1, deselected=3)
    run(pytester, "--strict-markers", "-m", "smoke").assert_outcomes(passed=1, deselected=3)
    run(pytester, "--strict-markers", "-m", "stream and not smoke").assert_outcomes(passed=2, deselected=2)
    run(pytester, "--strict-markers", "-m", "guest_api").assert_outcomes(passed=1, deselected=3)


def test_cdp_run_fixture(pytester: pytest.Pytester, api: Any) -> None:
    copy_close_session(pytester, "collections/close-session.json")
    write(pytester, "collections/api.json", {"name": "api", "items": [
        request("Guest", "{{BASE}}/guest", [{"that": "$.email", "equals": "z@example.com"}])]})
    pytester.makepyfile(test_runs=f"""
        def test_close_session(cdp_run):
            result = cdp_run("collections/close-session.json")
            assert result.passed
            assert [ex.name for ex in result.executions][0] == "Create browser"
            assert result.summary.requests_total == 4
            assert len(result.variables["BROWSER_ID"]) == 36
            assert "*****" in repr(result.variables) and {CLIENT_KEY!r} not in repr(result.variables)

        def test_failing(cdp_run):
            result = cdp_run("collections/api.json", env_vars={{"BASE": "{api.url}"}})
            assert not result.passed
            assert result.executions[0].response.status == 200
            assert result.failures == ["Guest: 1 of 1 checks failed: $.email == \\"z@example.com\\""]
    """)
    run(pytester, "test_runs.py").assert_outcomes(passed=2)


def test_xdist_keeps_each_collection_on_one_worker(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    for name in ("a", "b", "c"):
        copy_close_session(pytester, f"{name}/close-session.json")
    plain = run(pytester)
    plain.assert_outcomes(passed=12)
    result = run_subprocess(pytester, "-n", "2", "-v")
    result.assert_outcomes(passed=12)
    workers: dict[str, set[str]] = {}
    for line in result.stdout.lines:
        found = re.match(r"\[(gw\d+)\] \[ *\d+%\] PASSED (\S+)::", line)
        if found:
            workers.setdefault(found[2], set()).add(found[1])
    assert set(workers) == {"a/close-session.json", "b/close-session.json", "c/close-session.json"}
    assert all(len(gws) == 1 for gws in workers.values()), workers


def test_junitxml_has_one_testcase_per_request_with_the_failure(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Good", f"{api.url}/ok"),
        request("Bad", f"{api.url}/ok", [{"that": "$.status", "equals": "NOPE"}]),
        request("Also good", f"{api.url}/ok")]})
    result = run(pytester, "--junitxml=report.xml")
    assert result.ret == 1
    cases = ET.parse(pytester.path / "report.xml").getroot().iter("testcase")
    by_name = {c.get("name"): c for c in cases}
    assert set(by_name) == {"Good", "Bad", "Also good"}
    failure = by_name["Bad"].find("failure")
    assert failure is not None and by_name["Good"].find("failure") is None
    assert '$.status == "NOPE"' in failure.get("message", "")
    assert 'expected $.status == "NOPE", got "OK"' in (failure.text or "")
    props = {p.get("name"): p.get("value") for p in by_name["Bad"].iter("property")}
    assert props["status"] == "200" and props["url"] == f"{api.url}/ok" and props["method"] == "GET"


def test_data_file_gives_one_item_per_request_per_iteration(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", f"{api.url}/guest", [{"that": "$.email", "equals": "{{EMAIL}}"}])]})
    write(pytester, "rows.csv", "EMAIL\na@example.com\nb@example.com\n")
    result = run(pytester, "--cdp-data", "rows.csv", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*api.json::Guest[[]0[]] PASSED*", "*api.json::Guest[[]1[]] FAILED*",
                                 "*iteration 1*"])
    assert len(api.requests) == 2


def test_bad_env_var_option_is_a_collection_error(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "--cdp-env-var", "NO_EQUALS_SIGN")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*--cdp-env-var expects KEY=VALUE, got 'NO_EQUALS_SIGN'*"])

"""The ``cdp_run`` fixture: a collection run from a Python test; its result masks every secret
in its repr and in pytest's assertion messages and diffs, and exposes failed checks."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from plugin_helpers import copy_close_session, request, run, send_json, write

from runner.sandbox import CLIENT_KEY

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture

TOKEN = "s3cr3t-token-value"


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


def test_failed_checks_expose_expected_and_actual(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", f"{api.url}/guest", [{"status": 200}, {"that": "$.tags", "equals": ["old"]}]),
        request("Fine", f"{api.url}/ok")]})
    pytester.makepyfile(test_checks="""
        def test_checks(cdp_run):
            result = cdp_run("api.json")
            [check] = result.failed_checks
            assert (check.request, check.iteration, check.name) == ("Guest", 0, '$.tags == ["old"]')
            assert check.expected == ["old"] and check.actual == ["new", "eu"]
            assert check.kind == "assertion" and check.message.startswith("expected $.tags ==")
    """)
    run(pytester, "test_checks.py").assert_outcomes(passed=1)


@pytest.fixture
def echo_api(api: Any) -> Any:
    """/echo?t=... answers a greeting holding ``t``: the secret comes back inside a captured value."""
    def echo(handler: Any) -> None:
        t = parse_qs(urlsplit(handler.path).query).get("t", [""])[0]
        send_json(handler, 200, {"greeting": f"hello {t}", "count": 3})
    api.route("GET", "/echo")(echo)
    return api


@pytest.mark.parametrize("verbosity", ["-q", "-vv"])
def test_results_never_show_a_secret_in_repr_or_assertion_diffs(
        pytester: pytest.Pytester, echo_api: Any, verbosity: str) -> None:
    write(pytester, "local.env", f"BASE={echo_api.url}\nAPI_TOKEN={TOKEN}\nPIN_SECRET=424242\n")
    write(pytester, "api.json", {"name": "api", "items": [
        request("Echo", "{{BASE}}/echo?t={{API_TOKEN}}", [{"status": 200}],
                capture={"GREETING": "$.greeting", "COUNT": "$.count"})]})
    pytester.makepyfile(test_secrets="""
        import pytest

        @pytest.fixture
        def result(cdp_run):
            return cdp_run("api.json", env="local.env")

        def test_values_are_real(result):
            with open("local.env") as f:
                token = f.read().split("API_TOKEN=")[1].split()[0]
            assert result.variables["API_TOKEN"] == token and result.variables["PIN_SECRET"] == "424242"
            assert result.variables["GREETING"] == "hello " + token and result.variables["COUNT"] == 3

        def test_dict_diff(result):
            assert result.variables == {"API_TOKEN": "other", "GREETING": "hello", "PIN_SECRET": "1"}

        def test_secret_value(result):
            assert result.variables["API_TOKEN"] == "other"

        def test_value_holding_a_secret(result):
            assert result.variables["GREETING"] == "hello"

        def test_in(result):
            assert "hello" in result.variables["GREETING"].split()[1:]

        def test_list(result):
            assert list(result.variables.values()) == []

        def test_result_repr(result):
            assert result is None
    """)
    out = run(pytester, verbosity, "test_secrets.py")
    out.assert_outcomes(passed=1, failed=6)
    text = out.stdout.str()
    assert TOKEN not in text and "424242" not in text
    assert "'API_TOKEN': '*****'" in text and "'hello *****'" in text
    assert "CdpRunResult(passed=True, requests=1" in text

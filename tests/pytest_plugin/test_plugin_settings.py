"""The plugin's options and ini settings: environment, env vars, offline mocks, iteration data, bail."""

from __future__ import annotations

from typing import Any

import pytest
from plugin_helpers import copy_close_session, paths, request, run, write

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


def test_ini_options_cdp_env_and_cdp_env_vars(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", "{{BASE}}/guest", [{"that": "$.email", "equals": "{{EMAIL}}"}])]})
    write(pytester, "environments/local.env", f"BASE={api.url}\nEMAIL=nobody@example.com\n")
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ncdp_env = "environments/local.env"\ncdp_env_vars = ["EMAIL=a@example.com"]\n')
    run(pytester).assert_outcomes(passed=1)
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
    run(pytester).assert_outcomes(passed=1)
    pytester.makeini("[pytest]\n")
    run(pytester).assert_outcomes(failed=1)  # online: the port is closed


def test_bad_mocks_are_a_collection_error_naming_the_file(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "--cdp-offline", "--cdp-mocks", "nowhere")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting close-session.json*", "*nowhere*--mocks: not a folder*"])
    write(pytester, "mocks/close-session/01-create-browser.json",
          '{"item": "Create browser", "calls": [\n  {"request": }]}')
    result = run(pytester, "--cdp-offline", "--cdp-mocks", "mocks")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*01-create-browser.json:2:*"])
    assert "Traceback" not in result.stdout.str()


def test_data_file_gives_one_item_per_request_per_iteration(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Guest", f"{api.url}/guest", [{"that": "$.email", "equals": "{{EMAIL}}"}])]})
    write(pytester, "rows.csv", "EMAIL\na@example.com\nb@example.com\n")
    result = run(pytester, "--cdp-data", "rows.csv", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*api.json::Guest[[]0[]] PASSED*", "*api.json::Guest[[]1[]] FAILED*",
                                 "*iteration 1*"])
    assert len(api.requests) == 2


def test_bail_skips_the_rest_of_the_collection(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("One", f"{api.url}/fail"), request("Two", f"{api.url}/ok"), request("Three", f"{api.url}/ok")]})
    result = run(pytester, "--cdp-bail", "-rs")
    result.assert_outcomes(failed=1, skipped=2)
    result.stdout.fnmatch_lines(["*--cdp-bail: 'One' failed earlier*"])
    assert paths(api) == ["/fail"]

    api.requests.clear()
    result = run(pytester)
    result.assert_outcomes(failed=1, passed=2)
    assert len(api.requests) == 3

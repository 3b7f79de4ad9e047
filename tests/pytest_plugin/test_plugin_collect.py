"""Collection files become one pytest item per request; other JSON files, ignored folders and
bad input; markers from tags; pytest-xdist keeps a collection on one worker."""

from __future__ import annotations

import re
from typing import Any

import pytest
from plugin_helpers import copy_close_session, request, run, run_subprocess, write

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


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


def test_schema_invalid_collection_is_a_collection_error_naming_the_pointer(pytester: pytest.Pytester) -> None:
    write(pytester, "bad.json", {"name": "bad", "items": [
        {"name": "x", "request": {"method": "FETCH", "url": "http://127.0.0.1:9/"}}]})
    result = run(pytester)
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


def test_bad_env_var_option_is_a_collection_error(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "--cdp-env-var", "NO_EQUALS_SIGN")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*--cdp-env-var expects KEY=VALUE; the 1st --cdp-env-var has no '='*"])
    assert "NO_EQUALS_SIGN" not in result.stdout.str()  # it may be a secret given without its key


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


@pytest.mark.slow  # pytest-xdist needs a subprocess pytest
def test_xdist_keeps_each_collection_on_one_worker(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    for name in ("a", "b", "c"):
        copy_close_session(pytester, f"{name}/close-session.json")
    plain = run(pytester)
    plain.assert_outcomes(passed=12)
    result = run_subprocess(pytester, "-n", "2", "-v", "--junitxml=report.xml")
    result.assert_outcomes(passed=12)
    workers: dict[str, set[str]] = {}
    for line in result.stdout.lines:
        found = re.match(r"\[(gw\d+)\] \[ *\d+%\] PASSED (\S+)::", line)
        if found:
            workers.setdefault(found[2], set()).add(found[1])
    assert set(workers) == {"a/close-session.json", "b/close-session.json", "c/close-session.json"}
    assert all(len(gws) == 1 for gws in workers.values()), workers
    # the JUnit names are set where the XML is written: on the controller, from the workers' reports
    xml = (pytester.path / "report.xml").read_text(encoding="utf-8")
    assert xml.count('classname="CDP Stream - close a session"') == 12


def test_a_request_named_with_a_lone_surrogate_is_an_item_named_by_its_escape(pytester: pytest.Pytester) -> None:
    """pytest puts the node id in the environment (PYTEST_CURRENT_TEST), which takes no lone UTF-16
    surrogate: the item is named with its JSON escape, and runs as any other."""
    write(pytester, "test_hostile.json", {"name": "c", "items": [
        {"name": "a\ud800b", "request": {"method": "GET", "url": "http://127.0.0.1:1/x"},
         "mock": {"json": {"s": "a\ud800b"}}, "assert": [{"that": "$.s", "equals": "a\ud800b"}]},
        {"name": "n", "request": {"method": "GET", "url": "http://127.0.0.1:1/x"},
         "mock": {"json": {"s": 1}}, "assert": [{"that": "$.s", "equals": 2}]}]})
    result = run(pytester, "-q", "--cdp-offline", "-rA")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["PASSED test_hostile.json::a\\ud800b"])

"""pytest keeps a flow whole: a selected request runs the earlier requests of its file and
iteration that no test of their own shows (deselected, or not run yet) as its setup; their
failures are its setup errors; nothing after the last selected request is sent."""

from __future__ import annotations

from typing import Any

import pytest
from plugin_helpers import copy_close_session, paths, request, run, send_json, write

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


def test_k_selects_a_dependent_request_of_a_shipped_flow(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)  # "Send VIEW event" needs the BROWSER_ID "Create browser" captures
    result = run(pytester, "-v", "-k", "VIEW")
    result.assert_outcomes(passed=1, deselected=3)
    result.stdout.fnmatch_lines(["*close-session.json::Send VIEW event PASSED*"])


def test_node_id_of_a_dependent_request_passes(pytester: pytest.Pytester) -> None:
    copy_close_session(pytester)
    result = run(pytester, "-v", "close-session.json::Close the session (FORCE_CLOSE)")
    result.assert_outcomes(passed=1)


def test_k_selects_requests_earlier_ones_run_as_setup_and_later_ones_are_not_sent(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("First", f"{api.url}/ok"),
        {"name": "Guests", "items": [request("Read", f"{api.url}/guest"), request("Again", f"{api.url}/guest")]},
        request("Last", f"{api.url}/fail"),
    ]})
    result = run(pytester, "-v", "-k", "Guests")
    result.assert_outcomes(passed=2, deselected=2)
    result.stdout.fnmatch_lines(["*api.json::Guests/Read PASSED*", "*api.json::Guests/Again PASSED*"])
    assert paths(api) == ["/ok", "/guest", "/guest"]

    api.requests.clear()
    result = run(pytester, "-v", "-k", "First")
    result.assert_outcomes(passed=1, deselected=3)
    assert paths(api) == ["/ok"]


def test_a_failed_dependency_is_a_setup_error_of_the_selected_request(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Login", f"{api.url}/fail", [{"status": 200, "name": "logged in"}]),
        request("Profile", f"{api.url}/ok"),
        request("Orders", f"{api.url}/ok"),
    ]})
    result = run(pytester, "-rE", "-k", "Profile or Orders")
    result.assert_outcomes(errors=2, deselected=1)  # both depend on the failed, deselected Login
    result.stdout.fnmatch_lines([
        "*setup: 'Login' (run first: an earlier request of this flow) failed",
        "*GET http://127.0.0.1:*/fail",
        "*FAIL  logged in",
        "ERROR api.json::Profile - setup: 'Login' failed: 1 of 1 checks failed: logged in",
    ])
    assert "Traceback" not in result.stdout.str()
    assert paths(api) == ["/fail", "/ok", "/ok"]  # Login sent once, for both


def test_lf_reruns_the_failed_request_with_its_dependencies(pytester: pytest.Pytester, api: Any) -> None:
    broken = {"now": True}
    api.route("GET", "/order")(lambda h: send_json(h, 500 if broken["now"] else 200, {"ok": not broken["now"]}))
    write(pytester, "api.json", {"name": "api", "items": [
        request("Create", f"{api.url}/ok", capture={"REF": "$.ref"}),
        request("Order", f"{api.url}/order?ref={{{{REF}}}}"),
    ]})
    run(pytester).assert_outcomes(passed=1, failed=1)
    broken["now"] = False
    api.requests.clear()
    result = run(pytester, "--lf", "-v")
    result.assert_outcomes(passed=1)  # only Order is collected again; Create runs as its setup
    result.stdout.fnmatch_lines(["*api.json::Order PASSED*"])
    assert paths(api) == ["/ok", "/order?ref=r-1"]


def test_x_stops_the_flow_at_the_first_failure(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("One", f"{api.url}/ok"), request("Two", f"{api.url}/fail"),
        request("Three", f"{api.url}/guest"), request("Four", f"{api.url}/guest")]})
    result = run(pytester, "-x", "-k", "Three or Four")
    result.assert_outcomes(errors=1, deselected=2)  # Three's setup (Two) failed; Four never runs
    assert paths(api) == ["/ok", "/fail", "/guest"]


def test_dependencies_are_the_earlier_requests_of_the_same_iteration(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("Create", f"{api.url}{{{{PATH}}}}"), request("Use", f"{api.url}/guest")]})
    write(pytester, "rows.csv", "PATH\n/fail\n/ok\n")
    # iteration 0's Create fails: a dependency of Use[0], not of Use[1]
    run(pytester, "--cdp-data", "rows.csv", "api.json::Use[1]").assert_outcomes(passed=1)
    run(pytester, "--cdp-data", "rows.csv", "api.json::Use[0]").assert_outcomes(errors=1)


def test_a_test_run_before_its_dependencies_still_sends_each_request_once(
        pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "api.json", {"name": "api", "items": [
        request("One", f"{api.url}/fail"), request("Two", f"{api.url}/ok"), request("Three", f"{api.url}/guest")]})
    pytester.makeconftest("def pytest_collection_modifyitems(items):\n    items.reverse()\n")
    result = run(pytester, "-v")
    # Three runs first: One and Two (not run yet) are its setup, and One failed; Two likewise;
    # then One shows its own failure
    result.assert_outcomes(failed=1, errors=2)
    result.stdout.fnmatch_lines(["*api.json::Three ERROR*", "*api.json::Two ERROR*", "*api.json::One FAILED*"])
    assert paths(api) == ["/fail", "/ok", "/guest"]

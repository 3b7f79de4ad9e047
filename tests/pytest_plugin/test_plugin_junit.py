"""JUnit XML: one testcase per request, classname ``<collection>.<folder>``, the failure text
and the request's properties."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from plugin_helpers import request, run, write

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


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


def test_junit_classname_is_the_collection_and_its_folders(pytester: pytest.Pytester, api: Any) -> None:
    write(pytester, "flows/api.json", {"name": "Guest API", "items": [
        request("Good", f"{api.url}/ok"),
        {"name": "Guests", "items": [
            request("Read", f"{api.url}/guest"),
            {"name": "Orders", "items": [request("List", f"{api.url}/fail")]}]}]})
    write(pytester, "rows.csv", "X\n1\n2\n")
    run(pytester, "--junitxml=report.xml")
    cases = [(c.get("classname"), c.get("name"))
             for c in ET.parse(pytester.path / "report.xml").getroot().iter("testcase")]
    assert cases == [("Guest API", "Good"), ("Guest API.Guests", "Read"), ("Guest API.Guests.Orders", "List")]
    run(pytester, "--junitxml=rows.xml", "--cdp-data", "rows.csv")
    rows = ET.parse(pytester.path / "rows.xml").getroot().iter("testcase")
    names = [(c.get("classname"), c.get("name")) for c in rows]
    assert ("Guest API.Guests", "Read[1]") in names

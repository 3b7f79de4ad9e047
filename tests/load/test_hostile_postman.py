"""Postman files with values of unexpected JSON types run as Newman runs them (checked against
Newman: a ``url.raw`` that is not text gives way to the URL's parts, a URL that is a number is
empty and that request fails, numbers and booleans where text belongs read as JavaScript's
String() shows them); never a crash (exit 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer

from runner.cli.main import main

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _run(tmp_path: Path, items: list[dict[str, Any]], *extra: str) -> int:
    path = tmp_path / "odd.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "odd", "schema": SCHEMA}, "item": items}))
    return main(["run", str(path), "--reporters", "cli", *extra])


def test_url_raw_that_is_a_number_gives_way_to_the_parts(loopback: LoopbackServer, tmp_path: Path) -> None:
    url = {"raw": 123, "protocol": "http", "host": ["127", "0", "0", "1"], "port": loopback.port,
           "path": ["a", 7, {"value": True}]}
    assert _run(tmp_path, [{"name": "parts", "request": {"method": "GET", "url": url}}]) == 0
    assert [r["path"] for r in loopback.requests] == ["/a/7/true"]


@pytest.mark.parametrize("url", [12345, {"raw": 123}, [1, 2], True, {"raw": None, "host": None}])
def test_url_that_gives_no_text_fails_that_request_only(url: Any, loopback: LoopbackServer, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    items = [{"name": "odd", "request": {"method": "GET", "url": url}},
             {"name": "fine", "request": {"method": "GET", "url": loopback.url + "/fine"}}]
    assert _run(tmp_path, items) == 1  # as Newman: "request url is empty" for that one, the run goes on
    assert [r["path"] for r in loopback.requests] == ["/fine"]
    assert "Traceback" not in capsys.readouterr().err


def test_numbers_and_booleans_where_text_belongs(loopback: LoopbackServer, tmp_path: Path) -> None:
    body = {"mode": "urlencoded", "urlencoded": [{"key": 5, "value": 6}, {"key": True, "value": 1.0}]}
    request = {"method": "POST", "url": loopback.url + "/form", "body": body,
               "header": [{"key": 42, "value": False}]}
    assert _run(tmp_path, [{"name": "form", "request": request}]) == 0
    (sent,) = loopback.requests
    assert sent["body"] == b"5=6&true=1"  # what Newman sends for the same file
    assert sent["headers"]["42"] == "false"


@pytest.mark.parametrize(("lines", "source"), [
    (["var a = 1;", "var b = 2;"], "var a = 1;\nvar b = 2;"),
    (["var a = 1;", None, 3, "var b = 2;"], "var a = 1;\n\n3\nvar b = 2;"),
])
def test_script_lines_join_with_nulls_and_numbers_read_as_text(lines: list[Any], source: str) -> None:
    from runner.load.postman import event_scripts

    found = event_scripts({"event": [{"listen": "test", "script": {"exec": lines}}]})
    assert [(s.listen, s.source, s.as_lines) for s in found] == [("test", source, True)]

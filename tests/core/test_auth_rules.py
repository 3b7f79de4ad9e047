"""Postman's auth rules, run from a Postman collection through the CLI: inheritance (a request
without an auth type inherits, ``noauth`` stops it, ``inherit`` as a type sends none as Newman does),
an empty bearer token sends no header, apikey never duplicates a header or query parameter of the
same name, and what an auth helper adds replaces the request's own Authorization header."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from auth_server import checking

from runner.cli.main import main
from runner.core.auth import SCHEMES, TYPES, secret_values

BASIC = {"type": "basic", "basic": [{"key": "username", "value": "postman"}, {"key": "password", "value": "pw-1234"}]}


def _item(name: str, url: str, auth: Any = "absent", headers: list[dict[str, str]] | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": "GET", "url": f"{url}/echo/{name}", "header": headers or []}
    if auth != "absent":
        request["auth"] = auth
    return {"name": name, "request": request}


def _arrived(tmp_path: Path, items: list[dict[str, Any]], server: Any, capsys: Any) -> dict[str, list[tuple[str, str]]]:
    collection = {"info": {"name": "rules", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/"
                                                      "collection.json"}, "auth": BASIC, "item": items,
                  "variable": [{"key": "tok", "value": ""}]}
    path = tmp_path / "rules.postman_collection.json"
    path.write_text(json.dumps(collection))
    assert main(["run", str(path)]) == 0, capsys.readouterr().out
    return {e["target"].split("/echo/")[1]: e["headers"] for e in server.log}


def _authorization(headers: list[tuple[str, str]]) -> list[str]:
    return [v for k, v in headers if k.lower() == "authorization"]


def test_inheritance_noauth_and_inherit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with checking() as server:
        url = server.url
        arrived = _arrived(tmp_path, [
            _item("absent", url), _item("null", url, None), _item("notype", url, {}),
            _item("inherit", url, {"type": "inherit"}), _item("noauth", url, {"type": "noauth"}),
            {"name": "folder", "auth": {"type": "noauth"}, "item": [_item("infolder", url)]},
        ], server, capsys)
    basic = "Basic cG9zdG1hbjpwdy0xMjM0"
    assert {k: _authorization(v) for k, v in arrived.items()} == {
        "absent": [basic], "null": [basic], "notype": [basic], "inherit": [], "noauth": [], "infolder": []}


def test_empty_bearer_apikey_duplicates_and_own_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with checking() as server:
        url = server.url
        apikey = {"type": "apikey", "apikey": [{"key": "key", "value": "X-Api-Key"}, {"key": "value", "value": "k-1"}]}
        in_query = {"type": "apikey", "apikey": [{"key": "key", "value": "api"}, {"key": "value", "value": "q-1"},
                                                 {"key": "in", "value": "query"}]}
        arrived = _arrived(tmp_path, [
            _item("bearer", url, {"type": "bearer", "bearer": [{"key": "token", "value": "{{tok}}"}]}),
            _item("apikey", url, apikey, [{"key": "x-api-key", "value": "k-1"}]),
            _item("apikey-authorization", url, {"type": "apikey", "apikey": [
                {"key": "key", "value": "Authorization"}, {"key": "value", "value": "tok"}]},
                [{"key": "Authorization", "value": "tok"}]),
            _item("query?api=old&x=1", url, in_query),
            _item("own", url, BASIC, [{"key": "authorization", "value": "mine"}]),
        ], server, capsys)
    assert _authorization(arrived["bearer"]) == []
    assert [v for k, v in arrived["apikey"] if k.lower() == "x-api-key"] == ["k-1"]
    assert _authorization(arrived["apikey-authorization"]) == ["tok"]
    assert "query?x=1&api=q-1" in arrived
    assert _authorization(arrived["own"]) == ["Basic cG9zdG1hbjpwdy0xMjM0"]


def test_registry_is_the_one_list() -> None:
    assert set(SCHEMES) == {"noauth", "basic", "bearer", "apikey", "oauth2", "digest", "oauth1", "hawk", "awsv4",
                            "ntlm", "edgegrid", "jwt"}
    assert set(TYPES) == set(SCHEMES) | {"none"}
    from runner.load.native import schema

    assert schema()["$defs"]["auth"]["properties"]["type"]["enum"] == list(TYPES)
    assert secret_values({"type": "awsv4", "accessKey": "AK", "secretKey": "sk", "sessionToken": "st"}) == ["sk", "st"]
    assert secret_values({"type": "made-up", "password": "x"}) == [] and secret_values(None) == []

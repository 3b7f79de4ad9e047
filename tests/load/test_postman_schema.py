"""Postman files are checked against the published Postman collection schema (v2.0.0, v2.1.0):
``validate`` lists every violation with its JSON pointer (exit 2); ``run`` warns and runs what
Newman runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main
from runner.load.postman_schema import violations

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"


def _doc(url: str, schema: str = V21) -> dict:
    return {"info": {"name": "odd", "schema": schema}, "item": [
        {"name": "folder", "item": [
            {"name": "raw number", "request": {"method": "GET", "url": {"raw": 123, "protocol": "http",
                                                                        "host": ["127", "0", "0", "1"],
                                                                        "port": url.rsplit(":", 1)[1],
                                                                        "path": ["ok"]}}},
            {"name": "header key", "request": {"method": "GET", "url": url + "/ok",
                                               "header": [{"key": 5, "value": "x"}]}}]},
        {"name": "form key", "request": {"method": "POST", "url": url + "/ok",
                                         "body": {"mode": "urlencoded", "urlencoded": [{"key": 5, "value": "1"}]}}},
        {"name": "auth", "request": {"method": "GET", "url": url + "/ok", "auth": {"type": "bearer",
                                                                                  "bearer": "tok"}}},
    ]}


EXPECTED = [
    "at /item/0/item/0/request/url/raw: expected string, got number",
    "at /item/0/item/1/request/header/0/key: expected string, got number",
    "at /item/1/request/body/urlencoded/0/key: expected string, got number",
    "at /item/2/request/auth/bearer: expected array, got string",
]


def test_validate_lists_every_violation_with_its_pointer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.postman_collection.json"
    path.write_text(json.dumps(_doc("http://127.0.0.1:9")))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith(f"error: {path} at ")]
    assert [line.split(str(path) + " ", 1)[1].removesuffix(" (Postman collection schema)") for line in lines] == EXPECTED


def test_v2_0_files_are_checked_against_v2_0(tmp_path: Path) -> None:
    doc = _doc("http://127.0.0.1:9", V20)
    doc["item"][2]["request"]["auth"] = {"type": "bearer", "bearer": {"token": "t"}}  # v2.0 auth: an object
    assert [v.pointer for v in violations(doc)] == ["/item/0/item/0/request/url/raw", "/item/0/item/1/request/header/0/key",
                                                    "/item/1/request/body/urlencoded/0/key"]
    doc["info"]["schema"] = V21  # the same auth breaks v2.1
    assert "/item/2/request/auth/bearer" in [v.pointer for v in violations(doc)]


def test_run_warns_and_runs_what_newman_runs(loopback: LoopbackServer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    loopback.route("*", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    path = tmp_path / "odd.postman_collection.json"
    path.write_text(json.dumps(_doc(loopback.url)))
    assert main(["run", str(path)]) == 0
    err = capsys.readouterr().err
    for expected in EXPECTED:
        assert f"cdp-runner: warning: {path} {expected} (Postman collection schema; run as Newman runs it)" in err
    assert len(loopback.requests) == 4


def test_shipped_postman_collections_follow_the_schema() -> None:
    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("collections/**/*.postman_collection.json"))
    assert files
    for file in files:
        assert violations(json.loads(file.read_text("utf-8"))) == [], file

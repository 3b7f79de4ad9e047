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


def test_run_reads_a_valid_file_once_and_an_invalid_one_again_for_its_warnings(
        loopback: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Loading knows whether the data met the schema: ``run`` reads the file again for its warnings only
    when it did not (a v1 file, converted on load, is never warned about, as before)."""
    import runner._files
    import runner.load

    loopback.route("*", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    reads: list[str] = []
    real = runner._files.read_text
    for module in (runner._files, runner.load):
        monkeypatch.setattr(module, "read_text", lambda path, **kw: (reads.append(str(path)), real(path, **kw))[1])
    valid = tmp_path / "valid.postman_collection.json"
    valid.write_text(json.dumps({"info": {"name": "v", "schema": V21},
                                 "item": [{"name": "a", "request": {"method": "GET", "url": loopback.url + "/ok"}}]}))
    odd = tmp_path / "odd.postman_collection.json"
    odd.write_text(json.dumps(_doc(loopback.url)))
    v1 = tmp_path / "v1.postman_collection.json"
    v1.write_text(json.dumps({"id": "c", "name": "v1", "order": ["r"], "requests": [
        {"id": "r", "name": "r", "method": "GET", "url": loopback.url + "/ok", "headers": 5}]}))

    assert main(["run", str(valid)]) == 0
    assert reads.count(str(valid)) == 1
    assert main(["run", str(odd)]) == 0
    assert reads.count(str(odd)) == 2
    assert EXPECTED[0] in capsys.readouterr().err
    main(["run", str(v1)])
    assert "Postman collection schema" not in capsys.readouterr().err

"""Malformed ``--mocks`` files are exit 2 with the file and the JSON pointer of the bad field, found
when the folder is loaded (before any request of any collection runs), never a crash mid-run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main

COLLECTION = {"name": "mocked", "items": [{"name": "Get it", "request": {"method": "GET",
                                                                       "url": "https://api.example.test/v1/thing"}}]}


def _mock_file(response: Any) -> dict[str, Any]:
    return {"version": 1, "item": "Get it",
            "calls": [{"request": {"method": "GET", "path": "/v1/thing"}, "response": response}]}


def _run(tmp_path: Path, doc: Any, capsys: pytest.CaptureFixture[str], raw: str | None = None) -> tuple[int, str, str]:
    collection = tmp_path / "mocked.json"
    collection.write_text(json.dumps(COLLECTION))
    folder = tmp_path / "mocks" / "mocked"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "01-get-it.json"
    file.write_text(raw if raw is not None else json.dumps(doc))
    code = main(["run", str(collection), "--offline", "--mocks", str(tmp_path / "mocks")])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(file), "FILE")


BAD = [
    ({"status": "abc"}, "/calls/0/response/status", "\"status\" must be a whole number"),
    ({"status": "200"}, "/calls/0/response/status", "got a string \"200\""),
    ({"status": 99999}, "/calls/0/response/status", "from 100 to 599"),
    ({"status": True}, "/calls/0/response/status", "got a boolean"),
    ({"status": 200, "headers": [["a", "b"]]}, "/calls/0/response/headers", "must be an object"),
    ({"status": 200, "headers": {"X-N": 5}}, "/calls/0/response/headers/X-N", "header value must be a string"),
    ({"status": 200, "headers": {"X-O": {"a": 1}}}, "/calls/0/response/headers/X-O", "got an object"),
    ({"status": 200, "headers": {"a/b c": "x"}}, "/calls/0/response/headers/a~1b c", "not a valid header name"),
    ({"status": 200, "delayMs": "10"}, "/calls/0/response/delayMs", "\"delayMs\" must be a number"),
    ({"status": 200, "delayMs": -5}, "/calls/0/response/delayMs", "from 0 to"),
    ({"status": 200, "text": {"a": 1}}, "/calls/0/response/text", "\"text\" must be a string"),
    ("nope", "/calls/0/response", "a response must be an object"),
]


@pytest.mark.parametrize(("response", "pointer", "message"), BAD, ids=[b[1].rsplit("/", 1)[-1] + f"-{i}"
                                                                      for i, b in enumerate(BAD)])
def test_bad_mock_field_is_exit_2_with_its_pointer(response: Any, pointer: str, message: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(tmp_path, _mock_file(response), capsys)
    assert code == 2, err
    assert f"FILE at {pointer}: " in err and message in err, err
    assert "Get it" not in out  # nothing ran


@pytest.mark.parametrize(("doc", "pointer"), [
    ({"item": "Get it", "calls": [{"request": {"method": 1, "path": "/v1/thing"}, "response": {}}]},
     "/calls/0/request/method"),
    ({"item": "Get it", "calls": [{"request": ["GET"], "response": {}}]}, "/calls/0/request"),
    ({"item": ["Get it"], "calls": []}, "/item"),
    ({"item": "Get it", "occurrence": "2", "calls": []}, "/occurrence"),
])
def test_bad_mock_request_fields(doc: Any, pointer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(tmp_path, doc, capsys)
    assert code == 2 and f"FILE at {pointer}: " in err, err


def test_deeply_nested_mock_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    raw = json.dumps(_mock_file({"status": 200, "json": "@"})).replace('"@"', deep)
    code, _, err = _run(tmp_path, None, capsys, raw=raw)
    assert code == 2 and "FILE:1:" in err and "nesting depth limit" in err, err


def test_special_file_in_mocks_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mocks" / "mocked"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "00-pipe.json")  # sorted first; opening it would block forever
    code, _, err = _run(tmp_path, _mock_file({"status": 200}), capsys)
    assert code == 2 and "00-pipe.json: not a regular file (a named pipe)" in err, err


def test_good_mock_file_still_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(tmp_path, _mock_file({"status": 200, "headers": {"X-A": "1"}, "json": {"ok": True},
                                              "delayMs": 1}), capsys)
    assert code == 0, err

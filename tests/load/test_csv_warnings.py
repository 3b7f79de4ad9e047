"""A column named twice in a CSV data file's header is a warning naming the file and line (the
last one's values are used, as Newman's reader does); the data still loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main
from runner.load.csv_lint import csv_warnings


@pytest.mark.parametrize(("text", "twice"), [
    ("a,b,a\n1,2,3\n", ["a"]),
    ("a,b,a,b,a\n1,2,3,4,5\n", ["a", "b"]),
    ("\"a\", \"a,b\",\"a\"\"\"\r\n1,2,3\r\n", []),
    (" a ,\"a\"\n1,2\n", ["a"]),
    ("id,\"never closed\n1,2\n", []),
    ("id,name", []),
])
def test_csv_warnings(text: str, twice: list[str]) -> None:
    found = csv_warnings(text)
    assert [line for line, _ in found] == [1] * len(twice)
    assert [m.split("'")[1] for _, m in found] == twice


def test_run_warns_with_file_and_line_and_still_runs(loopback: LoopbackServer, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    loopback.route("GET", "/x")(lambda h: send_json(h, 200, {}))
    collection = tmp_path / "c.json"
    collection.write_text(json.dumps({"name": "c", "items": [{"name": "get", "request": {
        "method": "GET", "url": loopback.url + "/x?id={{id}}"}}]}))
    data = tmp_path / "rows.csv"
    data.write_text("id,id,note\n1,2,x\n")
    assert main(["run", str(collection), "-d", str(data)]) == 0
    err = capsys.readouterr().err
    assert f"cdp-runner: warning: {data}:1: the header names column 'id' more than once" in err
    assert [r["path"] for r in loopback.requests] == ["/x?id=2"]  # the last one's value

"""Regular expressions that do not compile are found when the collection is loaded (exit 2 with the
place, nothing sent), not after the request went out; a pattern from a variable that does not
compile fails its check as bad input, not as a mismatch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main


def _collection(tmp_path: Path, url: str, item: dict[str, Any]) -> Path:
    path = tmp_path / "regex.json"
    path.write_text(json.dumps({"name": "regex", "variables": {"P": "(unclosed"},
                                "items": [{"name": "get", "request": {"method": "GET", "url": url}, **item}]}))
    return path


@pytest.mark.parametrize(("item", "pointer"), [
    ({"capture": {"ID": {"from": "$.id", "regex": "id-(\\d+"}}}, "/items/0/capture/ID/regex"),
    ({"assert": [{"status": 200}, {"that": "$.id", "matches": "[a-"}]}, "/items/0/assert/1/matches"),
])
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_regex_is_exit_2_before_sending(command: str, item: dict[str, Any], pointer: str,
                                            loopback: LoopbackServer, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _collection(tmp_path, loopback.url + "/thing", item)
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path} at {pointer}: " in err and "not a valid regular expression at position" in err, err
    assert loopback.requests == []


def test_pattern_from_a_variable_that_does_not_compile_is_bad_input(loopback: LoopbackServer, tmp_path: Path) -> None:
    loopback.route("GET", "/thing")(lambda h: send_json(h, 200, {"id": "x"}))
    path = _collection(tmp_path, loopback.url + "/thing", {"assert": [{"that": "$.id", "matches": "{{P}}"}]})
    report = tmp_path / "out"
    assert main(["run", str(path), "-r", "json", "--report-dir", str(report)]) == 1
    text = (report / "report.json").read_text()
    assert "matches: not a valid regular expression at position 0: missing )" in text, text
    assert len(loopback.requests) == 1

"""docs/connections.md's example runs as written: the JSON block saved under the name the doc
gives, then the doc's own command line, against the embedded sandbox (issue 15)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "connections.md"


def _example() -> tuple[str, dict, list[str]]:
    """(file name, JSON example, argv of the command shown after it)."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, "docs/connections.md has no JSON example"
    command = re.search(r"```sh\n(cdp-runner connection test [^\n]+)\n", text[block.end():])
    assert command, "no `cdp-runner connection test` command after the example"
    argv = shlex.split(command.group(1))[1:]
    saved_as = re.search(r"Save this as `([^`]+)`", text[:block.start()])
    assert saved_as and saved_as.group(1) == argv[2], "the command tests the file the doc saves"
    return saved_as.group(1), json.loads(block.group(1)), argv


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    name, data, argv = _example()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "environments").symlink_to(ROOT / "environments")
    (tmp_path / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return argv


def test_the_docs_example_runs_with_the_docs_command(example: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(example) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Status: 202 Accepted" in out and "✓ status == 202" in out


@pytest.mark.parametrize("action", ["review", "export"])
def test_the_single_item_file_works_with_every_connection_command(example: list[str], action: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["connection", action, *example[2:]]
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    if action == "export":
        assert json.loads(out)["name"] == "ESP destination"
    else:
        assert "Connection 'ESP destination'" in out and "at /)" in out


@pytest.mark.parametrize("command", ["run", "validate"])
def test_run_and_validate_read_the_file_as_a_one_item_collection(example: list[str], command: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, *example[2:]]) == 0, capsys.readouterr().err


def test_errors_in_a_single_item_file_name_the_place_in_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    name, data, _ = _example()
    data["connection"]["request"]["method"] = 5
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["run", str(path)]) == 2
    assert f"{path} at /connection/request/method: schema violation" in capsys.readouterr().err
    data["connection"]["request"]["method"] = "GET"  # a destination sends POST, PUT, PATCH or DELETE
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path} at /connection/request/method:" in capsys.readouterr().err

"""Output paths that cannot be written are exit 2 before anything is sent: a recording, report or
export folder that is a file or lies under one, or a folder nobody may write in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import LoopbackServer

from runner.cli.main import main


@pytest.fixture
def collection(tmp_path: Path, loopback: LoopbackServer) -> Path:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "c", "items": [{"name": "get", "request": {"method": "GET",
                                                                                   "url": loopback.url + "/x"}}]}))
    (tmp_path / "a-file").write_text("not a folder")
    return path


@pytest.mark.parametrize(("options", "message"), [
    (["--record", "{tmp}/a-file"], "{tmp}/a-file: --record: exists and is not a folder"),
    (["--record", "{tmp}/a-file/mocks"], "{tmp}/a-file/mocks: --record: the folder cannot be made ({tmp}/a-file is a file)"),
    (["-r", "json", "--report-dir", "{tmp}/a-file/deeper/reports"],
     "--report-dir: the folder cannot be made ({tmp}/a-file is a file)"),
    (["-r", "junit", "--report-dir", "{tmp}/a-file"], "--report-dir: exists and is not a folder"),
    (["--export-environment", "{tmp}/a-file/x/env.json"],
     "--export-environment: the folder it goes in cannot be made ({tmp}/a-file is a file)"),
    (["--export-collection", "{tmp}/a-file/out.json"], "--export-collection: the folder it goes in cannot be made"),
])
def test_unwritable_output_is_exit_2_before_sending(options: list[str], message: str, collection: Path,
                                                    loopback: LoopbackServer, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["run", str(collection), *[o.replace("{tmp}", str(tmp_path)) for o in options]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message.replace("{tmp}", str(tmp_path)) in err, err
    assert loopback.requests == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_exit_2(collection: Path, loopback: LoopbackServer, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert main(["run", str(collection), "--record", str(locked / "mocks")]) == 2
    finally:
        locked.chmod(0o700)
    assert "permission denied" in capsys.readouterr().err and loopback.requests == []

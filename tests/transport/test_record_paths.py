"""--record: every collection of a run records into its own folder, always inside the recording
folder; replay finds each collection's folder again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, send_json

from runner.cli.main import main


def _collection(path: Path, url: str, marker: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": marker, "items": [{
        "name": "get", "request": {"method": "GET", "url": f"{url}/{marker}"},
        "assert": [{"that": "$.who", "equals": marker}]}]}))
    return path


@pytest.fixture
def server(loopback: LoopbackServer) -> LoopbackServer:
    for who in ("one", "two", "dots"):
        loopback.route("GET", f"/{who}")(lambda h, who=who: send_json(h, 200, {"who": who}))
    return loopback


def test_two_collections_of_the_same_file_name_keep_both_recordings(server: LoopbackServer, tmp_path: Path) -> None:
    one = _collection(tmp_path / "a" / "flow.json", server.url, "one")
    two = _collection(tmp_path / "b" / "flow.json", server.url, "two")
    mocks = tmp_path / "mocks"
    assert main(["run", str(one), str(two), "--record", str(mocks)]) == 0
    folders = sorted(p.name for p in mocks.iterdir())
    assert len(folders) == 2 and folders[0] == "flow" and folders[1].startswith("flow-"), folders
    server.requests.clear()
    for path in (one, two):  # each replays its own answers (its check holds only with its own)
        assert main(["run", str(path), "--offline", "--mocks", str(mocks)]) == 0
    assert server.requests == []


def test_a_collection_named_dots_json_records_inside_the_folder(server: LoopbackServer, tmp_path: Path) -> None:
    dots = _collection(tmp_path / "c" / "...json", server.url, "dots")
    mocks = tmp_path / "work" / "mocks"
    assert main(["run", str(dots), "--record", str(mocks)]) == 0
    written = [p for p in (tmp_path / "work").rglob("*.json")]
    assert written and all(mocks in p.parents and p.parent != mocks for p in written), written
    assert main(["run", str(dots), "--offline", "--mocks", str(mocks)]) == 0


def test_a_link_leading_out_of_the_recording_folder_is_exit_2(server: LoopbackServer, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    flow = _collection(tmp_path / "flow.json", server.url, "one")
    mocks = tmp_path / "mocks"
    mocks.mkdir()
    (mocks / "flow").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert main(["run", str(flow), "--record", str(mocks)]) == 2
    assert "leads outside" in capsys.readouterr().err and server.requests == []

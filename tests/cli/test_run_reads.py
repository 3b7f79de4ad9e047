"""``run`` reads each collection file once when nothing needs it again: a native file has no
Postman schema to check it against, so it is not read a second time for that check (a Postman
file still is: tests/load/test_postman_schema.py). What it loaded is frozen for the garbage
collector during the run, and the collector is left as it was afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, run_cli, send_json, write_json

from runner import _files, load


def test_a_native_file_is_read_once(tmp_path: Path, loopback: LoopbackServer, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"status": "OK"}))
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "one", "request": {"method": "GET", "url": f"{loopback.url}/ok"}, "assert": [{"status": 200}]}]})
    reads: list[str] = []
    read_text = _files.read_text

    def counting(p: Any, **kwargs: Any) -> str:
        reads.append(str(p))
        return read_text(p, **kwargs)

    monkeypatch.setattr(_files, "read_text", counting)
    monkeypatch.setattr(load, "read_text", counting)  # the loader's own name for it
    code, out = run_cli(capsys, "run", path)
    assert code == 0, out
    assert reads.count(path) == 1


def test_the_collector_is_left_as_it_was_after_a_run_or_an_input_error(
        tmp_path: Path, loopback: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    """``run`` freezes what it loaded for the garbage collector while it runs; in-process callers
    (tests, embedding) get the collector back on, with nothing frozen, whatever the outcome."""
    import gc

    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {}))
    good = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "one", "request": {"method": "GET", "url": f"{loopback.url}/ok"}, "assert": [{"status": 200}]}]})
    bad = write_json(tmp_path / "bad.json", {"name": "c", "items": [{"name": "one", "request": {"method": "GET"}}]})
    for path, expected in ((good, 0), (bad, 2), (str(tmp_path / "missing.json"), 2)):
        code, out = run_cli(capsys, "run", path)
        assert code == expected, out
        assert gc.isenabled() and gc.get_freeze_count() == 0

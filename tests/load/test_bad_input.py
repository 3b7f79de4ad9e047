"""The bad-input corpus (tests/bad_input/cases.json): every way a user gets a file or an option
wrong exits 2 with one clear error line naming the file, the place and what was expected."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parents[1] / "bad_input"
CASES: list[dict[str, Any]] = json.loads((BAD / "cases.json").read_text("utf-8"))["cases"]


def _check(case: dict[str, Any], code: int, out: str, err: str) -> None:
    assert code == case["exit"], f"exit {code}, stderr: {err}"
    assert "Traceback" not in err and "Traceback" not in out
    assert out == "", "nothing may run or be reported for bad input"
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    for fragment in case["expect"]:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    # Only argparse's own errors may add the usage lines; ours are one line.
    if not err.startswith("usage:"):
        assert err.count("\n") == 1, err


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_in_process(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(BAD)
    try:
        code = main(case["argv"])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    captured = capsys.readouterr()
    _check(case, code, captured.out, captured.err)
    assert not (BAD / "reports").exists()


SUBPROCESS = [c for c in CASES if c.get("subprocess")]


@pytest.mark.parametrize("case", SUBPROCESS, ids=[c["id"] for c in SUBPROCESS])
def test_bad_input_real_process_has_no_traceback(case: dict[str, Any]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "runner", *case["argv"]], cwd=BAD, env=env,
                          capture_output=True, text=True, timeout=60)
    _check(case, done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("cdp-runner: error: ")


def test_every_corpus_file_has_a_case() -> None:
    used = {arg for c in CASES for arg in c["argv"]}
    files = {str(p.relative_to(BAD)) for p in BAD.rglob("*") if p.is_file()} - {"cases.json"}
    folders_used = {u for u in used if (BAD / u).is_dir()}
    orphans = {f for f in files if f not in used and not any(f.startswith(d + "/") for d in folders_used)}
    assert not orphans, f"corpus files without a case in cases.json: {sorted(orphans)}"


def test_case_ids_are_unique_and_expect_a_place() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c["expect"], c["id"]

"""The shipped collections: at least 10 requests, all passing against the in-process sandbox,
offline from their recordings, and with pytest-xdist (same count)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collections(*args: str) -> tuple[int, int, str]:
    proc = subprocess.run([sys.executable, "-m", "pytest", "collections/", "-q", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    # nothing but passes: no failure, error, skip, xfail or warning in pytest's closing line
    passed = re.fullmatch(r"(\d+) passed in [\d.]+s(?: \([\d:]+\))?", summary)
    return proc.returncode, int(passed.group(1)) if passed else 0, proc.stdout[-2000:]


@pytest.mark.parametrize("args", [(), ("--cdp-offline",)], ids=["sandbox", "offline"])
def test_shipped_collections_pass(args: tuple[str, ...]) -> None:
    code, passed, out = pytest_collections(*args)
    assert code == 0, out
    assert passed >= 10, out


def test_xdist_gives_the_same_outcomes() -> None:
    code, passed, out = pytest_collections("-n", "2")
    assert code == 0, out
    assert passed == pytest_collections()[1]

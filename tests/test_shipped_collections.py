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
    passed = re.search(r"(\d+) passed", proc.stdout)
    return proc.returncode, int(passed.group(1)) if passed else 0, proc.stdout[-2000:]


@pytest.mark.parametrize("args", [(), ("--cdp-offline",)], ids=["sandbox", "offline"])
def test_shipped_collections_pass(args: tuple[str, ...]) -> None:
    code, passed, out = pytest_collections(*args)
    assert code == 0, out
    assert passed >= 10, out
    assert "failed" not in out and "error" not in out.lower().replace("errors=0", ""), out


def test_xdist_gives_the_same_outcomes() -> None:
    code, passed, out = pytest_collections("-n", "2")
    assert code == 0, out
    assert passed == pytest_collections()[1]

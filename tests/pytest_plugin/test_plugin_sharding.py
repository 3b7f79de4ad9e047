"""Sharding a suite across CI machines with pytest-split: the shards together run every test
exactly once, each collection stays whole on one shard, and their JUnit outputs merge.

Slow: each test starts pytest in a subprocess, several times."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("pytest_split")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CLOSE = ROOT / "collections" / "stream" / "close-session.json"
JOURNEY = ROOT / "collections" / "stream" / "guest-journey.json"


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                           "--rootdir", str(folder), "-c", str(folder / "pytest.ini"), *args],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def _cases(junit: Path) -> list[tuple[str, str, str]]:
    """(classname, name, outcome) of every testcase in a JUnit file (a request's classname is its
    collection's name)."""
    out = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome = "failed" if case.find("failure") is not None or case.find("error") is not None else \
            "skipped" if case.find("skipped") is not None else "passed"
        out.append((case.get("classname", ""), case.get("name", ""), outcome))
    return out


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    """A folder of native collections whose requests depend on each other (captures), plus plain tests."""
    folder = tmp_path / "suite"
    folder.mkdir()
    for name in ("a", "b", "c"):
        data = json.loads(CLOSE.read_text(encoding="utf-8"))
        data["name"] = f"close session {name}"
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(JOURNEY, folder / "d.json")
    (folder / "test_plain.py").write_text("".join(f"def test_{i}():\n    assert True\n" for i in range(4)))
    (folder / "pytest.ini").write_text("[pytest]\n")
    return folder


def test_two_shards_run_every_test_once_and_keep_collections_whole(suite: Path) -> None:
    durations = suite / ".test_durations"
    full = _pytest(suite, "--store-durations", "--durations-path", str(durations), "--junitxml", "full.xml")
    assert full.returncode == 0, full.stdout + full.stderr
    everything = _cases(suite / "full.xml")
    assert len(everything) == 4 * 3 + 9 + 4 and all(o == "passed" for _, _, o in everything)

    # Skew the stored durations so that pytest-split's cut falls inside collection a.json.
    stored = json.loads(durations.read_text(encoding="utf-8"))
    first = next(k for k in stored if k.startswith("a.json::"))
    stored = {k: (100.0 if k == first else 0.01) for k in stored}
    durations.write_text(json.dumps(stored), encoding="utf-8")

    shards = []
    for group in (1, 2):
        result = _pytest(suite, "--splits", "2", "--group", str(group), "--durations-path", str(durations),
                         "--junitxml", f"shard{group}.xml")
        assert result.returncode == 0, result.stdout + result.stderr  # no shard runs half a collection
        shards.append(_cases(suite / f"shard{group}.xml"))
    ids = [{(c, n) for c, n, _ in shard} for shard in shards]
    assert ids[0] and ids[1]
    assert ids[0] & ids[1] == set()  # no test twice
    assert ids[0] | ids[1] == {(c, n) for c, n, _ in everything}  # every test once
    for shard in shards:  # each collection file wholly on one shard
        files = {c for c, _, _ in shard}
        assert all(not (f in files and f in {c for c, _, _ in other}) for other in shards if other is not shard
                   for f in files if f != "test_plain")

    # The JUnit outputs merge into one report with every test.
    merged = ET.Element("testsuites")
    for group in (1, 2):
        merged.extend(ET.parse(suite / f"shard{group}.xml").getroot().iter("testsuite"))
    ET.ElementTree(merged).write(suite / "merged.xml", encoding="utf-8", xml_declaration=True)
    assert sorted(_cases(suite / "merged.xml")) == sorted(everything)


def test_without_whole_collections_the_cut_shard_runs_the_earlier_requests_as_setup(suite: Path) -> None:
    # pytest-split alone hands a.json's later requests to shard 2; they still pass, because a test
    # runs the earlier requests of its flow (here a.json's first, deselected on this shard) as setup.
    # The sharding plugin saves sending them on both shards.
    durations = suite / ".test_durations"
    collected = _pytest(suite, "--collect-only")
    ids = [line for line in collected.stdout.splitlines() if "::" in line]
    assert ids, collected.stdout + collected.stderr
    first = next(i for i in ids if i.startswith("a.json::"))
    durations.write_text(json.dumps({i: (100.0 if i == first else 0.01) for i in ids}), encoding="utf-8")
    result = _pytest(suite, "-p", "no:cdp_runner_sharding", "--splits", "2", "--group", "2",
                     "--durations-path", str(durations), "--junitxml", "shard2.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 deselected" in result.stdout
    cases = _cases(suite / "shard2.xml")
    assert [n for c, n, _ in cases if c == "close session a"] == ["Send VIEW event", "Close the session (FORCE_CLOSE)",
                                                         "Read the browser back"]

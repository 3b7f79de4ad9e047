"""The README's two Quick start lines work on a machine whose system Python is externally managed
(PEP 668): each sets up its own virtual environment. ``.ci/run`` runs the second line as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Set in the environment of the Quick start lines this test runs, so that the test suite they
# start does not start this test again (see test_quick_start_lines_in_a_clean_clone).
GUARD = "CDP_RUNNER_QUICK_START_TEST"


def quick_start_lines(readme: Path = ROOT / "README.md") -> list[str]:
    text = readme.read_text(encoding="utf-8")
    block = re.search(r"^## Quick start\n+```sh\n(.*?)^```", text, re.S | re.M)
    assert block, "README.md has no ## Quick start with a ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_quick_start_is_two_lines_each_in_its_own_virtual_environment() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2, lines
    for line in lines:
        assert line.startswith("python3 -m venv .venv && "), line  # no pip into the system Python
        assert re.search(r"(^|&& )pip ", line) is None, f"a bare pip would be the system's: {line}"
    assert "cdp-runner run " in lines[0] and lines[1].endswith(".venv/bin/pytest")


def test_ci_runs_the_readme_test_line_as_written() -> None:
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert quick_start_lines()[1] in ci


def _system_python() -> str | None:
    """The machine's own python3 (the one PEP 668 guards), not this test run's virtual environment."""
    if Path("/usr/bin/python3").exists():
        return "/usr/bin/python3"
    venv = os.environ.get("VIRTUAL_ENV")
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not (venv and p.startswith(venv)))
    return shutil.which("python3", path=path)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get(GUARD) == "1", reason="already inside the Quick start test (no recursion)")
def test_quick_start_lines_in_a_clean_clone(tmp_path: Path) -> None:
    """Both lines in a fresh ``git clone`` with the system python3 first on PATH.

    No recursion: the second line starts the whole test suite, which contains this test. It is
    run with ``--collect-only -q`` appended (the suite is collected, so every test module must
    import, but nothing runs), and with GUARD=1 in its environment, which skips this test.
    pip installs from the package index and cache the machine's pip configuration names.
    """
    python = _system_python()
    git = shutil.which("git")
    if python is None or git is None:
        pytest.skip("needs a system python3 and git")
    if subprocess.run([python, "-c", "import venv, ensurepip"], capture_output=True).returncode != 0:
        pytest.skip(f"{python} has no venv/ensurepip (Debian/Ubuntu: apt install python3-venv)")
    clone = tmp_path / "clone"
    subprocess.run([git, "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(python)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    venv = os.environ.get("VIRTUAL_ENV")
    env["PATH"] = os.pathsep.join([str(bin_dir), *(p for p in os.environ.get("PATH", "").split(os.pathsep)
                                                   if not (venv and p.startswith(venv)))])
    env[GUARD] = "1"
    first, second = quick_start_lines()
    runs = {"first": first, "second": second + " --collect-only -q"}
    for name, line in runs.items():
        proc = subprocess.run(["bash", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"{name} Quick start line failed: {line}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        if name == "first":
            assert "✓ view accepted" in proc.stdout
        else:
            assert re.search(r"\d+ tests? collected", proc.stdout), proc.stdout[-2000:]
    assert (clone / ".venv/bin/cdp-runner").exists()

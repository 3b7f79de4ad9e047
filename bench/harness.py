"""How bench/run.py runs and times commands: the bench server in a subprocess, each command as a
whole process with its output going to a file (as CI sees it), CPU (user + system) and peak RSS
from ``wait4``, and a description of the machine."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timing:
    wall: float  # seconds
    cpu: float  # seconds, user + system of the process and its waited-for children
    rss_mb: float  # peak resident set size


def find_newman(explicit: str | None) -> str | None:
    """``--newman``, ``$NEWMAN``, ``newman`` on PATH, then the repository's ``.ci/node`` install."""
    for candidate in (explicit, os.environ.get("NEWMAN"), shutil.which("newman"),
                      str(ROOT / ".ci" / "node" / "node_modules" / ".bin" / "newman")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("CDP_RUNNER_JS_ENGINE", None)
    env.pop("PYTEST_ADDOPTS", None)
    env["NO_COLOR"] = "1"
    # Byte-code caching on, as after any pip install, but outside the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "cdp-bench-pycache")
    return env


# Each command runs under this small launcher, which reports the command's wall, CPU and peak RSS.
# Linux starts a process's peak RSS at its parent's RSS at the fork, so measured straight from
# this (large) bench process every command would show at least the bench's own size.
_LAUNCHER = """import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


def timed(cmd: list[str], cwd: Path, output: Path) -> Timing:
    """Run ``cmd`` to the end; stop the bench if it fails (a fast wrong run proves nothing)."""
    measures = output.with_suffix(".measures")
    with open(output, "wb") as out:
        subprocess.run([sys.executable, "-I", "-S", "-c", _LAUNCHER, str(measures), *cmd], stdout=out,
                       stderr=subprocess.STDOUT, cwd=cwd, env=child_env(), check=False)
    code, wall, cpu, rss = measures.read_text(encoding="utf-8").split()
    if int(code) != 0:
        tail = output.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bench: {' '.join(cmd)} exited {code}; its output ends with:\n{tail}")
    rss_kb = int(rss) // 1024 if sys.platform == "darwin" else int(rss)
    return Timing(float(wall), float(cpu), rss_kb / 1024)


class Server:
    """bench/server.py in a subprocess on a free loopback port; the base URL while entered."""

    def __enter__(self) -> str:
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "server.py")], stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line.startswith("PORT "):
            self.proc.kill()
            raise SystemExit("bench: the bench server did not start")
        return f"http://127.0.0.1:{int(line.split()[1])}"

    def __exit__(self, *exc: Any) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine(newman: str | None) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        memory = "unknown"

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    info = {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "cdp-runner": version("cdp-runner"),
        "httpx": version("httpx"),
        "pytest": version("pytest"),
        "quickjs-ng": version("edwh-quickjs-ng"),
    }
    if newman:
        info["newman"] = tool_version([newman, "--version"])
        info["node"] = tool_version(["node", "--version"])
    return info

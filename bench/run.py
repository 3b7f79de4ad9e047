"""Benchmark cdp-runner against Newman and a plain httpx loop, side by side, on this machine.

    python bench/run.py                 # 300 requests, 5 repeats, memory 2,000 vs 20,000 requests
    python bench/run.py --quick         # smaller and faster: a smoke test of the numbers
    python bench/run.py --write-docs    # also (re)write docs/benchmarks.md with the results

What it does, in one run:

* starts bench/server.py (a minimal asyncio HTTP/1.1 keep-alive server, a few microseconds per
  request) in a subprocess on loopback, so the server is not what is measured;
* generates, in a temporary directory, a Postman collection of N requests, each with a
  message-building pre-request script and two tests (like the FORCE_CLOSE request of
  collections/stream/close-session.postman_collection.json), and the native equivalent
  (``prerequest.messages`` and declarative ``assert``, no JavaScript), plus one-request copies;
* times, alternating, as whole commands with their output going to a file (as CI sees it):
  (a) Newman on the Postman file, (b) cdp-runner on the Postman file, (c) cdp-runner on the
  native file, (d) bench/httpx_loop.py, a plain ``httpx.Client`` loop: the floor;
  the median of the repeats is kept;
* times ``cdp-runner --version`` and one-request runs (start-up), and the peak RSS of a native
  run of 20,000 requests against one of 2,000 (``-r cli -r json``).

Newman comes from the npm registry (``npm install newman``): the bench looks for ``$NEWMAN``,
``newman`` on PATH, then ``.ci/node/node_modules/.bin/newman``, and skips (a) when none is found.
Every run must pass all its checks, or the bench stops: a fast wrong run proves nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
CLIENT_KEY = "bench-client-key-0001"  # a made-up key: masked in output like a real one
POS, BROWSER_ID = "bench.example", "b-0001"

TARGETS = {  # from issue 8
    "b/a": 0.2,
    "c/d": 1.5,
    "version_ms": 150.0,
    "memory": 1.2,
}


# -- generated collections ------------------------------------------------------------------
def prerequest_source(i: int) -> list[str]:
    return [
        "var message = {",
        '    "channel": "WEB",',
        '    "type": "FORCE_CLOSE",',
        '    "language": "EN",',
        '    "currency": "GBP",',
        f'    "page": "page {i}",',
        '    "pos": pm.environment.get("pos"),',
        '    "browser_id": pm.environment.get("browserId")',
        "};",
        'pm.environment.set("message", JSON.stringify(message));',
    ]


TEST_SOURCE = [
    'pm.test("Status code is 201", function () {',
    "    pm.response.to.have.status(201);",
    "});",
    'pm.test("session closed", function () {',
    "    var body = pm.response.json();",
    '    pm.expect(body).to.have.property("status", "OK");',
    "    pm.expect(body.ref).to.not.be.empty;",
    "});",
]


def postman_collection(count: int) -> dict[str, Any]:
    items = []
    for i in range(1, count + 1):
        items.append({
            "name": f"FORCE_CLOSE {i:05d}",
            "event": [
                {"listen": "prerequest", "script": {"type": "text/javascript", "exec": prerequest_source(i)}},
                {"listen": "test", "script": {"type": "text/javascript", "exec": TEST_SOURCE}},
            ],
            "request": {
                "method": "GET",
                "header": [],
                "url": {
                    "raw": "{{baseUrl}}/v1.2/event/create.json?client_key={{clientKey}}&message={{message}}",
                    "host": ["{{baseUrl}}"],
                    "path": ["v1.2", "event", "create.json"],
                    "query": [{"key": "client_key", "value": "{{clientKey}}"},
                              {"key": "message", "value": "{{message}}"}],
                },
            },
            "response": [],
        })
    return {
        "info": {"name": f"bench postman {count}",
                 "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }


def native_collection(count: int) -> dict[str, Any]:
    items = []
    for i in range(1, count + 1):
        items.append({
            "name": f"FORCE_CLOSE {i:05d}",
            "prerequest": {"messages": {"message": {
                "channel": "WEB", "type": "FORCE_CLOSE", "language": "EN", "currency": "GBP",
                "page": f"page {i}", "pos": "{{POS}}", "browser_id": "{{BROWSER_ID}}"}}},
            "request": {"method": "GET", "url": "{{BASE_URL}}/v1.2/event/create.json",
                        "query": {"client_key": "{{CLIENT_KEY}}", "message": "{{message}}"}},
            "assert": [{"status": 201}, {"that": "$.status", "equals": "OK", "name": "session closed"},
                       {"that": "$.ref", "exists": True}],
        })
    return {"name": f"bench native {count}", "items": items}


class Files:
    """The generated inputs, in a temporary directory."""

    def __init__(self, folder: Path, base_url: str, requests: int, memory_block: int) -> None:
        self.folder = folder

        def dump(name: str, data: Any) -> Path:
            path = folder / name
            path.write_text(json.dumps(data, indent=1), encoding="utf-8")
            return path

        self.postman = dump("bench.postman_collection.json", postman_collection(requests))
        self.postman_one = dump("one.postman_collection.json", postman_collection(1))
        self.native = dump("bench.json", native_collection(requests))
        self.native_one = dump("one.json", native_collection(1))
        self.native_block = dump("block.json", native_collection(memory_block))
        self.postman_env = dump("bench.postman_environment.json", {"name": "bench", "values": [
            {"key": "baseUrl", "value": base_url, "enabled": True},
            {"key": "clientKey", "value": CLIENT_KEY, "enabled": True},
            {"key": "pos", "value": POS, "enabled": True},
            {"key": "browserId", "value": BROWSER_ID, "enabled": True}]})
        self.native_env = folder / "bench.env"
        self.native_env.write_text(f"BASE_URL={base_url}\nCLIENT_KEY={CLIENT_KEY}\nPOS={POS}\nBROWSER_ID={BROWSER_ID}\n",
                                   encoding="utf-8")
        self.output = folder / "output.log"
        self.reports = folder / "reports"


# -- processes ------------------------------------------------------------------------------
def find_newman(explicit: str | None) -> str | None:
    for candidate in (explicit, os.environ.get("NEWMAN"), shutil.which("newman"),
                      str(ROOT / ".ci" / "node" / "node_modules" / ".bin" / "newman")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def cdp_runner() -> list[str]:
    return [sys.executable, "-m", "runner"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("CDP_RUNNER_JS_ENGINE", None)
    env["NO_COLOR"] = "1"
    # Byte-code caching on, as after any pip install, but outside the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "cdp-bench-pycache")
    return env


def timed(cmd: list[str], files: Files, *, check: bool = True) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds (user + system), peak RSS in kB) of one command, output to a file."""
    with open(files.output, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=files.folder, env=child_env())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        tail = files.output.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bench: {' '.join(cmd)} exited {proc.returncode}; its output ends with:\n{tail}")
    rss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return wall, usage.ru_utime + usage.ru_stime, rss_kb


class Server:
    """bench/server.py in a subprocess on a free loopback port."""

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


# -- measuring ------------------------------------------------------------------------------
def variants(files: Files, newman: str | None, base_url: str, requests: int) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (command for N requests, command for one request)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if newman:
        out["a"] = ([newman, "run", str(files.postman), "-e", str(files.postman_env), "-r", "cli"],
                    [newman, "run", str(files.postman_one), "-e", str(files.postman_env), "-r", "cli"])
    out["b"] = (cdp_runner() + ["run", str(files.postman), "-e", str(files.postman_env)],
                cdp_runner() + ["run", str(files.postman_one), "-e", str(files.postman_env)])
    out["c"] = (cdp_runner() + ["run", str(files.native), "-e", str(files.native_env)],
                cdp_runner() + ["run", str(files.native_one), "-e", str(files.native_env)])
    loop = [sys.executable, str(ROOT / "bench" / "httpx_loop.py"), base_url]
    out["d"] = (loop + [str(requests)], loop + ["1"])
    return out


LABELS = {
    "a": "(a) Newman, Postman file",
    "b": "(b) cdp-runner, Postman file",
    "c": "(c) cdp-runner, native file",
    "d": "(d) plain httpx.Client loop",
}


def measure(args: argparse.Namespace, files: Files, newman: str | None, base_url: str) -> dict[str, Any]:
    runs = variants(files, newman, base_url, args.requests)
    samples: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": [], "one": [], "one_cpu": []} for k in runs}
    for _full, one in runs.values():  # warm-up: byte-code caches, the server
        timed(one, files)
    for r in range(args.repeats):
        for name, (full, one) in runs.items():
            wall, cpu, _ = timed(full, files)
            one_wall, one_cpu, _ = timed(one, files)
            for key, value in (("wall", wall), ("cpu", cpu), ("one", one_wall), ("one_cpu", one_cpu)):
                samples[name][key].append(value)
        print(f"  repeat {r + 1}/{args.repeats}: " + ", ".join(
            f"{k} {samples[k]['wall'][-1]:.2f}s (cpu {samples[k]['cpu'][-1]:.2f}s)" for k in runs), flush=True)
    version = [timed(cdp_runner() + ["--version"], files) for _ in range(max(args.repeats, 10))]
    results: dict[str, Any] = {"variants": {}}
    for name in runs:
        r = {key: statistics.median(values) for key, values in samples[name].items()}
        r["per_request_ms"] = (r["wall"] - r["one"]) / (args.requests - 1) * 1000
        r["cpu_per_request_ms"] = (r["cpu"] - r["one_cpu"]) / (args.requests - 1) * 1000
        results["variants"][name] = r
    results["version_ms"] = statistics.median(v[0] for v in version) * 1000
    results["version_cpu_ms"] = statistics.median(v[1] for v in version) * 1000
    print("  memory runs ...", flush=True)
    memory = {}
    for total in (args.memory_requests // 10, args.memory_requests):
        cmd = cdp_runner() + ["run", str(files.native_block), "-e", str(files.native_env),
                              "-n", str(total // args.memory_block), "-r", "cli", "-r", "json",
                              "--report-dir", str(files.reports)]
        wall, cpu, rss = timed(cmd, files)
        memory[total] = {"rss_mb": rss / 1024, "wall": wall, "cpu": cpu}
        report = json.loads((files.reports / "report.json").read_text(encoding="utf-8"))
        if report["summary"]["requests"]["total"] != total:
            raise SystemExit(f"bench: the memory run made {report['summary']['requests']['total']} requests, not {total}")
    results["memory"] = memory
    return results


# -- reporting ------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        memory = "unknown"

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    from runner import __version__

    return {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "cdp-runner": __version__,
        "httpx": version("httpx"),
        "h2": version("h2"),
        "quickjs-ng": version("edwh-quickjs-ng"),
        "rich": version("rich"),
    }


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def render(args: argparse.Namespace, info: dict[str, str], results: dict[str, Any]) -> str:
    v = results["variants"]
    n = args.requests
    lines = [
        f"{n} requests (one pre-request message build and two tests each; native: a message builder "
        f"and three declarative checks), median of {args.repeats} alternating runs, output to a file. "
        "CPU is user + system time of the command's process.",
        "",
        f"| run | wall, {n} requests | CPU, {n} requests | one-request run (wall / CPU) "
        "| per request (wall / CPU) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key in ("a", "b", "c", "d"):
        if key in v:
            r = v[key]
            lines.append(f"| {LABELS[key]} | {r['wall']:.2f} s | {r['cpu']:.2f} s | {r['one'] * 1000:.0f} ms / "
                         f"{r['one_cpu'] * 1000:.0f} ms | {r['per_request_ms']:.2f} ms / {r['cpu_per_request_ms']:.2f} ms |")
        else:
            lines.append(f"| {LABELS[key]} | skipped: Newman not found | | | |")
    lines.append("")
    checks: list[tuple[str, str, str, bool | None]] = []

    def ratio(name: str, top: str, bottom: str, target: float) -> None:
        wall = v[top]["wall"] / v[bottom]["wall"]
        cpu = v[top]["cpu"] / v[bottom]["cpu"]
        per = v[top]["cpu_per_request_ms"] / v[bottom]["cpu_per_request_ms"]
        checks.append((f"{name} (wall)", f"{wall:.2f}", f"<= {target}", wall <= target))
        checks.append((f"{name} (CPU)", f"{cpu:.2f}", f"<= {target}", cpu <= target))
        checks.append((f"{name} (CPU per request, start-up excluded)", f"{per:.2f}", "", None))

    if "a" in v:
        ratio("b/a", "b", "a", TARGETS["b/a"])
    ratio("c/d", "c", "d", TARGETS["c/d"])
    checks.append(("`cdp-runner --version` (wall / CPU)",
                   f"{results['version_ms']:.0f} ms / {results['version_cpu_ms']:.0f} ms",
                   f"<= {TARGETS['version_ms']:.0f} ms", results["version_ms"] <= TARGETS["version_ms"]))
    for key in ("c", "b", "a"):
        if key in v:
            checks.append((f"one-request run, {LABELS[key][4:]} (wall / CPU)",
                           f"{v[key]['one'] * 1000:.0f} ms / {v[key]['one_cpu'] * 1000:.0f} ms", "", None))
    small, big = sorted(results["memory"])
    m_small, m_big = results["memory"][small], results["memory"][big]
    mratio = m_big["rss_mb"] / m_small["rss_mb"]
    for count, m in ((small, m_small), (big, m_big)):
        checks.append((f"peak RSS, {count:,} requests (native, `-r cli -r json`)",
                       f"{m['rss_mb']:.1f} MB (wall {m['wall']:.1f} s, CPU {m['cpu']:.1f} s)", "", None))
    checks.append((f"peak RSS ratio {big:,} / {small:,}", f"{mratio:.2f}", f"<= {TARGETS['memory']}",
                   mratio <= TARGETS["memory"]))
    lines += ["| measure | value | target | met |", "|---|---:|---|---|"]
    for name, value, target, met in checks:
        lines.append(f"| {name} | {value} | {target} | {'' if met is None else ('yes' if met else 'NO')} |")
    lines += ["", "Machine: " + ", ".join(f"{k} {val}" for k, val in info.items()) + f"; load average at the "
              f"start {results.get('load', '?')}"]
    return "\n".join(lines)


DOC_HEAD = """# Benchmarks

Measured with `python bench/run.py --write-docs` (see the docstring of [bench/run.py](../bench/run.py)
for what it does). Re-run it on your machine: absolute numbers vary, the ratios are what the
targets are about. The server is bench/server.py, a minimal asyncio HTTP/1.1 keep-alive
server in its own process, so that the server's cost stays far below the client's: the
embedded sandbox under uvicorn (pure-Python h11) costs more per request than the runner and
would be what the numbers measure. Every command's output goes to a file, as in CI.

Targets (issue 8): (b) <= 0.2 x Newman's wall time; (c) <= 1.5 x the plain `httpx.Client`
loop; `cdp-runner --version` <= 150 ms; peak memory of 20,000 requests <= 1.2 x that of 2,000.
"Per request" is (wall of the N-request run - wall of the one-request run) / (N - 1): the
steady-state cost, start-up excluded.

## Latest results

"""


def write_docs(text: str, args: argparse.Namespace) -> None:
    old = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    marker = "\n## Notes"
    notes = old[old.index(marker):] if marker in old else ""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    command = "python bench/run.py" + (" --quick" if args.quick else "") + \
        ("" if args.requests == 300 or args.quick else f" --requests {args.requests}")
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(DOC_HEAD + f"`{command}`, {stamp}:\n\n" + text + "\n" + notes, encoding="utf-8")
    print(f"wrote {DOCS.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=300, help="requests per timed run (default 300)")
    ap.add_argument("--repeats", type=int, default=5, help="alternating repeats; the median is kept (default 5)")
    ap.add_argument("--memory-requests", type=int, default=20_000,
                    help="requests of the big memory run; the small one has a tenth (default 20000)")
    ap.add_argument("--memory-block", type=int, default=100, help="requests per iteration in the memory runs")
    ap.add_argument("--quick", action="store_true", help="100 requests, 3 repeats, memory 4,000 vs 400")
    ap.add_argument("--newman", metavar="PATH", help="the newman executable (default: $NEWMAN, PATH, .ci/node)")
    ap.add_argument("--no-newman", action="store_true", help="skip (a)")
    ap.add_argument("--keep", metavar="DIR", help="write the generated files to DIR and keep them (for profiling)")
    ap.add_argument("--write-docs", action="store_true", help="write the results to docs/benchmarks.md")
    args = ap.parse_args()
    if args.quick:
        args.requests, args.repeats, args.memory_requests = 100, 3, 4_000
    if args.requests < 2 or args.memory_requests % (10 * args.memory_block):
        ap.error("--requests must be >= 2 and --memory-requests a multiple of 10 x --memory-block")

    newman = None if args.no_newman else find_newman(args.newman)
    info = machine()
    if newman:
        info["newman"] = tool_version([newman, "--version"])
        info["node"] = tool_version(["node", "--version"])
    else:
        print("bench: Newman not found ($NEWMAN, PATH, .ci/node/node_modules/.bin/newman): (a) skipped."
              + ("" if args.no_newman else " Install it with: npm install --prefix .ci/node newman"))
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    with Server() as base_url:
        if args.keep:
            folder = Path(args.keep).resolve()
            folder.mkdir(parents=True, exist_ok=True)
            files = Files(folder, base_url, args.requests, args.memory_block)
            results = measure(args, files, newman, base_url)
        else:
            with tempfile.TemporaryDirectory(prefix="cdp-bench-") as tmp:
                files = Files(Path(tmp), base_url, args.requests, args.memory_block)
                results = measure(args, files, newman, base_url)
    results["load"] = load
    text = render(args, info, results)
    print()
    print(text)
    if args.write_docs:
        write_docs(text, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

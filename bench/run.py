"""Benchmark cdp-runner against Newman, a plain httpx loop and an http.client loop, side by side.

    python bench/run.py                 # 300 and 3,000 requests, 5 alternating repeats
    python bench/run.py --quick         # 100 and 1,000 requests, 2 repeats: a fast look
    python bench/run.py --write-docs    # also (re)write docs/benchmarks.md with this run's output

What it does, in one run:

* starts bench/server.py (a minimal asyncio HTTP/1.1 keep-alive server, a few microseconds per
  request) in a subprocess on loopback, so the server is not what is measured;
* generates (bench/workloads.py) Postman collections whose requests each run a message-building
  pre-request script and two tests, and native ones doing the same work without JavaScript (a
  message builder, three declarative checks), of 1, S (300) and B (3,000) requests, plus a
  5,000-item native file for the memory pair;
* times whole commands, output to a file, alternating within every repeat (A B C ... A B C ...):
  cdp-runner on the native and the Postman files, Newman (S only: it is slow), bench/httpx_loop.py
  and bench/httpclient_loop.py (the same requests and checks by hand), and pytest over the
  native file (the plugin) against ``cdp-runner run`` of the same file; medians are kept;
* measures pytest's own floor with the same pytest command line over items that do nothing (a
  plugin bench/workloads.py writes), so the least a pytest plugin's per-item ratio can be is
  printed next to the target: (per request under ``cdp-runner run`` + pytest's per item) / per
  request under ``cdp-runner run``; the pytest runs have a folder of their own (pytest offers
  every file of a folder to the plugins even when given one file);
* derives the steady cost per request: (CPU of the N-request run - CPU of the one-request run)
  / (N - 1), start-up excluded; CPU is user + system time of the process tree, the steadier
  figure on a shared machine;
* measures peak RSS against file size (5,000-item file vs the 300-item one) and run length
  (20,000 vs 2,000 requests from one 100-item file, ``-n``), and ``cdp-runner --version``;
* prints each target of issue 17 (and the whole-run targets of issue 8) and whether it is met.

Newman comes from the npm registry (``npm install --prefix .ci/node newman``): the bench looks
for ``--newman``, ``$NEWMAN``, ``newman`` on PATH, then ``.ci/node/node_modules/.bin/newman``, and
skips it with a note when none is found. Every run must pass all its checks, or the bench stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Server, find_newman, load_average, machine, timed  # noqa: E402
from report import render, write_docs  # noqa: E402
from workloads import Files  # noqa: E402


def commands(files: Files, newman: str | None, base_url: str, args: argparse.Namespace) -> dict[str, list[str]]:
    """'kind@N' -> the command that makes N requests of that kind (N = 1 is the start-up run)."""
    py = sys.executable
    small, big = args.small, args.big
    out: dict[str, list[str]] = {}
    for n in (1, small, big):
        out[f"native@{n}"] = [py, "-m", "runner", "run", str(files.native[n]), "-e", str(files.native_env)]
    out[f"native@{args.memory_file}"] = [py, "-m", "runner", "run", str(files.native[args.memory_file]),
                                         "-e", str(files.native_env)]
    for n in (1, small, big):
        out[f"postman@{n}"] = [py, "-m", "runner", "run", str(files.postman[n]), "-e", str(files.postman_env)]
    if newman:
        for n in (1, small):
            out[f"newman@{n}"] = [newman, "run", str(files.postman[n]), "-e", str(files.postman_env), "-r", "cli"]
    for kind, script in (("httpx", "httpx_loop.py"), ("httpclient", "httpclient_loop.py")):
        for n in (1, small, big):
            out[f"{kind}@{n}"] = [py, str(ROOT / "bench" / script), base_url, str(n)]
    for n in (1, small, big):  # the plugin, and pytest's floor: the same command line, items that do nothing
        pytest = [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                  "--cdp-env", str(files.native_env)]
        out[f"pytest@{n}"] = [*pytest, str(files.pytest_native[n])]
        out[f"floor@{n}"] = [*pytest, str(files.floor[n])]
    return out


def measure(args: argparse.Namespace, files: Files, newman: str | None, base_url: str) -> dict[str, Any]:
    cmds = commands(files, newman, base_url, args)
    samples: dict[str, list[Any]] = {k: [] for k in cmds}
    for key, cmd in cmds.items():  # warm-up: byte-code caches, the server, the page cache
        if key.endswith("@1"):
            timed(cmd, files.folder, files.output)
    for r in range(args.repeats):
        for key, cmd in cmds.items():
            samples[key].append(timed(cmd, files.folder, files.output))
        print(f"  repeat {r + 1}/{args.repeats}: " + ", ".join(
            f"{k} {samples[k][-1].cpu:.2f}s" for k in cmds if not k.endswith("@1")), flush=True)
    results: dict[str, Any] = {"runs": {}}
    for key, values in samples.items():
        results["runs"][key] = {field: statistics.median(getattr(v, field) for v in values)
                                for field in ("wall", "cpu", "rss_mb")}
    version = [timed([sys.executable, "-m", "runner", "--version"], files.folder, files.output)
               for _ in range(max(args.repeats, 10))]
    results["version_ms"] = statistics.median(v.wall for v in version) * 1000
    results["version_cpu_ms"] = statistics.median(v.cpu for v in version) * 1000
    print("  run-length memory runs ...", flush=True)
    results["length"] = {}
    for total in (args.memory_requests // 10, args.memory_requests):
        cmd = [sys.executable, "-m", "runner", "run", str(files.native_block), "-e", str(files.native_env),
               "-n", str(total // args.memory_block), "-r", "cli", "-r", "json", "--report-dir", str(files.reports)]
        results["length"][total] = timed(cmd, files.folder, files.output)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", type=int, default=300, help="requests of the small runs (default 300)")
    ap.add_argument("--big", type=int, default=3000, help="requests of the big runs (default 3000)")
    ap.add_argument("--memory-file", type=int, default=5000, help="items of the big file of the memory pair")
    ap.add_argument("--repeats", type=int, default=5, help="alternating repeats; the median is kept (default 5)")
    ap.add_argument("--memory-requests", type=int, default=20_000,
                    help="requests of the long memory run; the short one has a tenth (default 20000)")
    ap.add_argument("--memory-block", type=int, default=100, help="items of the file the long runs repeat")
    ap.add_argument("--quick", action="store_true", help="100 / 1,000 requests, 2 repeats, smaller memory runs")
    ap.add_argument("--newman", metavar="PATH", help="the newman executable (default: $NEWMAN, PATH, .ci/node)")
    ap.add_argument("--no-newman", action="store_true", help="leave Newman out")
    ap.add_argument("--keep", metavar="DIR", help="write the generated files to DIR and keep them (for profiling)")
    ap.add_argument("--write-docs", action="store_true", help="write this run's output to docs/benchmarks.md")
    args = ap.parse_args()
    if args.quick:
        args.small, args.big, args.memory_file, args.repeats, args.memory_requests = 100, 1000, 1500, 2, 4_000
    if not 2 <= args.small < args.big or args.memory_requests % (10 * args.memory_block):
        ap.error("need 2 <= --small < --big, and --memory-requests a multiple of 10 x --memory-block")

    newman = None if args.no_newman else find_newman(args.newman)
    if newman is None:
        print("bench: note: Newman not found (--newman, $NEWMAN, PATH, .ci/node/node_modules/.bin/newman): "
              "its runs are skipped." + ("" if args.no_newman else " Install: npm install --prefix .ci/node newman"))
    info = machine(newman)
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    load_start = load_average()
    print(f"load average at the start: {load_start}", flush=True)
    with Server() as base_url:
        sizes = {args.small, args.big, args.memory_file}
        pytest_sizes = {args.small, args.big}
        if args.keep:
            folder = Path(args.keep).resolve()
            folder.mkdir(parents=True, exist_ok=True)
            results = measure(args, Files(folder, base_url, sizes, args.memory_block, pytest_sizes), newman,
                              base_url)
        else:
            with tempfile.TemporaryDirectory(prefix="cdp-bench-") as tmp:
                results = measure(args, Files(Path(tmp), base_url, sizes, args.memory_block, pytest_sizes), newman,
                                  base_url)
    results["load"] = (load_start, load_average())
    text = render(args, info, results, newman is not None)
    print()
    print(text)
    if args.write_docs:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        print(write_docs(text, args, stamp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

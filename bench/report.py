"""What bench/run.py prints, and docs/benchmarks.md: per-request CPU, whole runs, memory, and each
target of issue 17 (plus issue 8's whole-run targets) with whether this run meets it."""

from __future__ import annotations

import argparse
from typing import Any

from harness import ROOT

DOCS = ROOT / "docs" / "benchmarks.md"

#: the targets, as ratios measured in one run (issue 17; the whole-run ones from issue 8)
TARGETS = {
    "postman_vs_newman": 0.1,  # Postman per-request CPU / Newman's
    "native_vs_httpx": 1.2,  # native per-request CPU / the httpx loop's, big runs
    "native_big_vs_small": 1.1,  # per request, big file / small file: "no dearer" within run-to-run noise
    "pytest_vs_run": 1.5,  # per-item CPU under pytest / per request under `cdp-runner run`
    "memory_file": 1.2,  # peak RSS, 5,000-item file / 300-item file
    "memory_length": 1.2,  # peak RSS, 20,000 requests / 2,000 (one file, -n)
    "whole_postman_vs_newman": 0.2,  # whole small run, CPU (issue 8)
    "whole_native_vs_httpx": 1.5,  # whole small run, CPU (issue 8)
    "version_ms": 150.0,
}

LABELS = {
    "httpclient": "http.client loop (the floor)",
    "httpx": "httpx.Client loop",
    "native": "cdp-runner, native",
    "postman": "cdp-runner, Postman (2 scripts a request)",
    "newman": "Newman",
    "pytest": "pytest over the native file (plugin)",
    "floor": "pytest, do-nothing items (pytest's own per-item cost)",
}


def per_request(runs: dict[str, Any], kind: str, n: int) -> float | None:
    """Steady CPU per request in ms: (CPU(n) - CPU(1)) / (n - 1); None when not measured."""
    if f"{kind}@{n}" not in runs:
        return None
    return (runs[f"{kind}@{n}"]["cpu"] - runs[f"{kind}@1"]["cpu"]) / (n - 1) * 1000


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} ms"


def _ratio(top: float | None, bottom: float | None) -> str:
    return "-" if top is None or bottom is None else f"{top / bottom:.2f}"


def render(args: argparse.Namespace, info: dict[str, str], results: dict[str, Any], newman: bool) -> str:
    runs, small, big = results["runs"], args.small, args.big
    per = {(k, n): per_request(runs, k, n) for k in LABELS for n in (small, big)}
    lines = [
        f"Median of {args.repeats} alternating repeats. CPU is user + system time of the command's "
        "process tree; *per request* is (CPU of the N-request run - CPU of the one-request run) / (N - 1), "
        "start-up excluded.",
        "",
        f"| run | CPU per request, {small} | CPU per request, {big:,} | vs httpx loop | vs http.client loop |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("httpclient", "httpx", "native", "postman", "newman", "pytest", "floor"):
        if kind == "newman" and not newman:
            lines.append(f"| {LABELS[kind]} | skipped: not found | | | |")
            continue
        at = big if per[(kind, big)] is not None else small  # Newman: small runs only
        label = LABELS[kind] + ("" if at == big else f" ({small} requests)")
        if kind == "floor":  # pytest's cost per item, no request: nothing to compare with a loop
            lines.append(f"| {label} | {_ms(per[(kind, small)])} | {_ms(per[(kind, big)])} | | |")
            continue
        lines.append(f"| {label} | {_ms(per[(kind, small)])} | {_ms(per[(kind, big)])} | "
                     f"{_ratio(per[(kind, at)], per[('httpx', at)])} | "
                     f"{_ratio(per[(kind, at)], per[('httpclient', at)])} |")
    lines += ["", "| whole run | wall | CPU | peak RSS |", "|---|---:|---:|---:|"]
    for key, r in runs.items():
        kind, _, n = key.partition("@")
        lines.append(f"| {LABELS[kind]}, {int(n):,} request{'s' if n != '1' else ''} | {r['wall']:.2f} s | "
                     f"{r['cpu']:.2f} s | {r['rss_mb']:.1f} MB |")
    for total, t in sorted(results["length"].items()):
        lines.append(f"| cdp-runner, native, {total:,} requests ({args.memory_block}-item file, `-n`, "
                     f"`-r cli -r json`) | {t.wall:.2f} s | {t.cpu:.2f} s | {t.rss_mb:.1f} MB |")
    lines.append(f"| `cdp-runner --version` | {results['version_ms'] / 1000:.3f} s | "
                 f"{results['version_cpu_ms'] / 1000:.3f} s | |")

    checks: list[tuple[str, float | None, str, float | None]] = []

    def check(name: str, value: float | None, target_key: str | None, unit: str = "") -> None:
        checks.append((name, value, unit, None if target_key is None else TARGETS[target_key]))

    if newman:
        check(f"Postman per-request CPU / Newman's ({small} requests)", _div(per[("postman", small)],
              per[("newman", small)]), "postman_vs_newman")
    check(f"native per-request CPU / httpx loop's ({big:,} requests)", _div(per[("native", big)],
          per[("httpx", big)]), "native_vs_httpx")
    check(f"native per-request CPU, {big:,}-item file / {small}-item file",
          _div(per[("native", big)], per[("native", small)]), "native_big_vs_small")
    check(f"pytest per-item CPU / `cdp-runner run` per-request CPU ({small} requests)",
          _div(per[("pytest", small)], per[("native", small)]), "pytest_vs_run")
    for n in (small, big):  # what pytest itself allows: a plugin whose items cost nothing beyond their request
        floor, run = per[("floor", n)], per[("native", n)]
        if n == big:  # the same ratio from the longer pair: the difference of two longer runs, less noisy
            check(f"pytest per-item CPU / `cdp-runner run` per-request CPU ({big:,} requests)",
                  _div(per[("pytest", big)], run), None)
        check(f"the least that ratio can be under pytest: (`cdp-runner run` per request + pytest's own "
              f"per-item CPU, {_ms(floor)}) / `cdp-runner run` per request ({n:,} requests)",
              None if floor is None or run is None else _div(run + floor, run), None)
    own = {n: _minus(per[("pytest", n)], per[("floor", n)], per[("native", n)]) for n in (small, big)}
    mem_small, mem_big = runs[f"native@{small}"]["rss_mb"], runs[f"native@{args.memory_file}"]["rss_mb"]
    check(f"peak RSS, {args.memory_file:,}-item file / {small}-item file ({mem_big:.1f} / {mem_small:.1f} MB)",
          mem_big / mem_small, "memory_file")
    short, long = sorted(results["length"])
    check(f"peak RSS, {long:,} / {short:,} requests ({results['length'][long].rss_mb:.1f} / "
          f"{results['length'][short].rss_mb:.1f} MB)",
          results["length"][long].rss_mb / results["length"][short].rss_mb, "memory_length")
    if newman:
        check(f"whole run CPU, Postman / Newman ({small} requests)",
              runs[f"postman@{small}"]["cpu"] / runs[f"newman@{small}"]["cpu"], "whole_postman_vs_newman")
    check(f"whole run CPU, native / httpx loop ({small} requests)",
          runs[f"native@{small}"]["cpu"] / runs[f"httpx@{small}"]["cpu"], "whole_native_vs_httpx")
    check("`cdp-runner --version` wall, ms", results["version_ms"], "version_ms")
    lines += ["", "| target | value | target | met |", "|---|---:|---:|---|"]
    for name, value, _unit, target in checks:
        if target is None:  # a figure to read a target by, not a target
            lines.append(f"| {name} | {'-' if value is None else f'{value:.2f}'} | | |")
            continue
        met = "-" if value is None else ("yes" if value <= target else "NO")
        shown = "-" if value is None else (f"{value:.0f}" if target >= 10 else f"{value:.2f}")
        lines.append(f"| {name} | {shown} | <= {target:g} | {met} |")
    lines += ["", "What pytest with the plugin costs an item beyond pytest's own per-item cost and the request's "
              f"under `cdp-runner run`: {_ms(own[small])} at {small}, {_ms(own[big])} at {big:,} requests."]
    start, end = results["load"]
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
              f"Load average (1, 5, 15 min): {start} at the start, {end} at the end."]
    return "\n".join(lines)


def _minus(first: float | None, *others: float | None) -> float | None:
    if first is None or None in others:
        return None
    return first - sum(v for v in others if v is not None)


def _div(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or bottom is None or bottom <= 0 else top / bottom


DOC_HEAD = """# Benchmarks

Measured with `python bench/run.py --write-docs`; the docstring of [bench/run.py](../bench/run.py)
says what it does. Re-run it on your machine: absolute numbers vary with the machine and its
load, the ratios (all measured in one run, alternating) are what the targets are about.

The server is bench/server.py, a minimal asyncio HTTP/1.1 keep-alive server in its own process,
so that the server's cost stays far below the client's. Every command's output goes to a file,
as in CI. The floors are two loops making the same requests and checks by hand: `httpx.Client`
(what cdp-runner sends with) and the standard library's `http.client`.

Targets (issue 17): Postman per-request CPU <= 0.1 x Newman's; native per-request CPU <= 1.2 x
the httpx loop's at 3,000 requests, and no dearer from a big file than from a small one (within
10 %, the run-to-run noise of a per-request figure here); peak memory flat in file size (5,000
items within 1.2 x of 300) as in run length (20,000 requests within 1.2 x of 2,000); the pytest
plugin's per-item CPU <= 1.5 x a request's under `cdp-runner run` (printed under it: the least
that ratio can be, from pytest's own cost per item, measured with items that do nothing; and the
plugin's own cost per item on top of both). Kept from issue 8: whole-run
CPU of a Postman file <= 0.2 x Newman's, of a native file <= 1.5 x the httpx loop's;
`cdp-runner --version` <= 150 ms.

## Latest results

"""


def write_docs(text: str, args: argparse.Namespace, stamp: str) -> str:
    old = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    marker = "\n## Notes"
    notes = old[old.index(marker):] if marker in old else ""
    command = "python bench/run.py" + (" --quick" if args.quick else "") + \
        ("" if args.quick or args.repeats == 5 else f" --repeats {args.repeats}")
    DOCS.write_text(DOC_HEAD + f"`{command}`, {stamp}:\n\n" + text + "\n" + notes, encoding="utf-8")
    return f"wrote {DOCS.relative_to(ROOT)}"

"""Benchmark the script engine backends (quickjs vs mini-racer) of runner.scripting.

Usage:  python bench/js_engines.py [--calls N]

For each backend, in one run:
  * import time      -- ``import <library>`` in a fresh interpreter (median of 5 subprocesses)
  * first run        -- get_engine() + first engine.run(): context creation, prelude, compile
  * per call         -- median / p95 of N engine.run() calls of a small message-building script
                        (builds a FORCE_CLOSE message from pm.environment values,
                        JSON.stringify, pm.environment.set)
  * raw eval         -- median of N trivial evals straight through the library (bridge floor)
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.scripting import Script, get_engine  # noqa: E402

SCRIPT = Script(
    name="Bench/FORCE_CLOSE [prerequest]",
    source="""
const message = {
  type: 'FORCE_CLOSE',
  channel: pm.environment.get('channel'),
  clientKey: pm.environment.get('clientKey'),
  browserId: pm.environment.get('browserId'),
  pos: pm.environment.get('pos'),
  language: pm.environment.get('language') || 'EN',
  currency: pm.environment.get('currency'),
  page: 'checkout',
  ext: { iteration: pm.info.iteration, requestName: pm.info.requestName },
};
pm.environment.set('forceCloseBody', JSON.stringify(message));
""",
)

CONTEXT = {
    "event": "prerequest",
    "variables": {
        "globals": {},
        "collection": {"pos": "spinair.com"},
        "environment": {
            "channel": "WEB",
            "clientKey": "pqsDATA3lw12v5a9rrHPW1c4hET73GxQ",
            "browserId": "f0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
            "pos": "spinair.com",
            "currency": "EUR",
        },
        "data": {},
        "local": {},
    },
    "request": {
        "id": "req-force-close",
        "name": "FORCE_CLOSE",
        "method": "POST",
        "url": "https://api.example.com/v2/events",
        "headers": [["Content-Type", "application/json"]],
        "body": "{{forceCloseBody}}",
    },
    "response": None,
    "info": {"requestName": "FORCE_CLOSE", "requestId": "req-force-close", "iteration": 0, "iterationCount": 1,
             "eventName": "prerequest"},
    "iterationData": {},
}

BACKENDS = {
    "quickjs": ("quickjs", "import quickjs; quickjs.Context().eval('1')"),
    "mini-racer": ("py_mini_racer", "from py_mini_racer import MiniRacer; MiniRacer().eval('1')"),
}


def import_time_ms(module: str, stmt: str, repeat: int = 5) -> tuple[float, float]:
    """Median ms of `import module` and of import + first bare context, each in a fresh interpreter."""
    code = (
        f"import time; t0 = time.perf_counter(); import {module}; t1 = time.perf_counter(); {stmt}; "
        "t2 = time.perf_counter(); "
        "print((t1 - t0) * 1000, (t2 - t0) * 1000)"
    )
    imp, ctx = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        a, b = map(float, out.stdout.split())
        imp.append(a)
        ctx.append(b)
    return statistics.median(imp), statistics.median(ctx)


def bench_backend(name: str, calls: int) -> dict:
    module, stmt = BACKENDS[name]
    imp_ms, imp_ctx_ms = import_time_ms(module, stmt)

    t0 = time.perf_counter()
    engine = get_engine(name)
    out = engine.run(SCRIPT, CONTEXT)
    first_ms = (time.perf_counter() - t0) * 1000
    assert out.error is None, out.error
    assert out.variable_ops[0].name == "forceCloseBody", out.variable_ops

    for _ in range(50):  # warm up
        engine.run(SCRIPT, CONTEXT)
    samples = []
    for _ in range(calls):
        t = time.perf_counter()
        engine.run(SCRIPT, CONTEXT)
        samples.append((time.perf_counter() - t) * 1e6)
    samples.sort()

    raw = []
    if name == "quickjs":
        import quickjs

        ctx = quickjs.Context()
        fn = ctx.eval("(function (s) { return s; })")
        for _ in range(calls):
            t = time.perf_counter()
            fn("x")
            raw.append((time.perf_counter() - t) * 1e6)
    else:
        from py_mini_racer import MiniRacer

        mr = MiniRacer()
        for _ in range(calls):
            t = time.perf_counter()
            mr.eval("'x'")
            raw.append((time.perf_counter() - t) * 1e6)
        mr.close()
    engine.close()
    return {
        "backend": name,
        "import_ms": imp_ms,
        "import_ctx_ms": imp_ctx_ms,
        "first_run_ms": first_ms,
        "median_us": statistics.median(samples),
        "p95_us": samples[int(len(samples) * 0.95) - 1],
        "raw_eval_us": statistics.median(raw),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=2000, help="engine.run() calls per backend (default 2000)")
    args = ap.parse_args()

    rows = []
    for name, (module, _) in BACKENDS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name}: not installed, skipped")
            continue
        rows.append(bench_backend(name, args.calls))

    print(f"Python {sys.version.split()[0]}, {args.calls} calls per backend; script: FORCE_CLOSE message build")
    header = (f"{'backend':<11} {'import':>9} {'import+ctx':>11} {'first run':>10} {'run median':>11} "
              f"{'run p95':>9} {'raw eval':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['backend']:<11} {r['import_ms']:>7.1f}ms {r['import_ctx_ms']:>9.1f}ms {r['first_run_ms']:>8.1f}ms "
            f"{r['median_us']:>9.1f}us {r['p95_us']:>7.1f}us {r['raw_eval_us']:>7.1f}us"
        )
    print("import/import+ctx: fresh interpreter; first run: get_engine() + first run (prelude + compile);")
    print("run: engine.run() incl. JSON in/out and outcome decoding; raw eval: trivial call through the library.")


if __name__ == "__main__":
    main()

"""QuickJS backend -- the default script engine.

The ``quickjs`` module comes from PyPI's ``edwh-quickjs-ng``: QuickJS-NG (the maintained fork of
QuickJS, wheels for CPython 3.10+) behind the same Python API as the older ``quickjs`` 1.19.4
wheel. We moved to it because the 2021 QuickJS inside ``quickjs`` 1.19.4 segfaults the whole
Python process when some memory bombs hit the memory limit (while building the out-of-memory
error's backtrace); QuickJS-NG stops them with an error (tests/test_script_sandbox.py).

Why QuickJS rather than V8 (mini-racer) -- numbers from ``python bench/js_engines.py`` (one run
on the dev box: Python 3.11.7, edwh-quickjs-ng 0.14.0.3, mini-racer 0.14.1 / V8, 2000 calls of
the FORCE_CLOSE message-building script):

    backend      import  import+ctx  first run  run median  run p95  raw eval
    quickjs      14.8ms      15.2ms     19.5ms      89.5us  160.1us     0.4us
    mini-racer   53.5ms      94.9ms     73.7ms     357.9us  556.4us   285.5us

  i.e. ~5x cheaper to start (import + first context) and ~4x cheaper per script call; the
  mini-racer floor is ~280 us per eval (each call hops through its asyncio thread) before any
  script runs, while quickjs calls cost well under a microsecond.

* start-up matters more than raw JS speed: a run that has scripts pays import + first context
  once, and collection scripts are tiny, so per-call bridge cost dominates JIT speed. quickjs is
  a direct C call; every mini-racer call hops through its asyncio event-loop thread;
* quickjs contexts are small and cheap to recreate after a time/memory limit stop;
* quickjs is a plain wheel dependency; mini-racer ships a ~40 MB V8 shared library.

mini-racer stays available (``get_engine("mini-racer")``, extra ``[v8]``) for CPU-heavy
scripts, where V8's JIT wins.

Notes: the quickjs Python API refuses to call Python callables while a time limit is set ("Can
not call into Python with a time limit set"), so no Python callables are bridged: digests come
from hash_fallback.js and pm.sendRequest goes through the outcome "outbox" (see pm.js). A
QuickJS runtime must only be used from the thread that created it, so each thread calling
:meth:`QuickJSEngine.run` gets its own context (and compile cache).
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from typing import Any

import quickjs

from ._base import BaseEngine, ScriptOOM, ScriptTimeout, prelude, seal_code, user_line, wrap_module, wrap_source
from ._compiled import CompiledScripts
from ._context import RunArgs
from ._model import Script, ScriptError
from ._outcome import MalformedOutcome

_PRELUDE: str | None = None
_SYNTAX_LINE = re.compile(r"\n\s+at <input>:(\d+)")
_INTERRUPTED = "InternalError: interrupted"
_HARNESS_ERRORS = ("Error:", "TypeError:", "ReferenceError:", "SyntaxError:", "URIError:", "EvalError:")


def _prelude() -> str:
    global _PRELUDE
    if _PRELUDE is None:
        _PRELUDE = prelude()
    return _PRELUDE


class _Ctx:
    """One QuickJS context with the prelude loaded, plus its compile cache."""

    __slots__ = ("ctx", "run_fn", "tick_fn", "deliver_fn", "answer_fn", "compiled", "loaded", "held")

    def __init__(self, engine: QuickJSEngine) -> None:
        ctx = quickjs.Context()
        ctx.eval(_prelude())
        ctx.eval(seal_code(engine.seal))
        ctx.set_memory_limit(engine.memory_limit_mb * 1024 * 1024)
        if engine.time_limit_ms > 0:
            ctx.set_time_limit(engine.time_limit_ms / 1000.0)
        self.ctx = ctx
        self.run_fn = ctx.eval("__cdp.run")
        self.tick_fn = ctx.eval("__cdp.tick")
        self.deliver_fn = ctx.eval("__cdp.deliver")
        self.answer_fn = ctx.eval("__cdp.answer")
        self.loaded: set[str] = set()
        self.compiled = CompiledScripts(engine.compiled_limit)
        self.held: dict[str, str] = {}  # the variable scopes this context holds (see _context.py)


def _raise_for(exc: Exception) -> None:
    """Map an exception that escaped JS (only uncatchable conditions do) to ours."""
    text = str(exc)
    if text.startswith(_INTERRUPTED):
        raise ScriptTimeout from exc
    if text.startswith(_HARNESS_ERRORS):  # an ordinary exception: a script broke the harness
        raise MalformedOutcome(f"the harness threw {text.splitlines()[0][:200]}") from exc
    raise ScriptOOM from exc


class QuickJSEngine(BaseEngine):
    name = "quickjs"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._local = threading.local()

    def _lock(self):
        return contextlib.nullcontext()  # one context per thread: nothing shared

    def _ctx(self) -> _Ctx:
        c = getattr(self._local, "ctx", None)
        if c is None:
            c = self._local.ctx = _Ctx(self)
        return c

    def _reset(self) -> None:
        self._local.ctx = None

    def _held_vars(self) -> dict[str, str]:
        return self._ctx().held

    def _compile(self, script: Script) -> int | ScriptError:
        c = self._ctx()
        index = c.compiled.get(script.source)
        if index is not None:
            return index
        index = c.compiled.next_slot()
        try:
            c.ctx.eval(wrap_source(index, script.source, self.seal))
        except quickjs.JSException as exc:
            text = str(exc)
            if text.startswith(_INTERRUPTED):
                self._reset()
                return self._timeout_error()
            if not text.startswith("SyntaxError"):
                self._reset()
                return self._memory_error()
            m = _SYNTAX_LINE.search(text)
            line = user_line(script.source, int(m.group(1)) if m else None)
            return ScriptError(text.split("\n", 1)[0], line, "syntax")
        c.compiled.add(script.source, index)
        return index

    def _js_run(self, index: int, args: RunArgs) -> str:
        try:
            return self._ctx().run_fn(self.seal, index, *args)
        except quickjs.JSException as exc:
            _raise_for(exc)
            raise

    def _js_tick(self) -> str:
        try:
            return self._ctx().tick_fn(self.seal)
        except quickjs.JSException as exc:
            _raise_for(exc)
            raise

    def _js_deliver(self, send_id: int, payload: str) -> None:
        try:
            self._ctx().deliver_fn(self.seal, send_id, payload)
        except quickjs.JSException as exc:
            _raise_for(exc)
            raise

    def _js_answer(self, key: str, payload: str) -> None:
        try:
            self._ctx().answer_fn(self.seal, key, payload)
        except quickjs.JSException as exc:
            _raise_for(exc)
            raise

    def _js_load(self, file: str, source: str) -> None:
        c = self._ctx()
        if file in c.loaded:
            return
        try:
            c.ctx.eval(wrap_module(source, self.seal))
        except quickjs.JSException as exc:
            _raise_for(exc)
            raise
        c.loaded.add(file)

    def _drain(self, deadline: float) -> bool:
        ctx = self._ctx().ctx
        ran = False
        try:
            while ctx.execute_pending_job():
                ran = True
                if time.monotonic() > deadline:
                    raise ScriptTimeout
        except quickjs.JSException as exc:
            _raise_for(exc)
        return ran

    def _may_async(self, index: int) -> bool:
        return False  # _drain() tells exactly whether promise jobs ran

    def _line_from_stack(self, stack: str, index: int) -> int | None:
        # quickjs prints "(<input>:LINE)", quickjs-ng "(<input>:LINE:COLUMN)"
        m = re.search(r"at __cdp_script_%d \(<input>:(\d+)(?::\d+)?\)" % index, stack)
        return int(m.group(1)) if m else None

    def close(self) -> None:
        self._local = threading.local()

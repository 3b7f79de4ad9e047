"""mini-racer (V8) backend -- the alternative script engine (``get_engine("mini-racer")``).

See quickjs_backend.py for why quickjs is the default. mini-racer can only expose *async*
Python callbacks to JS, so (as with quickjs) digests come from hash_fallback.js and
pm.sendRequest goes through the outcome outbox. V8 runs the microtask queue whenever an eval
returns, so scripts that may use promises get one extra ``__cdp.tick()`` call to report what
the promise callbacks did.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from contextlib import AbstractContextManager
from typing import Any

from py_mini_racer import MiniRacer, mini_racer
from py_mini_racer import _exc as mr_exc

from ._base import (
    BaseEngine,
    ScriptBroken,
    ScriptOOM,
    ScriptTimeout,
    prelude,
    seal_code,
    user_line,
    wrap_module,
    wrap_source,
)
from ._compiled import CompiledScripts
from ._context import RunArgs
from ._model import Script, ScriptError
from ._outcome import MalformedOutcome

_PRELUDE: str | None = None
_LOOP: asyncio.AbstractEventLoop | None = None
_LOOP_LOCK = threading.Lock()
_PARSE_LINE = re.compile(r"^[^\n]*?:(\d+): (SyntaxError: [^\n]*)")


def _prelude() -> str:
    global _PRELUDE
    if _PRELUDE is None:
        _PRELUDE = prelude()
    return _PRELUDE


def _event_loop() -> asyncio.AbstractEventLoop:
    """One asyncio loop for every isolate, alive for the whole process.

    mini-racer answers each eval through its loop, and when an isolate is freed after a timed-out
    eval (a runaway promise job keeps V8 busy until then) those answers arrive late. With a loop
    of its own per isolate they would land on a closed loop ("Event loop is closed"); on this one
    they find their eval already given up and are dropped, as mini-racer intends.
    """
    global _LOOP
    with _LOOP_LOCK:
        if _LOOP is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="cdp-runner-mini-racer", daemon=True).start()
            _LOOP = loop
        return _LOOP


class MiniRacerEngine(BaseEngine):
    name = "mini-racer"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rlock = threading.RLock()
        self._mr: MiniRacer | None = None
        self._mr_cm: AbstractContextManager[MiniRacer] | None = None
        self._compiled = CompiledScripts(self.compiled_limit)
        self._async: dict[int, bool] = {}
        self._loaded: set[str] = set()
        self._held: dict[str, str] = {}
        self._seal_js = json.dumps(self.seal)

    def _lock(self):
        return self._rlock  # one V8 isolate shared by all threads: serialise runs

    def _racer(self) -> MiniRacer:
        if self._mr is None:
            self._mr_cm = mini_racer(event_loop=_event_loop())
            mr = self._mr_cm.__enter__()
            mr.eval(_prelude())
            mr.eval(seal_code(self.seal))
            mr.set_hard_memory_limit(self.memory_limit_mb * 1024 * 1024)
            self._mr = mr
            self._compiled = CompiledScripts(self.compiled_limit)
            self._async = {}
            self._loaded = set()
            self._held = {}
        return self._mr

    def _reset(self) -> None:
        cm, self._mr, self._mr_cm = self._mr_cm, None, None
        if cm is not None:
            try:
                cm.__exit__(None, None, None)  # frees the isolate; late answers land on the shared loop
            except Exception:
                pass

    def _eval(self, code: str) -> Any:
        timeout = self.time_limit_ms / 1000.0 if self.time_limit_ms > 0 else None
        try:
            return self._racer().eval(code, timeout_sec=timeout)
        except mr_exc.JSTimeoutException as exc:
            raise ScriptTimeout from exc
        except mr_exc.JSOOMException as exc:
            raise ScriptOOM from exc
        except mr_exc.JSParseException:
            raise
        except mr_exc.MiniRacerBaseException as exc:  # an error escaped the harness: a script broke a built-in
            raise ScriptBroken(str(exc)) from exc

    def _call(self, code: str) -> Any:
        """Call into the harness; an ordinary JS exception means a script broke it."""
        try:
            return self._eval(code)
        except mr_exc.JSEvalException as exc:
            raise MalformedOutcome(f"the harness threw {str(exc).strip().splitlines()[-1][:200]}") from exc

    def _compile(self, script: Script) -> int | ScriptError:
        self._racer()
        index = self._compiled.get(script.source)
        if index is not None:
            return index
        index = self._compiled.next_slot()
        code = wrap_source(index, script.source, self.seal) + f"\n//# sourceURL=cdp_script_{index}\n"
        try:
            self._eval(code)
        except mr_exc.JSParseException as exc:
            text = str(exc)
            m = _PARSE_LINE.search(text)
            if m:
                return ScriptError(m.group(2), user_line(script.source, int(m.group(1))), "syntax")
            return ScriptError(text.strip().split("\n")[-1], None, "syntax")
        except ScriptTimeout:
            self._reset()
            return self._timeout_error()
        except ScriptOOM:
            self._reset()
            return self._memory_error()
        self._compiled.add(script.source, index)
        self._async[index] = self.may_be_async(script.source)
        return index

    def _js_run(self, index: int, args: RunArgs) -> str:
        return self._call(f"__cdp.run({self._seal_js}, {index}, {', '.join(json.dumps(a) for a in args)})")

    def _js_tick(self) -> str:
        return self._call(f"__cdp.tick({self._seal_js})")

    def _js_deliver(self, send_id: int, payload: str) -> None:
        self._call(f"__cdp.deliver({self._seal_js}, {int(send_id)}, {json.dumps(payload)})")

    def _js_answer(self, key: str, payload: str) -> None:
        self._call(f"__cdp.answer({self._seal_js}, {json.dumps(key)}, {json.dumps(payload)})")

    def _js_load(self, file: str, source: str) -> None:
        self._racer()
        if file in self._loaded:
            return
        self._eval(wrap_module(source, self.seal))
        self._loaded.add(file)

    def _held_vars(self) -> dict[str, str]:
        self._racer()
        return self._held

    def _may_async(self, index: int) -> bool:
        return self._async.get(index, True)

    def _line_from_stack(self, stack: str, index: int) -> int | None:
        m = re.search(r"\bcdp_script_%d:(\d+):\d+" % index, stack)
        return int(m.group(1)) if m else None

    def close(self) -> None:
        with self._rlock:
            self._reset()

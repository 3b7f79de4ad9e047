"""Run Postman pre-request / test scripts in an embedded JavaScript engine.

    from runner.scripting import get_engine, Script
    engine = get_engine()                      # once per run; imports the JS library lazily
    outcome = engine.run(Script(source, name), context)   # never raises for script errors

Backends: ``"quickjs"`` (default) and ``"mini-racer"`` (V8). The environment variable
``CDP_RUNNER_JS_ENGINE`` picks the backend when ``get_engine`` gets no name. Importing this
package imports neither JS library.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ._base import DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS
from ._model import Script, ScriptError, ScriptOutcome, TestResult, VariableOp

__all__ = [
    "Script",
    "ScriptOutcome",
    "TestResult",
    "ScriptError",
    "VariableOp",
    "ScriptEngine",
    "get_engine",
    "ENGINE_NAMES",
    "DEFAULT_TIME_LIMIT_MS",
    "DEFAULT_MEMORY_LIMIT_MB",
]

ENV_VAR = "CDP_RUNNER_JS_ENGINE"
ENGINE_NAMES = ("quickjs", "mini-racer")
_ALIASES = {
    "quickjs": "quickjs",
    "qjs": "quickjs",
    "mini-racer": "mini-racer",
    "mini_racer": "mini-racer",
    "miniracer": "mini-racer",
    "py_mini_racer": "mini-racer",
    "v8": "mini-racer",
}


@runtime_checkable
class ScriptEngine(Protocol):
    """What the run engine needs from a JS backend."""

    name: str
    time_limit_ms: int
    memory_limit_mb: int

    def run(self, script: Script, context: dict) -> ScriptOutcome:
        """Run one script against ``context``. Never raises for errors in the script."""
        ...

    def close(self) -> None:
        ...


def get_engine(
    name: str | None = None,
    *,
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    send_request: Callable[[dict], dict] | None = None,
) -> ScriptEngine:
    """Create a script engine. ``name``: ``"quickjs"`` (default) or ``"mini-racer"``.

    ``send_request(request_dict) -> response_dict`` backs ``pm.sendRequest`` (quickjs only);
    without it ``pm.sendRequest`` reports a clear error to the script.
    Raises ``ValueError`` for an unknown name and ``ImportError`` if the backend's package is
    not installed.
    """
    raw = name if name is not None else os.environ.get(ENV_VAR) or "quickjs"
    key = _ALIASES.get(raw.strip().lower())
    if key is None:
        raise ValueError(f"unknown JS engine {raw!r}; choose one of: {', '.join(ENGINE_NAMES)}")
    kwargs = dict(time_limit_ms=time_limit_ms, memory_limit_mb=memory_limit_mb, send_request=send_request)
    if key == "quickjs":
        from .quickjs_backend import QuickJSEngine

        return QuickJSEngine(**kwargs)
    try:
        from .miniracer_backend import MiniRacerEngine
    except ImportError as exc:  # optional dependency (extra "v8")
        raise ImportError(
            "the 'mini-racer' JS engine needs the mini-racer package: pip install 'cdp-runner[v8]'"
        ) from exc
    return MiniRacerEngine(**kwargs)

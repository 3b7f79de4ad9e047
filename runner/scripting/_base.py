"""Backend-independent parts of the script engines: compiling, the JSON bridge, outcome decoding."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from runner._files import LONE_SURROGATE, nesting_beyond

from . import host, modules
from ._compiled import COMPILED_LIMIT
from ._context import RunArgs, context_json, legacy_uses
from ._model import Script, ScriptError, ScriptOutcome, TestResult, VariableOp
from ._outcome import PLAIN, MalformedOutcome, parse_outcome

DEFAULT_TIME_LIMIT_MS = 5000
DEFAULT_MEMORY_LIMIT_MB = 256

# Parameters of the function each user script is wrapped in. They shadow globals, so
# every script gets fresh legacy objects (tests, environment, responseBody, ...).
SCRIPT_PARAMS = (
    "pm, postman, console, require, environment, globals, data, tests, responseBody, responseCode, "
    "responseHeaders, responseTime, request, iteration, CryptoJS, setTimeout, clearTimeout, "
    "setImmediate, atob, btoa, responseCookies"
)

# Scripts that may leave work in the promise job queue after their synchronous part.
_MAY_BE_ASYNC = re.compile(r"\b(?:Promise|async|await|then|sendRequest|setTimeout|setImmediate)\b")

SendRequest = Callable[[dict], dict]
#: What reading a script's results raises when the script replaced what writes them (Object.prototype.toJSON,
#: JSON.stringify, ...): the script fails, never the run.
class ScriptBroken(Exception):
    """Raised by backends when an error escaped the harness around a script (a replaced built-in)."""


_BROKEN_RESULTS = (ScriptBroken, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)
BROKEN_RESULTS_MESSAGE = ("the script's results could not be read (did it replace a built-in such as JSON.stringify "
                          "or Object.prototype.toJSON?)")
MAX_RESULT_DEPTH = 264  # a response's JSON may nest 256 levels (runner.model.response); the outcome adds a few
RUN_TIMEOUT_MESSAGE = "run timeout: the time limit for the whole run (--timeout) was reached during the script"

# Each host call whose answer is new runs the script again (see host.py); the script's time
# limit bounds the total script time of all runs, this bounds their number.
MAX_REPLAYS = 5000


def load_js(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def prelude() -> str:
    """The JS evaluated once into every new engine context."""
    names = json.dumps(modules.known_names())
    return (f"{load_js('hash_fallback.js')}\n{load_js('tape.js')}\n"
            f"globalThis.__cdp_module_names = {names};\n{load_js('pm.js')}")


def new_seal() -> str:
    """A secret the host hands a new context before any user code runs (``__cdp.seal``).

    Registering scripts, loading modules and running scripts need it, so no script can replace
    the harness's entry points or a later script (see pm.js).
    """
    return secrets.token_hex(16)


def seal_code(seal: str) -> str:
    return f"__cdp.seal({json.dumps(seal)});"


def wrap_source(index: int, source: str, seal: str) -> str:
    """The code evaluated to compile a script: user line N is line N + 1 of this code.

    A lone UTF-16 surrogate in the source (a collection's JSON may hold one, ``"\\ud800"``) cannot
    reach the engine as UTF-8: it goes as the escape ``\\uD800``, the same character inside a
    string literal, and a syntax error anywhere else (which a raw surrogate would be too).
    """
    if not source.isascii():
        source = LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04X}", source)
    uses = legacy_uses(source)
    return (f"__cdp.register({_js_string(seal)}, {index}, function __cdp_script_{index}({SCRIPT_PARAMS}) {{\n"
            f"{source}\n}}, {uses});")


@lru_cache(maxsize=8)
def _js_string(text: str) -> str:
    return json.dumps(text)




def wrap_module(source: str, seal: str) -> str:
    """The code evaluated to load a module file (its ``__cdp.define`` calls are refused otherwise)."""
    return f"__cdp.load({json.dumps(seal)}, function () {{\n{source}\n}});"


def user_line(source: str, wrapped_line: int | None) -> int | None:
    if wrapped_line is None:
        return None
    n_lines = source.count("\n") + 1
    return max(1, min(wrapped_line - 1, n_lines))


def deliver_payload(send_request: SendRequest | None, request: dict, backend: str) -> str:
    """Perform one pm.sendRequest through the host hook; JSON for __cdp.deliver()."""
    if send_request is None:
        return json.dumps({"error": "pm.sendRequest is not available: no send_request hook was given to get_engine()"})
    try:
        return json.dumps({"response": send_request(request)}, default=str)
    except Exception as exc:  # reported to the script as the callback's error
        return json.dumps({"error": f"{type(exc).__name__}: {exc}"})


class ScriptTimeout(Exception):
    """Raised by backends when the engine's time limit stopped a script."""


class ScriptOOM(Exception):
    """Raised by backends when the engine's memory limit stopped a script."""


# ---------------------------------------------------------------- engine base


class BaseEngine:
    """Shared logic; subclasses implement the backend calls."""

    name = "base"

    def __init__(
        self,
        *,
        time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
        memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
        send_request: SendRequest | None = None,
    ) -> None:
        self.time_limit_ms = int(time_limit_ms)
        self.memory_limit_mb = int(memory_limit_mb)
        self.send_request = send_request
        self.compiled_limit = COMPILED_LIMIT  # compiled scripts a context keeps (read when one is made)
        self._deadline: float | None = None  # monotonic() time the running script must end by
        self.seal = new_seal()

    def time_left_ms(self) -> float | None:
        """What is left of the running script's time budget (its pm.sendRequest calls get no more
        than this as their timeout); None when no script is running."""
        deadline = self._deadline
        return None if deadline is None else max((deadline - time.monotonic()) * 1000, 0.0)

    # messages --------------------------------------------------------------
    def _timeout_error(self) -> ScriptError:
        return ScriptError(f"script exceeded time limit ({self.time_limit_ms} ms)", None, "timeout")

    def _memory_error(self) -> ScriptError:
        return ScriptError(f"script exceeded memory limit ({self.memory_limit_mb} MB)", None, "memory")

    def _held_vars(self) -> dict[str, str]:
        """The variable scopes (JSON text) the current engine context holds; a new dict per new context."""
        return {}

    # decoding --------------------------------------------------------------
    def _line_from_stack(self, stack: str, index: int) -> int | None:  # pragma: no cover - overridden
        return None

    def _is_memory_message(self, message: str | None) -> bool:
        return message is not None and "out of memory" in message.lower()

    def _decode(self, raw: str, script: Script, index: int, context: dict) -> ScriptOutcome:
        if nesting_beyond(raw, MAX_RESULT_DEPTH) is not None:  # what walks the values recurses per level
            return ScriptOutcome(error=ScriptError(
                f"the script's results nest deeper than {MAX_RESULT_DEPTH} levels (a variable set to a deeply "
                "nested value?); they were dropped", None, "error"))
        data = parse_outcome(raw)
        if data.keys() == PLAIN:  # variable changes and test results only (the other fields at their defaults)
            return ScriptOutcome(variable_ops=[VariableOp(s, o, n, v) for s, o, n, v in data["ops"]],
                                 tests=[TestResult(n, p, m, sk) for n, p, m, sk in data["tests"]])
        error = None
        err = data.get("error")
        if err:
            if err.get("isNull") or self._is_memory_message(err.get("message")):
                error = self._memory_error()
            else:
                line = self._line_from_stack(err.get("stack") or "", index)
                error = ScriptError(err.get("message") or "Error", user_line(script.source, line), "error")
        request = None
        if data.get("request") is not None:
            request = {**(context.get("request") or {}), **data["request"]}
        return ScriptOutcome(
            variable_ops=[VariableOp(s, o, n, v) for s, o, n, v in data["ops"]],
            tests=[TestResult(n, bool(p), m, bool(sk)) for n, p, m, sk in data["tests"]],
            console=[(lvl, text) for lvl, text in data.get("console") or ()],
            error=error,
            request=request,
            next_request=data.get("next"),
            next_request_set=bool(data.get("nextSet")),
            skip_request=bool(data.get("skip")),
            cookie_ops=[tuple(op) for op in data.get("cookieOps") or []],
        )

    @staticmethod
    def may_be_async(source: str) -> bool:
        return _MAY_BE_ASYNC.search(source) is not None

    # backend primitives ------------------------------------------------------
    def _compile(self, script: Script) -> int | ScriptError:  # pragma: no cover - overridden
        raise NotImplementedError

    def _js_run(self, index: int, args: RunArgs) -> str:  # pragma: no cover - overridden
        """``__cdp.run`` of script `index` with `args` (see _context.py)."""
        raise NotImplementedError

    def _js_tick(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _js_deliver(self, send_id: int, payload: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _drain(self, deadline: float) -> bool:
        """Run pending promise jobs; True if any ran (backends whose engine does it itself: False)."""
        return False

    def _may_async(self, index: int) -> bool:
        return True

    def _reset(self) -> None:
        pass

    def _lock(self):  # pragma: no cover - overridden
        raise NotImplementedError

    # public ----------------------------------------------------------------
    def _js_answer(self, key: str, payload: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _js_load(self, file: str, source: str) -> None:  # pragma: no cover - overridden
        """Evaluate a module file into the current context (once per context)."""
        raise NotImplementedError

    # public ----------------------------------------------------------------
    def run(self, script: Script, context: dict, *, budget_ms: float | None = None) -> ScriptOutcome:
        """Run ``script`` against ``context``; script errors end up in ``outcome.error``.

        The script's wall-clock budget is its time limit, or `budget_ms` when that is shorter (what
        is left of a run's --timeout); time spent waiting for pm.sendRequest answers counts, so a
        chain of requests cannot outlive it.
        """
        with self._lock():
            limit = self.time_limit_ms / 1000.0
            cut = budget_ms is not None and budget_ms / 1000.0 < limit
            deadline = time.monotonic() + (budget_ms / 1000.0 if budget_ms is not None and cut else limit)
            sent: list[str] = []  # pm.sendRequest results, replayed in order when the script runs again
            try:
                outcome = self._attempt(script, context, deadline, sent, cut)
                if isinstance(outcome, MalformedOutcome):
                    # An earlier script may have broken the harness of this context (scripts share it):
                    # run this one again in a fresh context. Its effects all travel in the outcome, so
                    # nothing happened yet (pm.sendRequest answers are replayed from `sent`).
                    self._reset()
                    outcome = self._attempt(script, context, deadline, sent, cut)
                    if isinstance(outcome, MalformedOutcome):
                        self._reset()
                        return ScriptOutcome(error=ScriptError(
                            f"the script broke the script harness: it returned no usable result ({outcome})",
                            None, "error"))
            finally:
                self._deadline = None
            return outcome

    def _attempt(self, script: Script, context: dict, deadline: float, sent: list[str],
                 cut: bool = False) -> ScriptOutcome | MalformedOutcome:
        """One try at `script`: compiled, its modules loaded, run to its end with its host calls
        answered. `cut`: the deadline is what is left of the run's --timeout, not the script's limit."""
        compiled = self._compile(script)
        if isinstance(compiled, ScriptError):
            return ScriptOutcome(error=compiled)
        index = compiled
        self._deadline = deadline
        try:
            for file in modules.files_for_source(script.source):
                self._js_load(file, modules.module_source(file))
            for attempt in range(MAX_REPLAYS + 1):
                held = self._held_vars()
                args, new_vars = context_json(context, attempt > 0, held)
                raw, needs, deadline = self._run_once(index, args, deadline, sent)
                held.update(new_vars)  # the engine took them (a failed call resets its context)
                if not needs:
                    break
                if time.monotonic() > deadline:
                    raise ScriptTimeout
                started = time.monotonic()
                for need in needs:
                    self._answer_need(need)
                deadline += time.monotonic() - started  # host work is not script time
                self._deadline = deadline
            else:
                return ScriptOutcome(error=ScriptError(
                    f"script made more than {MAX_REPLAYS} distinct host calls (JSON Schema, XML, HTML, CSV)"))
            outcome = self._decode(raw, script, index, context)
        except ScriptTimeout:
            self._reset()
            if cut:
                return ScriptOutcome(error=ScriptError(RUN_TIMEOUT_MESSAGE, None, "timeout"))
            return ScriptOutcome(error=self._timeout_error())
        except MalformedOutcome as exc:
            return exc
        except (ScriptOOM, MemoryError):
            self._reset()
            return ScriptOutcome(error=self._memory_error())
        except _BROKEN_RESULTS as exc:  # the harness itself threw: like a malformed outcome, tried afresh once
            return MalformedOutcome(f"{BROKEN_RESULTS_MESSAGE}: {exc}")
        if outcome.error is not None and outcome.error.kind == "memory":
            self._reset()  # an engine that ran out of memory is not trusted any more
        return outcome

    def _answer_need(self, need: dict) -> None:
        if need["op"] == "module":
            for file in modules.files_for_module(str(need["arg"])):
                self._js_load(file, modules.module_source(file))
            result: dict = {"value": True}
        else:
            result = host.answer(need["op"], need["arg"])
        self._js_answer(need["key"], json.dumps(result, separators=(",", ":"), default=str))

    def _run_once(self, index: int, args: RunArgs, deadline: float,
                  sent: list[str]) -> tuple[str, list, float]:
        """One run of a script up to its end, or to the first host calls it needs answered."""
        raw = self._js_run(index, args)
        need_tick = self._may_async(index)
        n_sent = 0
        while True:
            if not isinstance(raw, str):
                raise MalformedOutcome(f"the harness returned {type(raw).__name__}, not JSON text")
            if '"needs":[{' in raw:
                return raw, parse_outcome(raw)["needs"], deadline
            jobs = self._drain(deadline)
            sends = parse_outcome(raw)["send"] if '"send":[{' in raw else []
            for item in sends:
                if n_sent < len(sent):
                    payload = sent[n_sent]
                else:
                    if time.monotonic() > deadline:  # waiting for answers counts: a chain of requests ends
                        raise ScriptTimeout
                    payload = deliver_payload(self.send_request, item["request"], self.name)
                    sent.append(payload)
                n_sent += 1
                self._js_deliver(item["id"], payload)
            if not (jobs or sends or need_tick or '"pending":true' in raw):
                return raw, [], deadline
            if time.monotonic() > deadline:
                raise ScriptTimeout
            raw = self._js_tick()
            need_tick = '"ran":true' in raw and self._may_async(index)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

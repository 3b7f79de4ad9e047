"""One engine run per collection file, handed out to the tests that show its requests.

The requests of a collection form a flow: captures and variables go from one to the next. So
the run always goes through the requests in collection order, lazily, as far as a test needs
it. A test takes the Execution of its request (in its iteration) together with the Executions
that came before it in the same iteration and that no test of their own has shown: requests
that were deselected (``-k``, ``-m``, a node id, ``--lf``) or whose test has not run yet. Those
are its *dependencies*, reported as its setup. Requests after the last selected one are never
sent: the run is closed once every selected test has taken its Execution.

Nothing here knows pytest; the plugin's items call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from runner.core.plan import Plan
from runner.load.environment import Environment
from runner.model.collection import Collection
from runner.model.options import RunOptions
from runner.model.results import Execution

#: A request of the flow in one iteration: (the request's item path, the iteration).
Key = tuple[str, int]


@dataclass
class Step:
    """What one test gets: its Execution (None if the run ended without it) and its dependencies."""

    execution: Execution | None
    dependencies: list[Execution] = field(default_factory=list)

    @property
    def failed_dependencies(self) -> list[Execution]:
        return [ex for ex in self.dependencies if ex.failed]


class CollectionDriver:
    """The engine Run of one collection file, created on first use in the process (the xdist
    worker) that runs the collection's tests, and iterated only as far as they need."""

    def __init__(self, group: str, collection: Collection, environment: Environment,
                 options: RunOptions, start: Plan | None = None) -> None:
        self.group = group
        self.start = start  # the plan collection checked: the Run starts from it (checked once, not twice)
        self.collection = collection
        self.environment = environment
        self.options = options
        self.remaining = 0
        self.run: Any = None
        self.crash: BaseException | None = None
        self.failed_before: Execution | None = None
        self._stream: Iterator[Execution] | None = None
        self._log: list[Execution | None] = []  # every Execution so far; None once its test took it
        self._waiting: dict[Key, list[int]] = {}  # positions in _log not taken yet, per key
        self._untaken: dict[int, list[int]] = {}  # positions in _log not taken yet, per iteration

    def select(self, keys: Iterable[Key]) -> None:
        """The tests of this collection that will run in this process (after -k, -m, --lf...)."""
        self.remaining = len(list(keys))

    def take(self, key: Key) -> Step:
        """Run the flow up to the request ``key`` and hand out its Execution and dependencies."""
        while not self._waiting.get(key) and self._pull():
            pass
        waiting = self._waiting.get(key)
        untaken = self._untaken.get(key[1], [])
        if not waiting:
            return Step(None, [self._log[i] for i in untaken])  # type: ignore[misc]
        at = waiting.pop(0)
        if not waiting:
            del self._waiting[key]  # nothing kept per request once its test has it
        untaken.remove(at)  # shown by its own test: nobody's dependency any more
        execution, self._log[at] = self._log[at], None
        return Step(execution, [self._log[i] for i in untaken if i < at])  # type: ignore[misc]

    def _pull(self) -> bool:
        """Run the next request; False when the run is over."""
        if self.crash is not None:
            return False
        try:
            if self.run is None:
                from runner.core.engine import Run

                self.run = Run(self.collection, self.environment, self.options, start=self.start)
                self.start = None  # the Run owns its variables from here on
                self._stream = iter(self.run)
            if self._stream is None:
                return False
            ex = next(self._stream)
        except StopIteration:
            self._stream = None
            return False
        except Exception as exc:  # bad input found late (--cdp-offline mocks), or an engine bug:
            self.crash = exc  # fail the remaining tests, not the session
            self._stream = None
            return False
        self._waiting.setdefault((ex.item, ex.iteration), []).append(len(self._log))
        self._untaken.setdefault(ex.iteration, []).append(len(self._log))
        self._log.append(ex)
        if ex.failed and self.failed_before is None:
            self.failed_before = ex
        return True

    @property
    def stopped_early(self) -> bool:
        return self.run is not None and self.run.stopped_early

    @property
    def masker(self) -> Any:
        return self.run.masker if self.run is not None else None

    def done_one(self) -> None:
        """A selected test is over; after the last one the run is closed (nothing more is sent)."""
        self.remaining -= 1
        if self.remaining <= 0:
            self.close()

    def close(self) -> None:
        if self._stream is not None:
            close = getattr(self._stream, "close", None)
            if close:
                close()
            self._stream = None
        elif self.run is not None and self.crash is not None:
            self.run.close()
        self._log.clear()
        self._waiting.clear()
        self._untaken.clear()

"""``--jobs N``: run independent collections concurrently, handing their executions on in
collection order, so reporters see exactly what a one-at-a-time run shows them.

Threads are enough: the work is network-bound, and each Run has its own HTTP session, sandbox,
masker and JavaScript engine. The first unfinished collection streams live; the others queue
their executions until their turn.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from runner.model.results import Execution

Run = TypeVar("Run", bound=Iterable[Execution])  # anything that streams executions: a runner.core.engine.Run

_DONE = object()


class _Failed:
    """An exception raised inside a worker, re-raised in the reporting thread."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def in_order(runs: list[Run], jobs: int,
             prepare: Callable[[Run], None]) -> Generator[tuple[Run, Iterator[Execution]], None, None]:
    """(run, its executions) for each run, in order; up to `jobs` runs execute at once.

    `prepare(run)` is called just before a run starts (e.g. to give it what is left of
    --timeout). Closing this generator stops runs still going after their current request.
    """
    if jobs <= 1 or len(runs) <= 1:
        for run in runs:
            prepare(run)
            yield run, iter(run)
        return
    stop = threading.Event()
    queues: list[queue.SimpleQueue[Any]] = [queue.SimpleQueue() for _ in runs]

    def work(run: Run, out: queue.SimpleQueue[Any]) -> None:
        try:
            if stop.is_set():
                return
            prepare(run)
            executions = iter(run)
            for ex in executions:
                out.put(ex)
                if stop.is_set():
                    executions.close()  # type: ignore[attr-defined]  # ends the run: its session closes
                    break
        except BaseException as exc:  # noqa: BLE001 - handed to the reporting thread
            out.put(_Failed(exc))
        finally:
            out.put(_DONE)

    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="cdp-runner-job")
    try:
        for run, out in zip(runs, queues, strict=True):
            pool.submit(work, run, out)
        for run, out in zip(runs, queues, strict=True):
            yield run, _drain(out)
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(out: queue.SimpleQueue[Any]) -> Iterator[Execution]:
    while True:
        item = out.get()
        if item is _DONE:
            return
        if isinstance(item, _Failed):
            raise item.exc
        yield item

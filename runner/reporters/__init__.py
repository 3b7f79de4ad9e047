"""Reporters consume results (start -> execution... -> end); they never reach into the engine."""

from __future__ import annotations

from typing import Any, Protocol

from ..model import Collection
from ..results import Execution, Summary


class Reporter(Protocol):
    def start(self, collection: Collection, planned: int) -> None: ...

    def execution(self, ex: Execution) -> None: ...

    def end(self, collection: Collection, summary: Summary) -> None: ...

    def close(self) -> None: ...


def make(name: str, *, report_dir: str, **options: Any) -> Reporter:
    """A reporter by its CLI name: cli | json | junit | html."""
    if name == "cli":
        from .console import ConsoleReporter

        return ConsoleReporter(**options)
    if name == "json":
        from .json import JsonReporter

        return JsonReporter(report_dir)
    if name == "junit":
        from .junit import JUnitReporter

        return JUnitReporter(report_dir)
    if name == "html":
        from .html import HtmlReporter

        return HtmlReporter(report_dir)
    raise ValueError(f"unknown reporter {name!r} (cli, json, junit, html)")

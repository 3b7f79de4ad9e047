"""Reporters consume results (start -> execution... -> end); they never reach into the engine."""

from __future__ import annotations

from typing import Any, Protocol

from runner.model.collection import Collection
from runner.model.results import Execution, Summary


class Reporter(Protocol):
    def start(self, collection: Collection, planned: int) -> None: ...

    def execution(self, ex: Execution) -> None: ...

    def end(self, collection: Collection, summary: Summary) -> None: ...

    def close(self) -> None: ...


def make(name: str, *, report_dir: str, **options: Any) -> Reporter:
    """A reporter by its CLI name: cli | json | junit | html."""
    if name == "cli":
        from runner.reporters.console import ConsoleReporter

        return ConsoleReporter(**options)
    if name == "json":
        from runner.reporters.json import JsonReporter

        return JsonReporter(report_dir)
    if name == "junit":
        from runner.reporters.junit import JUnitReporter

        return JUnitReporter(report_dir)
    if name == "html":
        from runner.reporters.html import HtmlReporter

        return HtmlReporter(report_dir)
    raise ValueError(f"unknown reporter {name!r} (cli, json, junit, html)")

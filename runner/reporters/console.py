"""The console reporter (rich): each request and check as it happens, then a summary."""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from ..model import Collection
from ..results import Execution, Summary


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB"


class ConsoleReporter:
    def __init__(self, *, verbose: bool = False, quiet: bool = False, file: IO[str] | None = None) -> None:
        from rich.console import Console

        stream = file or sys.stdout
        color = None if stream.isatty() and not os.environ.get("NO_COLOR") else False
        self.console = Console(file=stream, no_color=color is False, highlight=False, soft_wrap=True,
                               force_terminal=None if color is None else False)
        self.verbose, self.quiet = verbose, quiet
        self._failures: list[tuple[Execution, str, Any]] = []
        self._folder: tuple[str, ...] | None = None

    def start(self, collection: Collection, planned: int) -> None:
        self._failures = []
        if not self.quiet:
            self.console.print(f"\n[bold]{collection.name}[/bold]  [dim]{collection.path}[/dim]")

    def execution(self, ex: Execution) -> None:
        p = self.console.print
        if ex.skipped:
            if not self.quiet:
                p(f"[dim]  ↷ {ex.item} (skipped)[/dim]")
            return
        for a in ex.assertions:
            if not a.passed:
                self._failures.append((ex, a.name, a))
        if ex.error and not (ex.response is None and ex.assertions):
            self._failures.append((ex, "request", ex.error))
        elif ex.error and ex.response is None:
            self._failures.append((ex, "request", ex.error))
        if self.quiet and not ex.failed:
            return
        prefix = f"[dim]iteration {ex.iteration + 1}[/dim] " if ex.iteration else ""
        p(f"{prefix}→ [bold]{ex.item}[/bold]")
        if ex.request is not None:
            line = f"  {ex.request.method} {ex.request.url}"
            if ex.response is not None:
                r = ex.response
                colour = "green" if r.status < 400 else "red"
                line += f" [{colour}][{r.status} {r.reason}, {_size(r.size)}, {r.time_ms:.0f}ms][/{colour}]"
            p(line, markup=True)
        if self.verbose and ex.request is not None:
            self._details(ex)
        for level, text in ex.console:
            p(f"  [dim]│ {level}: {text}[/dim]", markup=True)
        if ex.error:
            p(f"  [red]✗ {ex.error}[/red]")
        for a in ex.assertions:
            if a.skipped:
                p(f"  [dim]- {a.name} (skipped)[/dim]")
            elif a.passed:
                p(f"  [green]✓[/green] {a.name}")
            else:
                p(f"  [red]✗ {a.name}[/red]")

    def _details(self, ex: Execution) -> None:
        p = self.console.print
        assert ex.request is not None
        for k, v in ex.request.headers:
            p(f"  [dim]> {k}: {v}[/dim]")
        if ex.request.body:
            p(f"  [dim]> {ex.request.body}[/dim]")
        if ex.response is not None:
            for k, v in ex.response.headers:
                p(f"  [dim]< {k}: {v}[/dim]")
            if ex.response.body:
                p(f"  [dim]< {ex.response.body}[/dim]")

    def end(self, collection: Collection, summary: Summary) -> None:
        from rich.table import Table

        table = Table(title=None, show_header=True, header_style="bold")
        table.add_column("")
        table.add_column("executed", justify="right")
        table.add_column("failed", justify="right")
        table.add_row("iterations", str(summary.iterations), "0")
        table.add_row("requests", str(summary.requests_total), str(summary.requests_failed))
        table.add_row("scripts", str(summary.scripts_total), str(summary.scripts_failed))
        table.add_row("assertions", str(summary.assertions_total), str(summary.assertions_failed))
        if not self.quiet or summary.failed:
            self.console.print(table)
            timing = f"total run duration: {summary.duration_ms:.0f}ms"
            if summary.response_ms_avg is not None:
                timing += (f"; average response time: {summary.response_ms_avg:.1f}ms "
                           f"(min {summary.response_ms_min:.1f}ms, max {summary.response_ms_max:.1f}ms)")
            self.console.print(timing)
        if self._failures:
            self.console.print("\n[bold red]Failures[/bold red]")
            for n, (ex, what, detail) in enumerate(self._failures, 1):
                it = f" (iteration {ex.iteration + 1})" if ex.iteration else ""
                if isinstance(detail, str):
                    self.console.print(f"{n}. {ex.item}{it}\n   {detail}")
                    continue
                self.console.print(f"{n}. {ex.item}{it}: {what}\n   {detail.message or 'failed'}")
                diff = _json_diff(detail.expected, detail.actual)
                if diff:
                    self.console.print(diff, markup=False)

    def close(self) -> None:
        pass


def _json_diff(expected: Any, actual: Any) -> str | None:
    """A unified diff of two JSON structures (objects/arrays only; scalars read fine inline)."""
    if not isinstance(expected, (dict, list)) or not isinstance(actual, (dict, list)):
        return None
    import difflib

    a = json.dumps(expected, indent=2, sort_keys=True).splitlines()
    b = json.dumps(actual, indent=2, sort_keys=True).splitlines()
    return "\n".join("   " + line for line in difflib.unified_diff(a, b, "expected", "actual", lineterm=""))

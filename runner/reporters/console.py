"""The console reporter (rich): each request and check as it happens, then a summary.

User text (names, URLs, messages, bodies) is always printed as ``rich.text.Text`` or escaped,
never as markup, so ``[brackets]`` in a URL or an assertion name print as written, and it goes
through ``display.printable`` first, so control and escape characters (ANSI sequences, ``\\r``)
print as visible escapes and never reach the terminal raw. Colours and the live progress bar
appear only on a terminal; ``NO_COLOR`` turns colours off.

A failed request, and a 4xx/5xx answer, explain themselves without ``--verbose``: the failures at
the end show the request (JSON query values decoded) and the start of the response body.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

from rich.markup import escape
from rich.text import Text

from runner.model.collection import Collection
from runner.model.results import Execution, Summary
from runner.reporters.display import (
    body_excerpt,
    display_url,
    explains,
    failure_context,
    listed_failures,
    printable,
    redirect_lines,
)


def _line(text: object) -> str:
    """One-line user text (a name, a URL, a header) made printable."""
    return printable(text, newlines=False)


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB"


@dataclass(slots=True)
class _Failure:
    """One numbered failure: an assertion that failed or a request that errored."""

    number: int
    ex: Execution
    what: str  # the assertion's name, or "error" (no response, script or capture error)
    message: str
    index: int | None = None  # position in ex.assertions; None for the request error
    expected: Any = None
    actual: Any = None


class ConsoleReporter:
    def __init__(self, *, verbose: bool = False, quiet: bool = False, file: IO[str] | None = None,
                 progress: bool | None = None) -> None:
        from rich.console import Console

        stream = file or sys.stdout
        tty = bool(getattr(stream, "isatty", lambda: False)())
        no_color = not tty or bool(os.environ.get("NO_COLOR"))
        self.console = Console(file=stream, force_terminal=tty, no_color=no_color, highlight=False,
                               soft_wrap=True, emoji=False)
        # Not a terminal (CI logs, files, pipes): rich would print the plain text anyway, at ~0.1 ms
        # a line; write it directly instead (tabs, which rich expands, still go through rich).
        self._plain_stream: IO[str] | None = None if tty else stream
        self.verbose, self.quiet = verbose, quiet
        # The progress bar is for people watching a terminal; logs and CI output stay plain.
        self._want_progress = tty if progress is None else progress
        self._progress: Any = None
        self._task: Any = None
        self._failures: list[_Failure] = []
        self._done = 0
        self._batch = False  # within one execution: flushed once at its end

    # -- output helpers ----------------------------------------------------------------------
    def _print(self, *parts: Any) -> None:
        if self._plain_stream is not None and self._progress is None \
                and all([type(p) is str or type(p) is Text for p in parts]):
            out = parts[0] if len(parts) == 1 and type(parts[0]) is str else \
                " ".join([p if type(p) is str else p.plain for p in parts])
            if "\t" not in out:
                self._plain_stream.write(out + "\n")
                if not self._batch:
                    self._plain_stream.flush()  # as rich does: CI logs show each line as it happens
                return
        self.console.print(*(Text(p) if type(p) is str else p for p in parts))

    def _text(self, *parts: str | tuple[str, str], style: str = "") -> Text | str:
        """A line of parts, each plain or (text, style): rich Text only when rich will print it
        (a terminal or a progress bar); plain output needs the characters only (~5x cheaper)."""
        if self._plain_stream is not None and self._progress is None:
            return "".join([p if type(p) is str else p[0] for p in parts])
        return Text.assemble(*parts, style=style)

    def start(self, collection: Collection, planned: int) -> None:
        self._failures, self._done = [], 0
        if not self.quiet:
            self._print(Text.assemble("\n", (_line(collection.name), "bold"), "  ", (_line(collection.path), "dim")))
        if self._want_progress and planned > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[failed]}"), TimeElapsedColumn(),
                                      console=self.console, transient=True)
            self._task = self._progress.add_task(escape(_line(collection.name)), total=planned, failed="")
            self._progress.start()

    def execution(self, ex: Execution) -> None:
        failures = self._record(ex)
        self._advance(ex)
        if self.quiet:
            return
        if self._plain_stream is not None and self._progress is None and not self.verbose:
            block = passed_block(ex)
            if block is not None:  # the usual request: its lines in one piece
                self._plain_stream.write(block)
                self._plain_stream.flush()
                return
        self._batch = True
        try:
            self._execution(ex, failures)
        finally:
            self._batch = False
            if self._plain_stream is not None:
                self._plain_stream.flush()

    def _execution(self, ex: Execution, failures: list[_Failure]) -> None:
        t = self._text
        if ex.skipped:
            self._print(t(f"  ↷ {_line(ex.item)} (skipped)", style="dim"))
            return
        self._print(t(("iteration " + str(ex.iteration + 1) + " ", "dim") if ex.iteration else "",
                      "→ ", (_line(ex.item), "bold")))
        if ex.request is not None:
            parts: list[str | tuple[str, str]] = [_line(f"  {ex.request.method} {display_url(ex.request.url)}")]
            if ex.response is not None:
                r = ex.response
                parts.append((_line(f" [{r.status} {r.reason}, {_size(r.size)}, {r.time_ms:.0f}ms]"),
                              "green" if r.status < 400 else "red"))
            if ex.attempts > 1:
                parts.append((f" ({ex.attempts} attempts)", "yellow"))
            self._print(t(*parts))
            for hop in redirect_lines(ex):
                self._print(t(f"  ↪ redirect {hop}", style="dim"))
            if self.verbose:
                self._details(ex)
            elif explains(ex) and not ex.failed and ex.response is not None and ex.response.body:
                self._body(ex.response.body)  # a 4xx/5xx the checks accept: its body, shown here
        for level, text in ex.console:
            self._print(t(printable(f"  │ {level}: {text}"), style="dim"))
        for warning in ex.warnings:
            self._print(t(printable(f"  ! warning: {warning}"), style="yellow"))
        error_no = next((f.number for f in failures if f.index is None), None)
        by_index = {f.index: f.number for f in failures if f.index is not None}
        if ex.error:
            error = printable(ex.error)
            self._print(t(f"  ✗ {error_no}. {error}" if error_no else f"  ✗ {error}", style="red"))
        for i, a in enumerate(ex.assertions):
            name = _line(a.name)
            if a.skipped:
                self._print(t(f"  - {name} (skipped)", style="dim"))
            elif a.passed:
                self._print(t("  ", ("✓", "green"), " ", name))
            elif i in by_index:
                self._print(t(f"  ✗ {by_index[i]}. {name}", style="red"))
            else:  # not evaluated: the request itself failed (its error is the numbered failure)
                self._print(t(f"  ✗ {name}", style="red"))

    def _record(self, ex: Execution) -> list[_Failure]:
        """Number this execution's failures: the request error once, then each failed assertion.

        When no response came, the declared assertions were never evaluated (they carry the request's
        error), so only the error and the test scripts' failed checks are failures, as in Newman."""
        found: list[_Failure] = []
        if ex.skipped:
            return found

        def add(what: str, message: str, index: int | None = None, expected: Any = None, actual: Any = None) -> None:
            number = len(self._failures) + len(found) + 1
            found.append(_Failure(number, ex, what, message, index, expected, actual))

        if ex.error:
            add("error", ex.error)
        for i, a in listed_failures(ex):
            add(a.name, a.message or "failed", i, a.expected, a.actual)
        self._failures.extend(found)
        return found

    def _advance(self, ex: Execution) -> None:
        if self._progress is None or ex.skipped:
            return
        self._done += 1
        task = self._progress.tasks[0]
        total = max(task.total or 0, self._done)  # setNextRequest can run more than planned
        failed = f"[red]{len(self._failures)} failed[/red]" if self._failures else ""
        self._progress.update(self._task, completed=self._done, total=total, failed=failed)

    def _stop_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _details(self, ex: Execution) -> None:
        assert ex.request is not None
        for k, v in ex.request.headers:
            self._print(Text(_line(f"  > {k}: {v}"), style="dim"))
        if ex.request.body:
            self._print(Text(printable(f"  > {ex.request.body}"), style="dim"))
        if ex.response is not None:
            for k, v in ex.response.headers:
                self._print(Text(_line(f"  < {k}: {v}"), style="dim"))
            if ex.response.body:
                self._print(Text(printable(f"  < {ex.response.body}"), style="dim"))

    def _body(self, body: str) -> None:
        excerpt = body_excerpt(body)
        for line in excerpt.text.split("\n"):
            self._print(Text(f"  < {line}", style="dim"))
        if excerpt.note:
            self._print(Text(f"  {excerpt.note}", style="dim"))

    def end(self, collection: Collection, summary: Summary) -> None:
        from rich.table import Table

        self._stop_progress()
        if not self.quiet:
            table = Table(show_header=True, header_style="bold")
            table.add_column("")
            table.add_column("executed", justify="right")
            table.add_column("failed", justify="right")
            table.add_row("iterations", str(summary.iterations), "0")
            table.add_row("requests", str(summary.requests_total), str(summary.requests_failed))
            table.add_row("scripts", str(summary.scripts_total), str(summary.scripts_failed))
            table.add_row("assertions", str(summary.assertions_total), str(summary.assertions_failed))
            self._print(table)
            timing = f"total run duration: {summary.duration_ms:.0f}ms"
            if summary.response_ms_avg is not None:
                timing += (f"; average response time: {summary.response_ms_avg:.1f}ms "
                           f"(min {summary.response_ms_min:.1f}ms, max {summary.response_ms_max:.1f}ms)")
            self._print(Text(timing))
        if not self._failures:
            return
        self._print(Text("\nFailures" if not self.quiet else f"{_line(collection.name)}: failures", style="bold red"))
        for k, f in enumerate(self._failures):
            it = f" (iteration {f.ex.iteration + 1})" if f.ex.iteration else ""
            self._print(Text.assemble((f"{f.number}. ", "bold"), _line(f"{f.ex.item}{it}"), " › ",
                                      (_line(f.what), "bold")))
            self._print(Text(printable(f"   {f.message}")))
            if f.index is not None and f.message == "failed" and (f.expected is not None or f.actual is not None):
                self._print(Text(printable(f"   expected: {_brief(f.expected)}\n   actual:   {_brief(f.actual)}")))
            diff = _json_diff(f.expected, f.actual)
            if diff:
                self._print(Text(printable(diff)))
            last_of_request = k + 1 == len(self._failures) or self._failures[k + 1].ex is not f.ex
            context = failure_context(f.ex) if last_of_request else []
            if context:  # the request and the start of its answer, once per request
                self._print(Text("\n".join("   " + line for line in context)))

    def close(self) -> None:
        self._stop_progress()


def passed_block(ex: Execution) -> str | None:
    """The plain lines ``_execution`` prints for a request that got a 1xx-3xx answer and passed every
    check (no redirect, console line, warning or skipped check), built in one piece (the usual
    request, at a third of the cost); None for any other, or one whose text holds a tab (rich expands
    tabs)."""
    request, r = ex.request, ex.response
    if request is None or r is None or ex.error is not None or ex.skipped or r.status >= 400 or ex.redirects \
            or ex.console or ex.warnings:
        return None
    lines = [f"iteration {ex.iteration + 1} → {_line(ex.item)}" if ex.iteration else f"→ {_line(ex.item)}",
             _line(f"  {request.method} {display_url(request.url)}")
             + _line(f" [{r.status} {r.reason}, {_size(r.size)}, {r.time_ms:.0f}ms]")
             + (f" ({ex.attempts} attempts)" if ex.attempts > 1 else "")]
    for a in ex.assertions:
        if not a.passed or a.skipped:
            return None
        lines.append("  ✓ " + _line(a.name))
    lines.append("")
    block = "\n".join(lines)
    return None if "\t" in block else block


def _brief(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def _json_diff(expected: Any, actual: Any) -> str | None:
    """A unified diff of two JSON structures (objects/arrays only; scalars read fine inline)."""
    if not isinstance(expected, (dict, list)) or not isinstance(actual, (dict, list)):
        return None
    import difflib

    a = json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
    b = json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
    return "\n".join("   " + line for line in difflib.unified_diff(a, b, "expected", "actual", lineterm=""))

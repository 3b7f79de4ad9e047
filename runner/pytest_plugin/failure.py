"""A failed request as pytest shows it: request line, status, each check, expected vs actual (a
diff for JSON objects and arrays), errors and the start of the response body. The request and
body read as the reporters show them (``runner.reporters.display``: JSON query values decoded,
pretty JSON bodies cut with a note, control characters escaped).

Rendered from the typed results: a request's error by its ``FailureKind`` (request error,
timeout, input, script), each check by its own kind. Each line carries its style, chosen where the
line is made (a failed check, a diff line, an error), so the terminal colours follow the
structure of the failure, not the text of a line.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable
from typing import Any

from runner.errors import FailureKind
from runner.model.results import AssertionResult, Execution
from runner.pytest_plugin._compat import crash_location
from runner.reporters.display import (
    body_excerpt,
    printable,
    query_lines,
    request_line,
    status_line,
)

PLAIN, FAIL, ERROR, DIFF, WARN = "plain", "fail", "error", "diff", "warn"
Line = tuple[str, str]  # (text, style)


class CdpFailure(Exception):
    """Raised by a request's test whose request (or a dependency of it) failed; shown by
    ``FailureRepr`` (no traceback)."""

    def __init__(self, lines: list[Line], headline: str) -> None:
        super().__init__(headline)
        self.lines = lines
        self.headline = headline


class FailureRepr:
    """A failure as readable text; ``reprcrash`` gives pytest's one-line summary and JUnit's message."""

    def __init__(self, lines: list[Line], headline: str, path: str) -> None:
        self.lines = lines
        self.reprcrash = crash_location(path, headline)

    def toterminal(self, tw: Any) -> None:
        for text, style in self.lines:
            tw.line(text, red=style in (FAIL, ERROR, DIFF), bold=style == FAIL, yellow=style == WARN)

    def __str__(self) -> str:
        return "\n".join(text for text, _ in self.lines)


#: How a request's error is introduced, by its kind (a script error's text names itself).
_LABELS = {FailureKind.TRANSPORT: "request error: ", FailureKind.TIMEOUT: "timeout: ",
           FailureKind.INPUT: "input error: ", FailureKind.ASSERTION: "error: "}
#: Checks that never ran because the request got no response (its error is shown once, above).
_NOT_CHECKED = (FailureKind.TRANSPORT, FailureKind.TIMEOUT)


# -- rendering -------------------------------------------------------------------------------
def headline(ex: Execution) -> str:
    """One line: the request's error when it is the cause (no response, script, input), else
    which checks failed."""
    failed = [a for a in ex.assertions if not a.passed]
    if ex.error and (not failed or ex.error_kind not in (None, FailureKind.ASSERTION)):
        return printable(ex.error.split("\n")[0], newlines=False)
    names = ", ".join(a.name for a in failed[:3]) + (", ..." if len(failed) > 3 else "")
    return printable(f"{len(failed)} of {len(ex.assertions)} checks failed: {names}", newlines=False)


def describe_failure(ex: Execution, masker: Any = None) -> list[Line]:
    """The failing request: request line (JSON query values decoded), status, each check (a
    failed one with expected vs actual, a diff for JSON objects/arrays), script and request
    errors, the start of the body (pretty JSON, cut with a note). All text made printable.
    The request's warnings come first after the request: they often say why it failed."""
    deep: Callable[[Any], Any] = getattr(masker, "deep", lambda v: v)
    lines: list[Line] = []
    if ex.request is not None:
        lines.append((request_line(ex), PLAIN))
        lines.extend((f"  {line}", PLAIN) for line in query_lines(ex))
        lines.append((f"  -> {status_line(ex)}", PLAIN))
    if ex.iteration:
        lines.append((f"iteration {ex.iteration}", PLAIN))
    lines.extend((f"warning: {w}", WARN) for w in ex.warnings)  # e.g. an unresolved {{name}}, an empty value
    if ex.script_error:
        lines.extend((line, ERROR) for line in ex.script_error.split("\n"))
    if ex.error and ex.error_kind is not FailureKind.SCRIPT:
        label = _LABELS.get(ex.error_kind or FailureKind.TRANSPORT, "error: ")
        lines.extend((line, ERROR) for line in (label + ex.error).split("\n"))
    if ex.assertions:
        failed = sum(1 for a in ex.assertions if not a.passed)
        lines.append((f"checks: {failed} of {len(ex.assertions)} failed", PLAIN))
        for a in ex.assertions:
            if a.passed:
                lines.append((f"  {'skip' if a.skipped else 'ok'}    {a.name}", PLAIN))
            elif a.kind in _NOT_CHECKED:
                lines.append((f"  FAIL  {a.name} (not checked: no response)", FAIL))
            else:
                lines.append((f"  FAIL  {a.name}", FAIL))
                lines.extend(_assertion_details(a, deep))
    resp = ex.response
    if resp is not None and resp.body and (ex.assertions or ex.error):
        excerpt = body_excerpt(resp.body)
        lines.append(("response body:", PLAIN))
        lines.extend((f"  {line}", PLAIN) for line in excerpt.text.split("\n"))
        if excerpt.note:
            lines.append((f"  {excerpt.note}", PLAIN))
    return [(printable(text, newlines=False), style) for text, style in lines]


def describe_dependencies(failed: Iterable[Execution], masker: Any = None) -> list[Line]:
    """Failed dependencies of a request (earlier requests of its flow that no test of their own
    showed), each described as a failure of its own, under a line that names it."""
    lines: list[Line] = []
    for ex in failed:
        lines.append((printable(f"setup: {ex.item!r} (run first: an earlier request of this flow) failed",
                                newlines=False), FAIL))
        lines.extend((f"  {text}", style) for text, style in describe_failure(ex, masker))
    return lines


def dependency_headline(failed: list[Execution]) -> str:
    first = failed[0]
    more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    return printable(f"setup: {first.item!r} failed{more}: ", newlines=False) + headline(first)


def _assertion_details(a: AssertionResult, deep: Callable[[Any], Any]) -> list[Line]:
    """A failed check's message (a compared check's states both values), and a diff when it
    compared two JSON objects or arrays; the bare values when there is no message."""
    out: list[Line] = []
    if a.message:
        out.extend((f"        {line}", PLAIN) for line in a.message.split("\n"))
    expected, actual = deep(a.expected), deep(a.actual)
    if isinstance(expected, (dict, list)) and isinstance(actual, (dict, list)):
        diff = difflib.unified_diff(_pretty(expected), _pretty(actual), "expected", "actual", lineterm="")
        for line in diff:
            changed = line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
            out.append((f"        {line}", DIFF if changed else PLAIN))
    elif (a.expected is not None or a.actual is not None) and not a.message:
        out.append((f"        expected: {_show(expected)}", PLAIN))
        out.append((f"        actual:   {_show(actual)}", PLAIN))
    return out


def _pretty(value: Any) -> list[str]:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).split("\n")


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else json.dumps(value)

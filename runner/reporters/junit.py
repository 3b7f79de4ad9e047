"""``report.xml``: JUnit XML for CI (one testsuite per collection, one testcase per request run).

Each iteration of each request is its own testcase (named ``Request (iteration 2)`` when the
run has several iterations), so no iteration's result is lost. Failed checks are one
``<failure>`` listing every failed check; a request that got no answer, or whose script or
capture broke, is an ``<error>``. Each testcase is serialised with ElementTree as it comes and
spooled to a temporary file; ``report.xml`` is assembled at the end, when each testsuite's
counts are known, so memory stays flat however long the run (the file is the one
``ET.indent`` + ``ElementTree.write`` give for the whole tree).

A failure's text ends with the request (JSON query values decoded) and the start of the response
body, so a red CI run says why. All text goes through ``display.printable``: characters XML 1.0
forbids, control characters and lone surrogates are written as visible escapes (``\\x1b``).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import IO

from runner.model.collection import Collection
from runner.model.results import Execution, Summary
from runner.reporters.display import display_url, failure_context, listed_failures, printable, redirect_lines

_SPACE = "  "  # one level of indentation, as ET.indent
_CASE_HEAD = '<testcase name=""'  # a spooled testcase without its name (known only at end())


def _clean(text: object) -> str:
    """Text XML can carry and a CI page can show: controls and lone surrogates as visible escapes."""
    return printable(text)


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.3f}"


def _attr(value: str) -> str:
    """``value`` escaped as ElementTree escapes an attribute value."""
    return ET.tostring(ET.Element("a", v=value), encoding="unicode")[len('<a v="'):-len('" />')]


def _open_tag(element: ET.Element) -> str:
    """``<tag attr="...">`` as ElementTree writes it (``element`` has no children or text)."""
    return ET.tostring(element, encoding="unicode")[:-len(" />")] + ">"


@dataclass
class _Suite:
    """One collection's testsuite: its attributes (counts and time added at end()) and cases spooled."""

    attrs: dict[str, str]
    path: str
    cases: int = 0
    several_iterations: bool = False
    counts: dict[str, int] = field(default_factory=lambda: {"tests": 0, "failures": 0, "errors": 0, "skipped": 0})


class JUnitReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.xml")
        self._suites: list[_Suite] = []
        self._suite: _Suite | None = None
        self._spool: IO[bytes] | None = None  # JSON lines: [name, name with iteration, rest of the testcase]

    def start(self, collection: Collection, planned: int) -> None:
        self._suite = _Suite(attrs={"name": _clean(collection.name),
                                    "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                    "hostname": _clean(socket.gethostname())},
                             path=_clean(collection.path))
        self._suites.append(self._suite)

    def execution(self, ex: Execution) -> None:
        suite = self._suite
        assert suite is not None, "start() first"
        folder = ex.item[: -len(ex.name)].rstrip("/") if ex.item.endswith(ex.name) else ""
        classname = suite.attrs["name"] + (f" / {_clean(folder)}" if folder else "")
        time_ms = ex.response.time_ms if ex.response is not None else 0.0
        case = ET.Element("testcase", name="", classname=classname, time=_seconds(time_ms))
        counts = suite.counts
        counts["tests"] += 1
        failed = [a for a in ex.assertions if not a.passed and not a.skipped]
        lines = [f"{a.name}: {a.message or 'failed'}" for a in failed]
        context = "\n\n" + "\n".join(failure_context(ex)) if ex.request is not None else ""
        if ex.skipped:
            ET.SubElement(case, "skipped", message="skipped by a pre-request script")
            counts["skipped"] += 1
        elif ex.error is not None:
            kind = "ScriptError" if ex.script_error else ("RequestError" if ex.response is None else "Error")
            error = ET.SubElement(case, "error", message=_clean(ex.error), type=kind)
            besides = [f"{a.name}: {a.message or 'failed'}" for _, a in listed_failures(ex)]
            if besides:  # checks that failed besides the error
                error.text = _clean("\n".join(besides) + context)
            elif context:
                error.text = _clean(context.lstrip("\n"))
            counts["errors"] += 1
        elif failed:
            message = lines[0] if len(failed) == 1 else f"{len(failed)} of {len(ex.assertions)} checks failed"
            failure = ET.SubElement(case, "failure", message=_clean(message), type="AssertionFailure")
            failure.text = _clean("\n".join(lines) + context)
            counts["failures"] += 1
        out = ET.SubElement(case, "system-out")
        out.text = _clean(_transcript(ex))
        ET.indent(case, space=_SPACE, level=2)  # testsuites > testsuite > testcase
        text = ET.tostring(case, encoding="unicode")
        names = [_attr(_clean(ex.name)), _attr(_clean(f"{ex.name} (iteration {ex.iteration + 1})"))]
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (a spool kept open across calls; closed in close())
        self._spool.write(json.dumps(names + [text[len(_CASE_HEAD):]]).encode("ascii") + b"\n")
        suite.cases += 1

    def end(self, collection: Collection, summary: Summary) -> None:
        suite = self._suite
        assert suite is not None, "start() first"
        suite.several_iterations = summary.iterations > 1  # keep every iteration apart: the name says which
        for key, value in suite.counts.items():
            suite.attrs[key] = str(value)
        suite.attrs["time"] = _seconds(summary.duration_ms)
        self._suite = None

    def close(self) -> None:
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        time_s = 0.0
        for suite in self._suites:
            for key in totals:
                totals[key] += int(suite.attrs.get(key, "0"))
            time_s += float(suite.attrs.get("time", "0"))
        root = ET.Element("testsuites", name="cdp-runner")
        for key in ("tests", "failures", "errors"):
            root.set(key, str(totals[key]))
        root.set("time", f"{time_s:.3f}")
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        spool = self._spool
        if spool is not None:
            spool.seek(0)
        # as ElementTree.write(path, encoding="utf-8", xml_declaration=True) opens it
        try:
            with open(self.path, "w", encoding="utf-8", errors="xmlcharrefreplace") as fh:
                fh.write("<?xml version='1.0' encoding='utf-8'?>\n")
                if not self._suites:
                    fh.write(ET.tostring(root, encoding="unicode"))
                else:
                    fh.write(_open_tag(root))
                    for suite in self._suites:
                        self._write_suite(fh, suite, spool)
                    fh.write("\n</testsuites>")
        finally:
            if spool is not None:
                spool.close()
                self._spool = None

    @staticmethod
    def _write_suite(fh: IO[str], suite: _Suite, spool: IO[bytes] | None) -> None:
        """One testsuite, indented as ET.indent does, its testcases copied from the spool."""
        indent = "\n" + 2 * _SPACE
        props = ET.Element("properties")
        ET.SubElement(props, "property", name="path", value=suite.path)
        ET.indent(props, space=_SPACE, level=2)
        fh.write("\n" + _SPACE + _open_tag(ET.Element("testsuite", suite.attrs)) + indent)
        fh.write(ET.tostring(props, encoding="unicode"))
        for _ in range(suite.cases):
            plain, numbered, rest = json.loads(spool.readline())  # type: ignore[union-attr]
            fh.write(f'{indent}<testcase name="{numbered if suite.several_iterations else plain}"{rest}')
        fh.write("\n" + _SPACE + "</testsuite>")


def _transcript(ex: Execution) -> str:
    """What happened, as the console shows it (already masked): request line, logs, checks."""
    lines = [f"iteration {ex.iteration + 1}"]
    if ex.request is not None:
        line = f"{ex.request.method} {display_url(ex.request.url)}"
        if ex.response is not None:
            r = ex.response
            line += f" -> {r.status} {r.reason}, {r.size} B, {r.time_ms:.0f} ms"
        if ex.attempts > 1:
            line += f" ({ex.attempts} attempts)"
        lines.append(line)
        lines += [f"redirect {hop}" for hop in redirect_lines(ex)]
    lines += [f"{level}: {text}" for level, text in ex.console]
    if ex.error:
        lines.append(f"error: {ex.error}")
    for a in ex.assertions:
        mark = "-" if a.skipped else ("ok" if a.passed else "FAIL")
        lines.append(f"{mark} {a.name}" + (f": {a.message}" if not a.passed and a.message else ""))
    return "\n".join(lines)

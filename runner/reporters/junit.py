"""``report.xml``: JUnit XML for CI (one testsuite per collection, one testcase per request run).

Each iteration of each request is its own testcase (named ``Request (iteration 2)`` when the
run has several iterations), so no iteration's result is lost. Failed checks are one
``<failure>`` listing every failed check; a request that got no answer, or whose script or
capture broke, is an ``<error>``. Built with ElementTree as executions stream past.
"""

from __future__ import annotations

import os
import re
import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from ..model import Collection
from ..results import Execution, Summary

# Characters XML 1.0 cannot carry (control characters except tab, newline, carriage return).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.3f}"


class JUnitReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.xml")
        self._root = ET.Element("testsuites", name="cdp-runner")
        self._suite: ET.Element | None = None
        self._cases: list[tuple[ET.Element, Execution]] = []
        self._counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def start(self, collection: Collection, planned: int) -> None:
        self._suite = ET.SubElement(self._root, "testsuite", name=_clean(collection.name),
                                    timestamp=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                    hostname=_clean(socket.gethostname()))
        props = ET.SubElement(self._suite, "properties")
        ET.SubElement(props, "property", name="path", value=_clean(collection.path))
        self._cases = []
        self._counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def execution(self, ex: Execution) -> None:
        assert self._suite is not None, "start() first"
        folder = ex.item[: -len(ex.name)].rstrip("/") if ex.item.endswith(ex.name) else ""
        classname = self._suite.get("name", "") + (f" / {_clean(folder)}" if folder else "")
        time_ms = ex.response.time_ms if ex.response is not None else 0.0
        case = ET.SubElement(self._suite, "testcase", name=_clean(ex.name), classname=classname,
                             time=_seconds(time_ms))
        self._cases.append((case, ex))
        self._counts["tests"] += 1
        failed = [a for a in ex.assertions if not a.passed and not a.skipped]
        lines = [f"{a.name}: {a.message or 'failed'}" for a in failed]
        if ex.skipped:
            ET.SubElement(case, "skipped", message="skipped by a pre-request script")
            self._counts["skipped"] += 1
        elif ex.error is not None:
            kind = "ScriptError" if ex.script_error else ("RequestError" if ex.response is None else "Error")
            error = ET.SubElement(case, "error", message=_clean(ex.error), type=kind)
            if ex.response is not None and lines:  # checks that failed besides the error
                error.text = _clean("\n".join(lines))
            self._counts["errors"] += 1
        elif failed:
            message = lines[0] if len(failed) == 1 else f"{len(failed)} of {len(ex.assertions)} checks failed"
            failure = ET.SubElement(case, "failure", message=_clean(message), type="AssertionFailure")
            failure.text = _clean("\n".join(lines))
            self._counts["failures"] += 1
        out = ET.SubElement(case, "system-out")
        out.text = _clean(_transcript(ex))

    def end(self, collection: Collection, summary: Summary) -> None:
        assert self._suite is not None, "start() first"
        if summary.iterations > 1:  # keep every iteration apart: the name says which one
            for case, ex in self._cases:
                case.set("name", _clean(f"{ex.name} (iteration {ex.iteration + 1})"))
        for key, value in self._counts.items():
            self._suite.set(key, str(value))
        self._suite.set("time", _seconds(summary.duration_ms))
        self._cases = []
        self._suite = None

    def close(self) -> None:
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        time_s = 0.0
        for suite in self._root.iter("testsuite"):
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            time_s += float(suite.get("time", "0"))
        for key in ("tests", "failures", "errors"):
            self._root.set(key, str(totals[key]))
        self._root.set("time", f"{time_s:.3f}")
        ET.indent(self._root)
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        ET.ElementTree(self._root).write(self.path, encoding="utf-8", xml_declaration=True)


def _transcript(ex: Execution) -> str:
    """What happened, as the console shows it (already masked): request line, logs, checks."""
    lines = [f"iteration {ex.iteration + 1}"]
    if ex.request is not None:
        line = f"{ex.request.method} {ex.request.url}"
        if ex.response is not None:
            r = ex.response
            line += f" -> {r.status} {r.reason}, {r.size} B, {r.time_ms:.0f} ms"
        if ex.attempts > 1:
            line += f" ({ex.attempts} attempts)"
        lines.append(line)
    lines += [f"{level}: {text}" for level, text in ex.console]
    if ex.error:
        lines.append(f"error: {ex.error}")
    for a in ex.assertions:
        mark = "-" if a.skipped else ("ok" if a.passed else "FAIL")
        lines.append(f"{mark} {a.name}" + (f": {a.message}" if not a.passed and a.message else ""))
    return "\n".join(lines)

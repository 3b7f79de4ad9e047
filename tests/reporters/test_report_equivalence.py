"""The streamed JUnit and HTML reports are the documents the in-memory way gives: report.xml is
what ElementTree writes for the same tree (parsed, indented, written), report.html is the template
rendered from lists held in memory. With the golden files (``tests/golden/streaming``), this keeps
the spool-file design honest whenever the reports' content changes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_streaming import SHAPES, _golden_runs, _report

from runner import __version__
from runner.reporters import html as html_reporter
from runner.reporters.display import printable
from runner.reporters.junit import JUnitReporter


@pytest.mark.parametrize("shape", SHAPES)
def test_streamed_junit_is_what_elementtree_writes(tmp_path: Path, shape: str) -> None:
    _report(JUnitReporter(str(tmp_path)), _golden_runs(shape))
    streamed = (tmp_path / "report.xml").read_bytes()
    tree = ET.parse(io.BytesIO(streamed))
    ET.indent(tree, space="  ")
    written = io.BytesIO()
    tree.write(written, encoding="utf-8", xml_declaration=True)
    assert streamed == written.getvalue()


@pytest.mark.parametrize("shape", SHAPES)
def test_streamed_html_is_the_template_rendered_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          shape: str) -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    monkeypatch.setattr(html_reporter, "BODY_SHOWN", 40)
    runs = _golden_runs(shape)
    reporter = html_reporter.HtmlReporter(str(tmp_path))
    _report(reporter, runs)
    in_memory = [{"index": i, "name": printable(c.name, newlines=False), "path": printable(c.path, newlines=False),
                  "summary": s, "several_iterations": s.iterations > 1,
                  "executions": [html_reporter._view(ex, n + 1) for n, ex in enumerate(exs)]}
                 for i, (c, exs, s) in enumerate(runs)]
    env = Environment(loader=PackageLoader("runner", "reporters/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    page = env.get_template("report.html.j2").render(
        runs=in_memory, version=__version__, generated=reporter._started.isoformat(timespec="seconds"),
        failed=any(r["summary"].failed for r in in_memory),
        failures=sum(len(v["failures"]) for r in in_memory for v in r["executions"]))
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page

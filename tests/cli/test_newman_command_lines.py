"""Newman CI command lines, in the style found in public CI files (GitHub workflows, GitLab CI,
Jenkinsfiles, package.json scripts), with ``newman`` replaced by ``cdp-runner``: each one works
(exit code, the report files it names) or stops with the stated message.

They run against the embedded sandbox (a Postman collection and environment of this repository),
in a temporary folder. ``docs/migrating-from-newman.md`` shows this same table; regenerate it
after changing LINES with ``python tests/cli/test_newman_command_lines.py``.
"""

from __future__ import annotations

import glob
import json
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "migrating-from-newman.md"
BEGIN, END = "<!-- newman-lines: begin (generated from tests/cli/test_newman_command_lines.py) -->", \
    "<!-- newman-lines: end -->"
C, E = "api.postman_collection.json", "ci.postman_environment.json"


@dataclass(frozen=True)
class Line:
    command: str
    exit: int = 0
    files: tuple[str, ...] = ()  # report/export files (globs) the line must leave behind
    says: str = ""  # text the output (stderr or stdout) must contain
    what: str = ""  # the table's note


LINES: tuple[Line, ...] = (
    Line(f"cdp-runner run {C} -e {E}", what="the plainest CI line"),
    Line(f"cdp-runner run {C} -e {E} -r cli,junit --reporter-junit-export results/junitReport.xml",
         files=("results/junitReport.xml",), what="comma-separated reporters, export path"),
    Line(f"cdp-runner run {C} --environment={E} --reporters cli,junit --reporter-junit-export Results/results-TEST.xml",
         files=("Results/results-TEST.xml",), what="`--option=value`, `--reporters`"),
    Line(f"cdp-runner run {C} -e {E} -r cli,json,htmlextra --reporter-json-export output/result.json "
         "--reporter-htmlextra-export output/result.html",
         files=("output/result.json", "output/result.html"), says="-r htmlextra: writing the built-in HTML report",
         what="htmlextra becomes the built-in HTML report (one-line note)"),
    Line(f"cdp-runner run {C} -e {E} --reporters cli,junit,htmlextra --reporter-junit-export newman_result.xml "
         "--reporter-htmlextra-export newman_result.html --suppress-exit-code",
         files=("newman_result.xml", "newman_result.html"), what="Jenkins style, `--suppress-exit-code`"),
    Line(f"cdp-runner run {C} -e {E} -r cli,htmlextra --reporter-htmlextra-export reports/report.html "
         "--reporter-htmlextra-title 'API tests' --disable-unicode",
         files=("reports/report.html",), says="--reporter-htmlextra-title: ignored",
         what="cosmetic options of community reporters are noted and ignored"),
    Line(f"cdp-runner run {C} -e {E} -r cli,junit", files=("reports/newman-run-report-*-0.xml",),
         what="no export path: Newman's timestamped name in `--report-dir` (default `reports`)"),
    Line(f"cdp-runner run {C} -e {E} -r junit --report-dir newman", files=("newman/report.xml",),
         what="one name per `-r` is cdp-runner's own spelling: fixed name `report.xml`"),
    Line(f"cdp-runner run {C} -e {E} -r cli,json --report-overwrite", files=("reports/report.json",),
         what="`--report-overwrite`: fixed names with Newman's spelling too"),
    Line(f"cdp-runner run {C} -e {E} --env-var 'apiEndpoint=sandbox.cdp-runner.invalid' --bail",
         what="`--env-var`, `--bail`"),
    Line(f"cdp-runner run {C} -e {E} --bail folder,failure -x", what="Newman's `--bail` modifiers"),
    Line(f"cdp-runner run {C} -e {E} -n 2 --delay-request 10", what="iterations and delay"),
    Line(f"cdp-runner run {C} -e {E} -d data.csv", what="iteration data file"),
    Line(f"cdp-runner run {C} -g globals.postman_globals.json -e {E}", what="globals file"),
    Line(f"cdp-runner run {C} -e {E} --global-var 'PointOfSale=sandbox.cdp-runner.test'", what="`--global-var`"),
    Line(f"cdp-runner run {C} -e {E} --folder 'Create browser'", what="`--folder` (folders or requests)"),
    Line(f"cdp-runner run {C} -e {E} --timeout 60000 --timeout-request 10000 --timeout-script 5000",
         what="time limits, Newman's names"),
    Line(f"cdp-runner run {C} -e {E} -k --color off", what="`-k`, `--color on|off|auto`"),
    Line(f"cdp-runner run {C} -e {E} --insecure --silent", what="`--silent`: no console output"),
    Line(f"cdp-runner run {C} -e {E} --ssl-extra-ca-certs certs/ca.pem", what="extra trusted CA"),
    Line(f"cdp-runner run {C} -e {E} --ssl-client-cert certs/client.pem --ssl-client-key certs/client.key",
         what="client certificate (mutual TLS)"),
    Line(f"cdp-runner run {C} -e {E} --export-environment out/env.json --export-globals out/globals.json",
         files=("out/env.json", "out/globals.json"), what="exports carry real values, as Newman's"),
    Line(f"cdp-runner run {C} -e {E} --export-collection out/collection.json", files=("out/collection.json",),
         what="`--export-collection`"),
    Line(f"cdp-runner run {C} -e {E} --verbose --reporter-cli-no-summary",
         says="--reporter-cli-no-summary: ignored", what="console reporter switches with no equivalent are noted"),
    Line(f"cdp-runner run {C} -e {E} -r cli,teamcity", files=("reports/newman-run-report-*-0.xml",),
         says="-r teamcity: writing the JUnit report", what="teamcity, allure: the JUnit report"),
    Line(f"cdp-runner run {C} -e {E} --ignore-redirects --working-dir . --no-insecure-file-read",
         what="applied: redirects not followed, form-data files only inside the working directory"),
    Line(f"cdp-runner run {C} -e {E} --env-var clientKey=wrong-key -r cli,junit --reporter-junit-export out/failed.xml",
         exit=1, files=("out/failed.xml",), what="a failing check: exit 1, report still written"),
    Line(f"cdp-runner run {C} -e {E} --env-var clientKey=wrong-key -x", exit=0,
         what="`-x` turns exit 1 into 0 (bad input stays 2)"),
    Line(f"cdp-runner run {C} -e {E} --reporter-junit-export results.xml",
         says="junit is not among the reporters", what="as in Newman, an export for an unused reporter is ignored"),
    Line(f"cdp-runner run {C} --postman-api-key PMAK-0000 -e {E}", exit=2,
         says="--postman-api-key has no meaning in cdp-runner", what="no meaning here: says what to use"),
    Line("cdp-runner run https://api.getpostman.com/collections/1234?apikey=PMAK-0000", exit=2,
         says="a collection given as a URL", what="collections are files: download once"),
    Line(f"cdp-runner run {C} -e {E} -r cli,slack", exit=2, says="-r slack: no such reporter",
         what="a reporter with no equivalent"),
    Line(f"cdp-runner run {C} --enviroment {E}", exit=2, says="unknown option --enviroment (did you mean --environment?)",
         what="typos get a did-you-mean and the usage of `run`"),
    Line(f"cdp-runner run {C} -e {E} --ssl-client-cert-list certs.json", exit=2,
         says="--ssl-client-cert-list has no meaning in cdp-runner", what="use `--ssl-client-cert`"),
)


def _project(folder: Path) -> None:
    """The files the lines name: the sandbox's Postman collection and environment, and the rest."""
    import trustme

    shutil.copy(ROOT / "collections/stream/close-session.postman_collection.json", folder / C)
    shutil.copy(ROOT / "environments/sandbox.postman_environment.json", folder / E)
    (folder / "globals.postman_globals.json").write_text(json.dumps({
        "name": "globals", "_postman_variable_scope": "globals",
        "values": [{"key": "team", "value": "api", "enabled": True}]}))
    (folder / "data.csv").write_text("page\nhome page\nbasket\n")
    (folder / "certs").mkdir()
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "certs/ca.pem"))
    client = ca.issue_cert("client.example")
    client.cert_chain_pems[0].write_to_path(str(folder / "certs/client.pem"))
    client.private_key_pem.write_to_path(str(folder / "certs/client.key"))


def _main(argv: list[str]) -> int:
    from runner.cli.main import main

    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage errors
        return int(exc.code or 0)


@pytest.mark.parametrize("line", LINES, ids=[f"{i:02d}" for i in range(len(LINES))])
def test_newman_ci_line_works_as_it_is(line: Line, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(line.command)
    assert argv[0] == "cdp-runner"
    code = _main(argv[1:])
    out, err = capsys.readouterr()
    assert code == line.exit, f"{line.command}\nexit {code}\n{err[-2000:]}"
    if line.exit == 2:
        assert "usage: cdp-runner run" in err or "cdp-runner: error:" in err
        assert "PMAK-0000" not in out + err  # API keys in a rejected line are not echoed
    for pattern in line.files:
        assert glob.glob(pattern), f"{line.command}: no file {pattern}; files: {sorted(glob.glob('**', recursive=True))}"
    if line.says:
        assert line.says in out + err, f"{line.command}: expected {line.says!r} in\n{err}"
    if "--silent" in argv:
        assert out == ""


def test_at_least_25_lines() -> None:
    assert len(LINES) >= 25
    assert all(line.command.startswith("cdp-runner run ") for line in LINES)


def render_table() -> str:
    rows = ["| command line (`newman` replaced by `cdp-runner`) | exit | what it shows |", "|---|---|---|"]
    for line in LINES:
        shown = line.command.replace("|", "\\|")
        note = line.what + (f"; files: {', '.join(f'`{f}`' for f in line.files)}" if line.files else "")
        if line.exit == 2:
            note += f" (`{line.says}`)"
        rows.append(f"| `{shown}` | {line.exit} | {note} |")
    return "\n".join([BEGIN, *rows, END])


def test_migration_doc_shows_the_same_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render_table() in text, "docs/migrating-from-newman.md is out of date: python tests/cli/test_newman_command_lines.py"


def _write_doc() -> Any:  # python tests/cli/test_newman_command_lines.py: refresh the doc's table
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + render_table() + text[end:]
    else:
        text += "\n" + render_table() + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _write_doc()

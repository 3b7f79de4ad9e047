"""Newman's options do what they do in Newman: usage errors name the subcommand, colours and
symbols follow --color/--disable-unicode, -x, -g, --ssl-extra-ca-certs, and report file names."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CLOSE = str(ROOT / "collections/stream/close-session.json")
ENV = str(ROOT / "environments/sandbox.env")
NEWMAN_NAME = re.compile(r"^newman-run-report-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}-\d+\.(xml|json|html)$")


def _main(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)


# -- usage errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, usage, message", [
    (["run", CLOSE, "--enviroment", ENV], "usage: cdp-runner run", "unknown option --enviroment (did you mean --environment?)"),
    (["run", CLOSE, "--reporters", "cli,junt"], "usage: cdp-runner run", "-r junt: no such reporter (did you mean junit?)"),
    (["run", CLOSE, "-r", "junit", "--reporter-junit-exprot", "x.xml"], "usage: cdp-runner run",
     "did you mean --reporter-junit-export?"),
    (["run", CLOSE, "--postman-api-key", "PMAK-1"], "usage: cdp-runner run", "has no meaning in cdp-runner"),
    (["validate", CLOSE, "--enviroment", ENV], "usage: cdp-runner validate", "did you mean --environment?"),
    (["connection", "review", CLOSE, "--enviroment", ENV], "usage: cdp-runner connection review",
     "did you mean --environment?"),
])
def test_unknown_options_get_a_did_you_mean_and_the_subcommand_usage(
        argv: list[str], usage: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(*argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(usage), err
    assert message in err
    assert "PMAK-1" not in err


def test_bail_before_the_path_does_not_swallow_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("run", "--bail", CLOSE, "-e", ENV, "--silent") == 0
    assert _main("run", "--bail", "failure", CLOSE, "-e", ENV, "--silent") == 0
    assert _main("run", CLOSE, "-e", ENV, "--bail=sideways") == 2
    assert "--bail: unknown modifier 'sideways'" in capsys.readouterr().err


# -- console -------------------------------------------------------------------------------------

def test_color_on_and_off(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _main("run", CLOSE, "-e", ENV, "--color", "on") == 0
    assert "\x1b[" in capsys.readouterr().out  # captured output is no terminal: colours only because asked
    assert _main("run", CLOSE, "-e", ENV, "--color", "off") == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_disable_unicode_prints_plain_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("run", CLOSE, "-e", ENV, "--disable-unicode") == 0
    out = capsys.readouterr().out
    assert out.isascii(), [c for c in out if not c.isascii()][:5]
    assert "PASS view accepted" in out and "-> Create browser" in out


def test_silent_prints_nothing_but_writes_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("run", CLOSE, "-e", ENV, "--silent", "-r", "cli", "-r", "json", "--report-dir", str(tmp_path)) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "report.json").exists()


def test_suppress_exit_code_turns_failures_into_0_but_not_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("run", CLOSE, "-e", ENV, "--env-var", "CLIENT_KEY=wrong-key-123", "--silent") == 1
    assert _main("run", CLOSE, "-e", ENV, "--env-var", "CLIENT_KEY=wrong-key-123", "--silent", "-x") == 0
    assert _main("run", "missing.json", "-x") == 2


# -- variables and TLS ---------------------------------------------------------------------------

def _echo_collection(tmp_path: Path, url: str) -> str:
    path = tmp_path / "echo.json"
    path.write_text(json.dumps({"name": "echo", "items": [{"name": "get", "request": {
        "method": "GET", "url": url}, "assert": [{"status": 200}]}]}))
    return str(path)


def test_globals_file_values_are_sent_and_global_var_wins(tmp_path: Path, loopback: Any) -> None:
    from conftest import send_json

    loopback.route("GET", "/g")(lambda h: send_json(h, 200, {}))
    coll = _echo_collection(tmp_path, loopback.url + "/g?team={{team}}&region={{region}}")
    globals_file = tmp_path / "workspace.postman_globals.json"
    globals_file.write_text(json.dumps({"name": "g", "_postman_variable_scope": "globals", "values": [
        {"key": "team", "value": "api", "enabled": True}, {"key": "region", "value": "eu", "enabled": True}]}))
    assert _main("run", coll, "-g", str(globals_file), "--global-var", "region=us", "--silent") == 0
    assert loopback.requests[0]["path"] == "/g?team=api&region=us"


def test_ssl_extra_ca_certs_trusts_that_ca(tmp_path: Path, tls_sandbox: tuple[str, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from runner.sandbox.constants import CLIENT_KEY

    host, ca_file = tls_sandbox
    coll = _echo_collection(tmp_path, f"https://{host}/v1.2/browser/create.json?client_key={CLIENT_KEY}&message=%7B%7D")
    assert _main("run", coll, "--no-sandbox", "-r", "json", "--report-dir", str(tmp_path / "a")) == 1
    error = json.loads((tmp_path / "a/report.json").read_text())["executions"][0]["error"]
    assert "certificate" in error.lower() or "tls" in error.lower(), error
    assert _main("run", coll, "--no-sandbox", "--ssl-extra-ca-certs", ca_file, "--silent") == 0


def test_extra_ca_bundle_keeps_the_usual_trust(tmp_path: Path) -> None:
    import certifi

    from runner.cli.commands import _trust_also

    extra = tmp_path / "extra.pem"
    extra.write_text("-----BEGIN CERTIFICATE-----\nextra\n-----END CERTIFICATE-----\n")
    with _trust_also(str(extra), None) as bundle:
        text = Path(bundle).read_text()
    assert text.startswith(Path(certifi.where()).read_text().rstrip("\n")) and text.endswith("extra\n-----END CERTIFICATE-----\n")
    assert not os.path.exists(bundle)  # temporary: gone after the run


# -- report file names ---------------------------------------------------------------------------

def test_newman_spelling_gets_timestamped_names_that_never_overwrite(tmp_path: Path) -> None:
    for _ in range(2):
        assert _main("run", CLOSE, "-e", ENV, "-r", "cli,junit,json", "--report-dir", str(tmp_path), "--silent") == 0
    names = sorted(os.listdir(tmp_path))
    assert len(names) == 4 and all(NEWMAN_NAME.match(n) for n in names), names


def test_report_overwrite_and_native_spelling_keep_the_contract_names(tmp_path: Path) -> None:
    assert _main("run", CLOSE, "-e", ENV, "--reporters", "junit", "--report-overwrite",
                 "--report-dir", str(tmp_path / "a")) == 0
    assert os.listdir(tmp_path / "a") == ["report.xml"]
    assert _main("run", CLOSE, "-e", ENV, "-r", "json", "--reporter", "html", "--report-dir", str(tmp_path / "b")) == 0
    assert sorted(os.listdir(tmp_path / "b")) == ["report.html", "report.json"]


def test_export_path_that_is_a_folder_gets_newmans_name_inside(tmp_path: Path) -> None:
    assert _main("run", CLOSE, "-e", ENV, "-r", "junit", "--reporter-junit-export", str(tmp_path), "--silent") == 0
    (name,) = os.listdir(tmp_path)
    assert NEWMAN_NAME.match(name) and name.endswith(".xml")


def test_two_reports_on_one_path_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "same.out")
    assert _main("run", CLOSE, "-e", ENV, "-r", "json,junit", "--reporter-json-export", out,
                 "--reporter-junit-export", out) == 2
    assert "would both be written here" in capsys.readouterr().err

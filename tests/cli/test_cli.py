"""The CLI's exit codes (0 passed, 1 failed, 2 bad input, 3 internal error) and its output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CLOSE = str(ROOT / "collections/stream/close-session.json")
SANDBOX_ENV = str(ROOT / "environments/sandbox.env")


def test_quick_start_command_passes_and_shows_each_request_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", CLOSE, "-e", SANDBOX_ENV]) == 0
    out = capsys.readouterr().out
    for name in ("Create browser", "Send VIEW event", "Close the session (FORCE_CLOSE)", "Read the browser back"):
        assert f"→ {name}" in out
    assert "✓ view accepted" in out and "✓ status == 201" in out
    assert "sandbox-client-key" not in out  # *KEY* variables are masked


def test_json_report_has_the_contract_shape(tmp_path: Path) -> None:
    assert main(["run", CLOSE, "-e", SANDBOX_ENV, "-r", "json", "--report-dir", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["collection"] == {"name": "CDP Stream - close a session", "path": CLOSE}
    assert report["summary"]["requests"] == {"total": 4, "failed": 0}
    assert report["summary"]["assertions"] == {"total": 10, "failed": 0}
    assert report["summary"]["iterations"] == 1 and report["summary"]["durationMs"] > 0
    first = report["executions"][0]
    assert set(first) >= {"item", "name", "iteration", "request", "response", "error", "assertions"}
    assert first["request"]["method"] == "GET" and first["response"]["status"] == 200
    assert first["assertions"][0] == {"name": "status == 200", "passed": True, "message": None}


def test_failed_assertion_exits_1(tmp_path: Path) -> None:
    c = json.loads(Path(CLOSE).read_text())
    c["items"][1]["assert"].append({"that": "$.status", "equals": "NOT OK"})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(c))
    assert main(["run", str(path), "-e", SANDBOX_ENV]) == 1


def test_wrong_client_key_fails_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", CLOSE, "-e", SANDBOX_ENV, "--env-var", "CLIENT_KEY=wrong-key-123"]) == 1
    out = capsys.readouterr().out
    assert "expected status == 200, got 401" in out


@pytest.mark.parametrize("argv", [
    ["run", "missing.json"],
    ["run", CLOSE, "-e", "missing.env"],
    ["run", CLOSE, "--env-var", "NOEQUALS"],
    ["run", CLOSE, "--quiet", "--verbose"],
    ["run", CLOSE, "--reporter", "xml"],
    ["frobnicate"],
])
def test_bad_input_exits_2_without_traceback(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error" in err


def test_schema_error_message_names_file_and_pointer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "x", "items": [{"name": "r", "request": {"method": "GET"}}]}))
    assert main(["validate", str(path)]) == 2
    assert f"{path} at /items/0/request: schema violation: 'url' is required" in capsys.readouterr().err


def test_validate_sends_nothing_and_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", CLOSE, str(ROOT / "collections/stream/close-session.postman_collection.json")]) == 0
    out = capsys.readouterr().out
    assert "ok  " in out and "4 requests" in out and "variables not checked" in out
    assert main(["validate", CLOSE, "-e", SANDBOX_ENV]) == 0
    assert main(["validate", CLOSE, "-e", str(ROOT / "environments/tenant.env.example")]) == 0


def test_validate_warns_of_empty_environment_values_a_request_uses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / "tenant.env"
    env.write_text("API_ENDPOINT=api.example.com\nCLIENT_KEY=\nAPI_TOKEN=\nPOS=\nUNUSED=\n"
                   "CHANNEL=WEB\nLANGUAGE=EN\nCURRENCY=EUR\n")
    assert main(["validate", CLOSE, "-e", str(env)]) == 0  # a warning, not bad input
    out = capsys.readouterr().out
    assert (f"warning: {CLOSE} at /items/0/request/query/client_key: variable CLIENT_KEY is empty in {env} "
            "(CLIENT_KEY=); the request sends an empty value") in out
    assert f"warning: {CLOSE} at /items/1/prerequest/messages/message: variable POS is empty in {env} (POS=)" in out
    assert "UNUSED" not in out and "API_TOKEN" not in out  # warned only when a request uses it
    assert main(["validate", CLOSE, "-e", SANDBOX_ENV]) == 0
    assert "is empty" not in capsys.readouterr().out


def test_internal_error_exits_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import runner.cli.commands

    def boom(args: object) -> int:
        raise RuntimeError("bug")

    monkeypatch.setattr(runner.cli.commands, "run_command", boom)
    assert main(["run", CLOSE]) == 3
    assert "internal error" in capsys.readouterr().err


def test_console_script_version_is_fast_to_import() -> None:
    proc = subprocess.run([sys.executable, "-m", "runner", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("cdp-runner ")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "runner", "--version"], capture_output=True, text=True)
    assert "httpx" not in proc.stderr and "quickjs" not in proc.stderr  # lazy imports: --version loads neither

"""--export-environment/--export-globals/--export-collection write real values (as Newman), so
the next run can start from them; --export-masked writes a shareable copy; loading a file that
holds ``*****`` is a warning naming the variables."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CLOSE = str(ROOT / "collections/stream/close-session.json")
ENV = str(ROOT / "environments/sandbox.env")
CLIENT_KEY, API_TOKEN = "sandbox-client-key-0000000000000000", "sandbox-api-token-not-a-secret"


def _values(path: Path) -> dict[str, str]:
    return {v["key"]: v["value"] for v in json.loads(path.read_text())["values"]}


def test_exported_environment_carries_real_values_and_runs_again(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "env.postman_environment.json"
    assert main(["run", CLOSE, "-e", ENV, "--export-environment", str(exported)]) == 0
    out = capsys.readouterr().out
    values = _values(exported)
    assert values["CLIENT_KEY"] == CLIENT_KEY and values["API_TOKEN"] == API_TOKEN
    assert stat.S_IMODE(os.stat(exported).st_mode) == 0o600  # real secrets: owner only
    assert CLIENT_KEY not in out  # the console still masks them
    assert main(["run", CLOSE, "-e", str(exported)]) == 0  # the next run starts from the export
    assert "warning" not in capsys.readouterr().err


def test_export_masked_is_shareable_and_loading_it_warns_by_name(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "shared.postman_environment.json"
    assert main(["run", CLOSE, "-e", ENV, "--export-environment", str(exported), "--export-masked", "--silent"]) == 0
    text = exported.read_text()
    assert CLIENT_KEY not in text and API_TOKEN not in text
    assert _values(exported)["CLIENT_KEY"] == "*****" and _values(exported)["POS"] == "sandbox.cdp-runner.test"
    capsys.readouterr()
    assert main(["run", CLOSE, "-e", str(exported), "--silent"]) == 1  # the sandbox refuses the key "*****"
    err = capsys.readouterr().err
    warning = next(line for line in err.splitlines() if "warning:" in line)
    assert f"warning: {exported}: " in warning and "hold the mask *****" in warning
    named = warning.split(f"{exported}: ")[1].split(" hold")[0].split(", ")
    assert {"CLIENT_KEY", "API_TOKEN", "clientKey", "apiToken", "oauthClientSecret", "ESP_CLIENT_SECRET"} == set(named)


def test_export_globals_and_a_masked_globals_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "globals.json"
    assert main(["run", CLOSE, "-e", ENV, "--global-var", "SHARED_TOKEN=tok-123456", "--global-var", "team=api",
                 "--export-globals", str(exported), "--silent"]) == 0
    document = json.loads(exported.read_text())
    assert document["_postman_variable_scope"] == "globals"
    assert _values(exported) == {"SHARED_TOKEN": "tok-123456", "team": "api"}
    assert main(["run", CLOSE, "-e", ENV, "--global-var", "SHARED_TOKEN=tok-123456",
                 "--export-globals", str(exported), "--export-masked", "--silent"]) == 0
    assert _values(exported)["SHARED_TOKEN"] == "*****"
    capsys.readouterr()
    assert main(["run", CLOSE, "-e", ENV, "-g", str(exported), "--silent"]) == 0
    assert "SHARED_TOKEN holds the mask" in capsys.readouterr().err


def test_export_collection_keeps_postman_format_with_final_variables(tmp_path: Path) -> None:
    collection = tmp_path / "c.postman_collection.json"
    collection.write_text(json.dumps({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "browser", "value": ""}, {"key": "untouched", "value": "as is"}],
        "item": [{"name": "create", "request": {
            "method": "GET",
            "url": "https://sandbox.cdp-runner.invalid/v1.2/browser/create.json?client_key=" + CLIENT_KEY + "&message={}"},
            "event": [{"listen": "test", "script": {"exec": [
                "pm.collectionVariables.set('browser', pm.response.json().ref);"]}}]}]}))
    exported = tmp_path / "out" / "executed.postman_collection.json"
    assert main(["run", str(collection), "--export-collection", str(exported), "--silent"]) == 0
    document = json.loads(exported.read_text())
    assert document["info"]["name"] == "c" and document["item"][0]["name"] == "create"
    variables = {v["key"]: v["value"] for v in document["variable"]}
    assert len(variables["browser"]) == 36 and variables["untouched"] == "as is"


def test_export_masked_and_export_secrets_contradict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", CLOSE, "-e", ENV, "--export-environment", "x.json", "--export-masked",
                 "--export-secrets"]) == 2
    assert "cannot be used together" in capsys.readouterr().err

"""A collection declares canned callFlows answers for the embedded sandbox (issue 16): the native
``"sandbox": {"flows": {friendlyId: response}}`` block is what the in-process sandbox answers
``POST /v2/callFlows`` with, for that run (personalize-api-flow-execution.html: the answer is the
experience's API response, which the tenant's experience defines)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main
from runner.load import load_collection

ROOT = Path(__file__).resolve().parents[2]
SANDBOX_ENV = str(ROOT / "environments" / "sandbox.env")
BANNER = {"title": "Winter sale", "offers": [{"sku": "SKI-1", "discount": 20}]}


def _collection(flows: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "flows", "items": [
        {"name": "Create browser",
         "request": {"method": "GET", "url": "https://{{API_ENDPOINT}}/v1.2/browser/create.json",
                     "query": {"client_key": "{{CLIENT_KEY}}", "message": "{}"}},
         "capture": {"BROWSER_ID": "$.ref"}},
        {"name": "Home banner",
         "request": {"method": "POST", "url": "https://{{API_ENDPOINT}}/v2/callFlows",
                     "body": {"json": {"clientKey": "{{CLIENT_KEY}}", "channel": "WEB", "language": "EN",
                                       "currencyCode": "EUR", "pointOfSale": "{{POS}}",
                                       "browserId": "{{BROWSER_ID}}", "friendlyId": "home_banner"}}},
         "assert": [{"status": 200}, {"that": "$.title", "equals": "Winter sale"},
                    {"that": "$.offers[0].discount", "equals": 20}]},
    ]}
    if flows is not None:
        data["sandbox"] = {"flows": flows}
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "flows.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_collections_canned_answer_is_what_call_flows_returns(tmp_path: Path) -> None:
    path = _write(tmp_path, _collection({"home_banner": BANNER}))
    assert load_collection(path).sandbox == {"flows": {"home_banner": BANNER}}
    assert main(["run", path, "-e", SANDBOX_ENV]) == 0
    assert main(["run", _write(tmp_path, _collection(None)), "-e", SANDBOX_ENV]) == 1  # a made-up decision


def test_the_collection_block_wins_over_sandbox_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flows_file = tmp_path / "env-flows.json"
    flows_file.write_text(json.dumps({"home_banner": {"title": "from the file"}}))
    monkeypatch.setenv("SANDBOX_FLOWS", str(flows_file))
    assert main(["run", _write(tmp_path, _collection({"home_banner": BANNER})), "-e", SANDBOX_ENV]) == 0


def test_each_run_gets_its_own_collections_answers(tmp_path: Path) -> None:
    first = tmp_path / "a"
    second = tmp_path / "b"
    first.mkdir()
    second.mkdir()
    other = _collection({"home_banner": {**BANNER, "title": "Summer sale"}})
    other["items"][1]["assert"][1]["equals"] = "Summer sale"
    assert main(["run", _write(first, _collection({"home_banner": BANNER})), _write(second, other),
                 "-e", SANDBOX_ENV]) == 0


def test_a_bad_sandbox_block_is_bad_input_with_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _collection({"home_banner": "Winter sale"}))
    assert main(["run", path, "-e", SANDBOX_ENV]) == 2
    assert f"{path} at /sandbox/flows/home_banner: schema violation" in capsys.readouterr().err
    data = _collection(None)
    data["sandbox"] = {"flow": {}}
    assert main(["validate", _write(tmp_path, data)]) == 2
    assert "at /sandbox: schema violation" in capsys.readouterr().err

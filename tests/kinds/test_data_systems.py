"""Personalize data-system connections (issue 16): a GET (or POST/PUT) whose JSON answer is mapped
into a decision with outputMappings, in the connection format, the lint, export and import, and
the sandbox's Connection REST API.

Sources: personalize/en/developers/api/connection-rest-api.html and create-a-connection.html
(``systemType`` DATA_SYSTEM, ``request.connectionUrl``, ``inputMappings``/``outputMappings``),
test-a-connection.html (an output mapping is ``{"label", "outputReference", "type"}``), the
wizard's configure-the-request-using-a-get-method.html (GET for a data system: default headers
Accept and Accept-Encoding) and name-and-authenticate-a-connection-to-a-data-system-or-analytical-model.html
(no hyphens in a data system's name)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from runner.cli.main import main
from runner.kinds.connection import lint
from runner.kinds.connection.api import from_personalize, normalize, to_personalize
from runner.load import load_collection
from runner.sandbox import OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SANDBOX_HOST, Sandbox

ROOT = Path(__file__).resolve().parents[2]
LOYALTY = ROOT / "collections" / "personalize" / "loyalty-data-system.json"
SANDBOX_ENV = ROOT / "environments" / "sandbox.env"


def _data_system(**changes: Any) -> dict[str, Any]:
    item = copy.deepcopy(json.loads(LOYALTY.read_text())["items"][1])
    item["connection"].update(changes)
    return item


def test_a_get_is_a_data_system_request_not_a_destination_one() -> None:
    assert lint(_data_system(), "f.json") == []
    destination = _data_system(systemType="DESTINATION")
    (problem,) = lint(destination, "f.json")
    assert problem.pointer == "/connection/request/method"
    assert "not allowed for a destination" in problem.message and '"systemType": "DATA_SYSTEM"' in problem.message
    patch = _data_system(request={"method": "PATCH", "url": "https://d.example/x"})
    assert [p.message for p in lint(patch, "f.json")] == [
        "method 'PATCH' is not allowed for a data system; use GET, POST or PUT"]


def test_lint_of_a_data_systems_request_and_outputs() -> None:
    item = _data_system(request={"method": "GET", "url": "https://d.example/x", "body": "{}"},
                        outputMappings=[{"label": "tier", "outputReference": "loyalty.tier"},
                                        {"label": "tier", "outputReference": "$..[", "type": "Text"}])
    item["name"] = "Loyalty-lookup"
    problems = [(p.pointer, p.severity, p.message.split(":")[0]) for p in lint(item, "f.json")]
    assert problems == [
        ("/connection/request/body", "error", "a GET request has no body"),
        ("/connection/outputMappings/1/label", "error", "output label 'tier' is used twice; each output needs its own label"),
        ("/connection/outputMappings/1/outputReference", "error", "outputReference is not a path into the JSON answer"),
        ("/connection/outputMappings/1/type", "error", "output type 'Text' is not one of String, Number, Boolean, Object, Array"),
        ("/name", "warning", "a data system's name should have no hyphens"),
    ]


def test_a_run_checks_every_output_mapping_on_the_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(LOYALTY), "-e", str(SANDBOX_ENV)]) == 0
    data = json.loads(LOYALTY.read_text())
    data["items"][1]["connection"]["outputMappings"] = [
        {"label": "tier", "outputReference": "loyalty.tier", "type": "Number"},
        {"label": "level", "outputReference": "loyalty.level"}]
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["run", str(path), "-e", str(SANDBOX_ENV)]) == 1
    out = capsys.readouterr().out
    assert "output 'tier': $.loyalty.tier is a Number" in out and "output 'level': $.loyalty.level is a String" in out


def test_connection_test_shows_the_mapped_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connection", "test", str(LOYALTY), "-e", str(SANDBOX_ENV)]) == 0
    out = capsys.readouterr().out
    assert "  Outputs:\n    tier = \"gold\"\n    points = 1200\n" in out


def test_export_uses_the_documented_names_and_imports_back(tmp_path: Path) -> None:
    item = _data_system()
    exported = to_personalize(item, {"ESP_BASE_URL": "https://data.example", "ESP_TOKEN_URL": "https://data.example/t",
                                     "ESP_CLIENT_ID": "id"})
    assert exported["systemType"] == "DATA_SYSTEM"
    assert exported["request"] == {"requestType": "GET", "connectionUrl": "https://data.example/emails/${email}"}
    assert exported["outputMappings"] == [{"label": "tier", "outputReference": "loyalty.tier", "type": "String"},
                                          {"label": "points", "outputReference": "loyalty.points", "type": "Number"}]
    assert [h["name"] for h in exported["customHeaders"]] == ["Accept", "Accept-Encoding"]  # no Content-Type on GET
    back = from_personalize(exported)
    assert back["connection"]["outputMappings"] == exported["outputMappings"]
    assert "defaultHeaders" not in back["connection"]["request"]
    assert normalize(back)["connection"]["request"] == normalize({"name": "x", "connection": {
        **item["connection"], "request": {"method": "GET", "url": "https://data.example/emails/${email}"}}})[
        "connection"]["request"]


def test_import_reads_the_documented_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the shape of test-a-connection.html's example (values made up here)
    documented = {"connection": {
        "name": "Weather", "description": "custom connection to weather system", "revision": 1, "archived": False,
        "auth": {"authType": "NONE"}, "systemType": "DATA_SYSTEM",
        "request": {"requestType": "GET", "connectionUrl": "https://weather.example/now?city=${city}"},
        "inputMappings": [], "outputMappings": [{"label": "response", "outputReference": "message", "type": "String"}]}}
    source = tmp_path / "weather-api.json"
    source.write_text(json.dumps(documented))
    out = tmp_path / "weather.json"
    assert main(["connection", "import", str(source), "-o", str(out)]) == 0
    (item,) = json.loads(out.read_text())["items"]
    assert item["connection"]["request"] == {"method": "GET", "url": "https://weather.example/now?city=${city}"}
    assert item["connection"]["outputMappings"] == [{"label": "response", "outputReference": "message", "type": "String"}]
    (req,) = load_collection(out).requests
    assert [a.name for a in req.assertions] == ["output 'response': $.message is a String"]


def test_the_sandbox_accepts_an_export_and_tests_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connection", "export", str(LOYALTY), "-e", str(SANDBOX_ENV)]) == 0
    exported = json.loads(capsys.readouterr().out)
    sandbox = Sandbox(seed=3)
    with httpx.Client(transport=sandbox.transport(), base_url=f"https://{SANDBOX_HOST}") as client:
        token = client.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": OAUTH_CLIENT_ID,
                                                  "client_secret": OAUTH_CLIENT_SECRET}).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        answers = []
        for connection in exported:
            # the export keeps the secret as a reference: it is filled in where the connection is saved
            assert connection["auth"]["clientSecret"] == "${ESP_CLIENT_SECRET}"
            connection["auth"]["clientSecret"] = OAUTH_CLIENT_SECRET
            created = client.post("/v2/connections", json=connection, headers=bearer)
            assert created.status_code == 201, created.text
            saved = client.get(f"/v2/connections/{created.json()['ref']}", headers=bearer).json()
            tested = client.post("/v2/connections/testConnection", json={"connection": saved}, headers=bearer)
            assert tested.status_code == 200, tested.text
            answers.append(tested.json())
    stored, read = answers
    assert stored["response"]["status"] == 202
    assert read["request"] == {"method": "GET", "url": f"https://{SANDBOX_HOST}/destination/emails/loyal.guest@example.com"}
    assert read["response"]["status"] == 200 and read["outputs"] == {"tier": "gold", "points": 1200}

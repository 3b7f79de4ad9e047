"""The Stream API event lint (issue 16): a message that breaks a documented rule is reported
before a tenant silently drops it, from a native message builder (validate and run) and from a
message a Postman pre-request script builds (run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import read_report, write_json

from runner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ENV = str(ROOT / "environments/sandbox.env")
EVENT_URL = "https://{{API_ENDPOINT}}/v1.2/event/create.json"
CREATE = {"name": "create", "request": {"method": "GET", "url": "https://{{API_ENDPOINT}}/v1.2/browser/create.json",
                                        "query": {"client_key": "{{CLIENT_KEY}}", "message": "{}"}},
          "capture": {"BROWSER_ID": "$.ref"}}
SESSION = {"channel": "WEB", "language": "EN", "currency": "EUR", "page": "home", "pos": "{{POS}}",
           "browser_id": "{{BROWSER_ID}}"}


def native(tmp_path: Path, *messages: dict[str, Any]) -> str:
    items = [CREATE] + [
        {"name": f"event {i}", "prerequest": {"messages": {"message": m}},
         "request": {"method": "GET", "url": EVENT_URL, "query": {"client_key": "{{CLIENT_KEY}}", "message": "{{message}}"}}}
        for i, m in enumerate(messages)]
    return write_json(tmp_path / "events.json", {"name": "events", "items": items})


def report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *args, "-e", ENV, "-r", "json", "--report-dir", str(tmp_path / "r"), "--report-overwrite"])
    return code, read_report(tmp_path / "r")


def warnings_of(doc: dict[str, Any]) -> list[list[str]]:
    return [ex.get("warnings", []) for ex in doc["executions"]]


BAD_IDENTITY = {**SESSION, "type": "IDENTITY", "email": "a@example.com"}


def test_validate_warns_on_a_native_builder_and_strict_makes_it_an_error(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = native(tmp_path, {**SESSION, "type": "view", "channel": "PHONE"}, BAD_IDENTITY)
    assert main(["validate", path, "-e", ENV]) == 0
    out = capsys.readouterr().out
    assert f"warning: {path} at /items/1/prerequest/messages/message: event lint: type: type must be upper case" in out
    assert "channel: channel 'PHONE' is not one of" in out
    assert "at /items/2/prerequest/messages/message: event lint: identifiers: IDENTITY needs identifiers" in out
    assert main(["validate", path, "-e", ENV, "--strict-events"]) == 2
    assert "error: " in capsys.readouterr().err


def test_validate_without_an_environment_judges_no_templated_value(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = native(tmp_path, {**SESSION, "type": "VIEW", "channel": "{{CHANNEL}}"})
    assert main(["validate", path]) == 0
    assert "event lint" not in capsys.readouterr().out


def test_only_the_first_event_of_a_browser_needs_the_session_fields(tmp_path: Path) -> None:
    later = {"type": "VIEW", "browser_id": "{{BROWSER_ID}}", "channel": "WEB", "pos": "{{POS}}"}
    code, doc = report(tmp_path, native(tmp_path, {**SESSION, "type": "VIEW"}, later,
                                        {**later, "type": "FORCE_CLOSE"}, later))
    assert code == 0
    first, view, second_view, close, after_close = warnings_of(doc)
    assert (first, view, second_view, close) == ([], [], [], [])
    assert any("language is required (first event of a session)" in w for w in after_close), after_close


def test_a_run_warns_and_still_sends_unless_strict(tmp_path: Path) -> None:
    path = native(tmp_path, BAD_IDENTITY)
    code, doc = report(tmp_path, path)
    create, identity = doc["executions"]
    assert identity["response"] is not None
    assert [w.split(" [")[0] for w in identity["warnings"]] == [
        "event lint: identifiers: IDENTITY needs identifiers: a list of {provider, id} objects; "
        "without them the guest is not identified"]
    code, doc = report(tmp_path, path, "--strict-events")
    identity = doc["executions"][1]
    assert code == 1 and identity["response"] is None
    assert identity["error"].startswith("not sent (--strict-events): event lint: identifiers:")


def test_a_message_built_by_a_postman_pre_request_script_is_linted(tmp_path: Path) -> None:
    script = ["const msg = {channel: 'WEB', type: 'ADD', language: 'EN', currency: 'EUR', page: 'p',",
              "  pos: pm.environment.get('PointOfSale'), browser_id: pm.environment.get('browserId'),",
              "  product: {name: 'Shoe', type: 'SHOES'}};",
              "pm.environment.set('message', JSON.stringify(msg));"]
    doc = _postman_flow(tmp_path, script)
    add = doc["executions"][1]
    fields = sorted(w.split(": ")[1] for w in add["warnings"])
    assert fields == ["product.currency", "product.item_id", "product.orderedAt", "product.price",
                      "product.productId", "product.quantity", "product.referenceId"]


# One bad message per documented rule (runner.sitecore.events.RULES), each sent as the first event
# of its browser; "message-object" (a message that is not a JSON object) is covered below.
GOOD = {**SESSION, "type": "VIEW"}
BY_RULE = {
    "required-field": {k: v for k, v in GOOD.items() if k != "language"},
    "type-upper-case": {**GOOD, "type": "view"},
    "channel": {**GOOD, "channel": "PHONE"},
    "identity-identifiers": {**GOOD, "type": "IDENTITY", "identifiers": [{"provider": "email"}]},
    "add-product": {**GOOD, "type": "ADD", "product": {"name": "Shoe"}},
    "checkout-status": {**GOOD, "type": "CHECKOUT", "reference_id": "R1", "status": "DONE"},
    "checkout-reference": {**GOOD, "type": "CHECKOUT", "status": "PURCHASED"},
    "order-checkout-order": {**GOOD, "type": "ORDER_CHECKOUT", "order": {"referenceId": "R1"}},
    "reserved-name": {**GOOD, "type": "SC_CUSTOM"},
}


def test_every_documented_rule_is_covered_here() -> None:
    from runner.sitecore.events import RULES

    assert set(BY_RULE) | {"message-object"} == set(RULES)


@pytest.mark.parametrize("rule", sorted(BY_RULE))
def test_each_rule_from_a_native_builder_in_validate_and_in_a_run(rule: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = native(tmp_path, BY_RULE[rule])
    assert main(["validate", path, "-e", ENV]) == 0
    assert f"[{rule}]" in capsys.readouterr().out
    _, doc = report(tmp_path, path)
    assert any(w.endswith(f"[{rule}]") for w in doc["executions"][1].get("warnings", [])), doc["executions"][1]


@pytest.mark.parametrize("rule", sorted(BY_RULE) + ["message-object"])
def test_each_rule_from_a_postman_pre_request_script(rule: str, tmp_path: Path) -> None:
    message = "[1, 2]" if rule == "message-object" else json.dumps(BY_RULE[rule])
    script = [f"const msg = {message};",
              "if (!Array.isArray(msg)) { if (msg.browser_id) msg.browser_id = pm.environment.get('browserId');",
              "  if (msg.pos) msg.pos = pm.environment.get('PointOfSale'); }",
              "pm.environment.set('message', JSON.stringify(msg));"]
    doc = _postman_flow(tmp_path, script)
    warnings = doc["executions"][1].get("warnings", [])
    assert any(w.endswith(f"[{rule}]") for w in warnings), warnings


def _postman_flow(tmp_path: Path, script: list[str]) -> dict[str, Any]:
    """The JSON report of a Postman flow: a browser created, then an event whose ``message`` the
    pre-request `script` builds (``pm.environment.set('message', ...)``)."""
    collection = {
        "info": {"name": "pm", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {"name": "create", "request": {"method": "GET",
                                           "url": "https://{{apiEndpoint}}/v1.2/browser/create.json?client_key={{clientKey}}&message={}"},
             "event": [{"listen": "test", "script": {"exec": ["pm.environment.set('browserId', pm.response.json().ref);"]}}]},
            {"name": "event", "request": {"method": "GET",
                                          "url": "https://{{apiEndpoint}}/v1.2/event/create.json?client_key={{clientKey}}&message={{message}}"},
             "event": [{"listen": "prerequest", "script": {"exec": script}}]},
        ]}
    _, doc = report(tmp_path, write_json(tmp_path / "pm.postman_collection.json", collection))
    return doc

"""Personalize flow execution (POST /v2/callFlows) of the sandbox."""

from __future__ import annotations

import json

import httpx
from sandbox_helpers import BASE, create_browser

from runner.sandbox import (
    CLIENT_KEY,
    POS,
    Sandbox,
)


def test_call_flows(client):
    browser = create_browser(client)["ref"]
    body = {"clientKey": CLIENT_KEY, "channel": "WEB", "language": "EN", "currencyCode": "EUR",
            "pointOfSale": POS, "browserId": browser, "friendlyId": "homepage_banner"}
    r1, r2 = client.post("/v2/callFlows", json=body), client.post("/v2/callFlows", json=body)
    assert r1.status_code == 200
    assert r1.json()["friendlyId"] == "homepage_banner"
    assert r1.json() == r2.json()  # deterministic

    assert client.post("/v2/callFlows", json={**body, "browserId": "unknown"}).status_code == 404
    assert client.post("/v2/callFlows", json={**body, "clientKey": "wrong"}).status_code == 401
    assert client.post("/v2/callFlows", json={k: v for k, v in body.items() if k != "friendlyId"}).status_code == 400


def test_call_flows_canned_response():
    sb = Sandbox(flow_responses={"offer": {"offer": "10% off"}})
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        browser = create_browser(c)["ref"]
        r = c.post("/v2/callFlows", json={"clientKey": CLIENT_KEY, "browserId": browser, "friendlyId": "offer"})
    assert r.json() == {"offer": "10% off"}


# personalize-api-flow-execution.html: "you can only use one of these attributes; browserId, email, or identifiers"
def test_call_flows_exactly_one_locator(client, rest):
    browser = create_browser(client)["ref"]
    base = {"clientKey": CLIENT_KEY, "friendlyId": "banner"}
    r = client.post("/v2/callFlows", json=base)
    assert r.status_code == 400 and "exactly one" in r.json()["message"]
    r = client.post("/v2/callFlows", json={**base, "browserId": browser, "email": "a@example.com"})
    assert r.status_code == 400 and "browserId, email" in r.json()["message"]


# call-the-personalize-api.html: identifiers {"id", "provider"} locate the guest
def test_call_flows_by_identifiers(client, rest):
    guest = rest.post("/v2.1/guests", json={"guestType": "customer",
                                            "identifiers": [{"provider": "BXLP", "id": "123456"}]}).json()
    body = {"clientKey": CLIENT_KEY, "friendlyId": "banner", "identifiers": {"id": "123456", "provider": "BXLP"}}
    r = client.post("/v2/callFlows", json=body)
    assert r.status_code == 200 and r.json()["guestRef"] == guest["ref"]
    assert client.post("/v2/callFlows", json={**body, "identifiers": {"id": "0", "provider": "BXLP"}}).status_code == 404
    assert client.post("/v2/callFlows", json={**body, "identifiers": {"id": "123456"}}).status_code == 400


def test_call_flows_by_email(client, rest):
    guest = rest.post("/v2.1/guests", json={"guestType": "customer", "email": "e@example.com"}).json()
    r = client.post("/v2/callFlows", json={"clientKey": CLIENT_KEY, "friendlyId": "f", "email": "e@example.com"})
    assert r.status_code == 200 and r.json()["guestRef"] == guest["ref"]


def test_canned_responses_from_sandbox_flows_file(client, tmp_path, monkeypatch):
    flows = tmp_path / "flows.json"
    flows.write_text(json.dumps({"home_page_banner": {"headline": "Welcome back", "offer": "10% off"}}))
    monkeypatch.setenv("SANDBOX_FLOWS", str(flows))
    browser = create_browser(client)["ref"]
    body = {"clientKey": CLIENT_KEY, "browserId": browser, "friendlyId": "home_page_banner"}
    assert client.post("/v2/callFlows", json=body).json() == {"headline": "Welcome back", "offer": "10% off"}
    assert client.post("/v2/callFlows", json={**body, "friendlyId": "other"}).json()["friendlyId"] == "other"


def test_a_broken_sandbox_flows_file_is_named_in_the_answer(client, tmp_path, monkeypatch):
    flows = tmp_path / "flows.json"
    flows.write_text('{"a": \n  oops}')
    monkeypatch.setenv("SANDBOX_FLOWS", str(flows))
    browser = create_browser(client)["ref"]
    r = client.post("/v2/callFlows", json={"clientKey": CLIENT_KEY, "browserId": browser, "friendlyId": "a"})
    assert r.status_code == 500 and str(flows) in r.json()["message"] and "2:3" in r.json()["message"]

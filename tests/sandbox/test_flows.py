"""Personalize flow execution (POST /v2/callFlows) of the sandbox."""

from __future__ import annotations

import asyncio
import json
import ssl

import httpx
import pytest

from runner.sandbox import (
    API_TOKEN,
    CLIENT_KEY,
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    POS,
    SANDBOX_HOST,
    Sandbox,
    SandboxConfig,
    running,
)
from sandbox_helpers import BASE, client, create_browser, full_message, rest, sandbox, send, show  # noqa: F401



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

"""The Cloud SDK's edge proxy paths of the Stream API, as the public Sitecore Cloud SDK source calls
them (github: Sitecore/Cloud-SDK: fetch-client-id-from-edge-proxy, the events package's send-event)."""

from __future__ import annotations

import json

from sandbox_helpers import full_message

from runner.sandbox import CLIENT_KEY, EDGE_CONTEXT_ID, POS

CONTEXT = {"x-sitecore-contextid": EDGE_CONTEXT_ID}


def sdk_browser(client) -> dict:
    r = client.get("/v1/events/v1.2/browser/create.json", params={"client_key": ""}, headers=CONTEXT)
    assert r.status_code == 200
    return r.json()


# Cloud-SDK core: GET /v1/events/v1.2/browser/create.json?client_key= with x-sitecore-contextid -> {ref, ...}
def test_browser_create_through_the_edge(client):
    body = sdk_browser(client)
    assert body["status"] == "OK" and body["version"] == "1.2" and body["client_key"] == CLIENT_KEY and body["ref"]
    by_query = client.get("/v1/events/v1.2/browser/create.json",
                          params={"sitecoreContextId": EDGE_CONTEXT_ID, "client_key": ""})
    assert by_query.status_code == 200


def test_context_id_is_required(client):
    assert client.get("/v1/events/v1.2/browser/create.json", params={"client_key": ""}).status_code == 401
    r = client.get("/v1/events/v1.2/browser/create.json", headers={"x-sitecore-contextid": "someone-else"})
    assert r.status_code == 401 and r.json()["error_msg"]


# Cloud-SDK events: POST /v1/events/v1.2/events?siteId=... with the event as JSON; client_key and pos empty
def test_events_through_the_edge(client, rest):
    created = sdk_browser(client)
    browser = created["ref"]
    view = {**full_message(browser, "VIEW"), "client_key": "", "pos": "", "requested_at": "2024-01-01T00:00:00.000Z"}
    r = client.post("/v1/events/v1.2/events", params={"siteId": "site"}, headers=CONTEXT, content=json.dumps(view))
    assert r.status_code == 201 and r.json()["ref"]
    form = {"type": "FORM", "ext": {"formId": "1234", "interactionType": "SUBMITTED"}, "browser_id": browser,
            "client_key": "", "pos": "", "requested_at": "2024-01-01T00:00:01.000Z"}
    assert client.post("/v1/events/v1.2/events", headers=CONTEXT, content=json.dumps(form)).status_code == 201
    shown = client.get(f"/v1/events/v1.2/browser/{browser}/show.json", headers=CONTEXT).json()
    [session] = shown["sessions"]
    assert session["eventTypes"] == ["VIEW", "FORM"] and session["pos"] == POS


def test_edge_events_follow_the_stream_rules(client):
    browser = sdk_browser(client)["ref"]
    bad = {**full_message(browser, "VIEW"), "channel": "WEBSITE"}
    r = client.post("/v1/events/v1.2/events", headers=CONTEXT, content=json.dumps(bad))
    assert r.status_code == 400 and "channel" in r.json()["error_msg"]
    assert client.post("/v1/events/v1.2/events", headers=CONTEXT, content=b"[1]").status_code == 400

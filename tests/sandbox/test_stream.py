"""Stream API v1.2 of the sandbox (browser create/show, events, sessions)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sandbox_helpers import BASE, create_browser, full_message, send, show

from runner.sandbox import (
    CLIENT_KEY,
    POS,
    SANDBOX_HOST,
    Sandbox,
    SandboxConfig,
)


def test_browser_create_shape(client):
    body = create_browser(client)
    assert body["status"] == "OK" and body["version"] == "1.2" and body["client_key"] == CLIENT_KEY
    assert body["ref"] and body["customer_ref"] and body["ref"] != body["customer_ref"]


def test_responses_are_json(client):
    r = client.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
    assert r.headers["content-type"] == "application/json"


def test_close_session_flow(client, sandbox):
    created = create_browser(client)
    browser = created["ref"]
    r = send(client, full_message(browser, "VIEW"))
    assert r.status_code == 201
    assert r.json()["status"] == "OK" and r.json()["version"] == "1.2" and r.json()["ref"]

    r = show(client, browser)
    assert r.json()["sessions"][0]["status"] == "OPEN"

    # the documented FORCE_CLOSE message (as in the practitioners' pre-request script)
    r = send(client, full_message(browser, "FORCE_CLOSE", currency="GBP"))
    assert r.status_code == 201

    r = show(client, browser)
    assert r.status_code == 200
    body = r.json()
    assert body["ref"] == browser
    assert body["customer"]["ref"] == created["customer_ref"]
    [session] = body["sessions"]
    assert session["status"] == "CLOSED" and session["channel"] == "WEB"
    assert session["events"] == 2
    assert sandbox.sessions[session["ref"]].close_reason == "FORCE_CLOSE"


def test_show_accepts_api_token_param(client):
    browser = create_browser(client)["ref"]
    assert show(client, browser, param="api_token").status_code == 200


def test_force_close_without_open_session_is_201(client):
    browser = create_browser(client)["ref"]
    assert send(client, full_message(browser, "FORCE_CLOSE")).status_code == 201
    assert show(client, browser).json()["sessions"] == []


def test_new_session_after_force_close(client):
    browser = create_browser(client)["ref"]
    send(client, full_message(browser, "VIEW"))
    send(client, {"type": "FORCE_CLOSE", "browser_id": browser})
    send(client, full_message(browser, "VIEW"))
    sessions = show(client, browser).json()["sessions"]
    assert [s["status"] for s in sessions] == ["CLOSED", "OPEN"]


def test_later_events_may_carry_only_type(client):
    browser = create_browser(client)["ref"]
    assert send(client, full_message(browser, "VIEW")).status_code == 201
    assert send(client, {"type": "SEARCH", "browser_id": browser}).status_code == 201
    assert send(client, {"type": "TICKET_PURCHASED", "browser_id": browser, "ticketId": "T1"}).status_code == 201
    [session] = show(client, browser).json()["sessions"]
    assert session["eventTypes"] == ["VIEW", "SEARCH", "TICKET_PURCHASED"]


@pytest.mark.parametrize("key", ["wrong-key", ""])
def test_wrong_client_key_401(client, key):
    r = client.get("/v1.2/browser/create.json", params={"client_key": key, "message": "{}"})
    assert r.status_code == 401
    body = r.json()
    assert body["version"] == "1.2" and body["status"] != "OK"
    assert body["error_msg"] and body["moreInfo"]
    assert body["client_key"] == key


def test_missing_client_key_401(client):
    assert client.get("/v1.2/browser/create.json", params={"message": "{}"}).status_code == 401


def test_wrong_key_on_event_and_show(client):
    browser = create_browser(client)["ref"]
    assert send(client, full_message(browser), key="nope").status_code == 401
    assert client.get(f"/v1.2/browser/{browser}/show.json", params={"client_key": "nope"}).status_code == 401


def test_wrong_key_status_configurable():
    sb = Sandbox(SandboxConfig(wrong_key_status=403))
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        r = c.get("/v1.2/browser/create.json", params={"client_key": "x", "message": "{}"})
    assert r.status_code == 403 and r.json()["error_msg"]


@pytest.mark.parametrize("missing", ["type", "browser_id"])
def test_missing_type_or_browser_id_400(client, missing):
    browser = create_browser(client)["ref"]
    msg = full_message(browser)
    del msg[missing]
    r = send(client, msg)
    assert r.status_code == 400
    assert missing in r.json()["error_msg"]
    assert r.json()["version"] == "1.2" and r.json()["client_key"] == CLIENT_KEY


def test_first_event_needs_documented_fields(client):
    browser = create_browser(client)["ref"]
    r = send(client, {"type": "VIEW", "browser_id": browser, "channel": "WEB", "pos": POS})
    assert r.status_code == 400
    msg = r.json()["error_msg"]
    for f in ("language", "currency", "page"):
        assert f in msg
    assert "channel" not in msg


def test_require_fields_can_be_disabled():
    sb = Sandbox(require_fields=False)
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        browser = create_browser(c)["ref"]
        assert send(c, {"type": "VIEW", "browser_id": browser}).status_code == 201


def test_lower_case_type_400(client):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, "view"))
    assert r.status_code == 400 and "upper case" in r.json()["error_msg"]


def test_unknown_browser_404(client):
    r = send(client, full_message("00000000-0000-4000-8000-000000000000"))
    assert r.status_code == 404
    assert "browser" in r.json()["error_msg"]
    assert show(client, "00000000-0000-4000-8000-000000000000").status_code == 404


@pytest.mark.parametrize("raw, word", [("{not json", "JSON"), ("[1, 2]", "object"), ("", "message")])
def test_malformed_message_400(client, raw, word):
    r = send(client, raw)
    assert r.status_code == 400
    assert word in r.json()["error_msg"]


def test_wrong_pos_is_201_but_not_recorded(client, sandbox):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, pos="wrong.example"))
    assert r.status_code == 201 and r.json()["ref"]
    assert show(client, browser).json()["sessions"] == []
    assert sandbox.events == []
    assert sandbox.dropped_events[0]["ref"] == r.json()["ref"]


def test_wrong_pos_force_close_does_not_close(client):
    browser = create_browser(client)["ref"]
    send(client, full_message(browser))
    assert send(client, full_message(browser, "FORCE_CLOSE", pos="wrong.example")).status_code == 201
    assert show(client, browser).json()["sessions"][0]["status"] == "OPEN"


def test_identity_event_reaches_guest(client, rest):
    created = create_browser(client)
    browser = created["ref"]
    r = send(client, full_message(browser, "IDENTITY", email="ada@example.com", firstname="Ada",
                                  lastname="Lovelace", title="Ms",
                                  identifiers=[{"provider": "email", "id": "ada@example.com"}]))
    assert r.status_code == 201
    guest = rest.get(f"/v2.1/guests/{created['customer_ref']}").json()
    assert guest["email"] == "ada@example.com"
    assert guest["firstName"] == "Ada" and guest["lastName"] == "Lovelace" and guest["title"] == "Ms"
    assert {"provider": "email", "id": "ada@example.com"} in guest["identifiers"]
    assert guest["sessions"][0]["eventTypes"] == ["IDENTITY"]
    # legacy lookup by email finds the same guest
    # (retrieve-guests--legacy-.html: the items of a legacy search are links)
    found = rest.get("/v2/guests", params={"email": "ada@example.com"}).json()["items"]
    assert [g["href"].rsplit("/", 1)[-1] for g in found] == [created["customer_ref"]]


def test_session_timeout_closes_sessions():
    now = [1_000_000.0]
    sb = Sandbox(session_timeout=1200, clock=lambda: now[0])
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        browser = create_browser(c)["ref"]
        send(c, full_message(browser))
        now[0] += 1201
        [session] = show(c, browser).json()["sessions"]
    assert session["status"] == "CLOSED" and session["closeReason"] == "TIMEOUT"


def test_seeded_sandboxes_are_deterministic():
    refs = []
    for _ in range(2):
        with httpx.Client(transport=Sandbox(seed=42).transport(), base_url=BASE) as c:
            refs.append(create_browser(c)["ref"])
    assert refs[0] == refs[1]


def test_unknown_route_404(client):
    r = client.get("/nothing/here")
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert client.get("/v1.2/nothing.json", params={"client_key": CLIENT_KEY}).json()["error_msg"]


def test_mounts_on_both_schemes():
    sb = Sandbox()
    mounts = {f"https://{SANDBOX_HOST}": sb.transport(), f"http://{SANDBOX_HOST}": sb.transport()}
    with httpx.Client(mounts=mounts) as c:
        ref = c.get(f"https://{SANDBOX_HOST}/v1.2/browser/create.json",
                    params={"client_key": CLIENT_KEY, "message": "{}"}).json()["ref"]
        assert c.get(f"http://{SANDBOX_HOST}/v1.2/browser/{ref}/show.json",
                     params={"client_key": CLIENT_KEY}).status_code == 200


def test_async_transport():
    sb = Sandbox()

    async def main():
        async with httpx.AsyncClient(transport=sb.async_transport(), base_url=BASE) as c:
            r = await c.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
            return r.status_code

    assert asyncio.run(main()) == 200

"""Tests of the embedded Sitecore sandbox (runner.sandbox). No internet: in-process or loopback."""

from __future__ import annotations

import asyncio
import json
import ssl
import sys
from pathlib import Path

import httpx
import pytest

try:  # the package may not be installed; the repo root then has to be importable
    import runner.sandbox  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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

BASE = f"https://{SANDBOX_HOST}"


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(seed=7)


@pytest.fixture
def client(sandbox: Sandbox):
    with httpx.Client(transport=sandbox.transport(), base_url=BASE) as c:
        yield c


@pytest.fixture
def rest(sandbox: Sandbox):
    with httpx.Client(transport=sandbox.transport(), base_url=BASE, auth=(CLIENT_KEY, API_TOKEN)) as c:
        yield c


def full_message(browser_id: str, type_: str = "VIEW", **extra) -> dict:
    return {"channel": "WEB", "type": type_, "language": "EN", "currency": "EUR", "page": "home page",
            "pos": POS, "browser_id": browser_id, **extra}


def create_browser(client: httpx.Client) -> dict:
    r = client.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
    assert r.status_code == 200, r.text
    return r.json()


def send(client: httpx.Client, message, key: str = CLIENT_KEY) -> httpx.Response:
    raw = message if isinstance(message, str) else json.dumps(message)
    return client.get("/v1.2/event/create.json", params={"client_key": key, "message": raw})


def show(client: httpx.Client, ref: str, param: str = "client_key") -> httpx.Response:
    return client.get(f"/v1.2/browser/{ref}/show.json", params={param: CLIENT_KEY})


# ------------------------------------------------------------------ Stream API


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
    found = rest.get("/v2/guests", params={"email": "ada@example.com"}).json()["items"]
    assert [g["ref"] for g in found] == [created["customer_ref"]]


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


# ------------------------------------------------------------------ Guest REST API


def test_guest_rest_requires_basic_auth(client, rest):
    assert client.get("/v2.1/guests").status_code == 401
    r = client.post("/v2.1/guests", json={"guestType": "customer"}, auth=(CLIENT_KEY, "wrong"))
    assert r.status_code == 401 and "WWW-Authenticate" in r.headers
    assert client.get("/v2/guests", auth=("x", API_TOKEN)).status_code == 401
    assert rest.get("/v2.1/guests").status_code == 200


def test_guest_create_and_read(rest):
    r = rest.post("/v2.1/guests", json={"guestType": "customer", "firstName": "Grace", "email": "grace@example.com",
                                        "identifiers": [{"provider": "crm", "id": "42"}]})
    assert r.status_code == 201
    body = r.json()
    assert body["ref"] and body["href"].endswith(f"/v2.1/guests/{body['ref']}")
    got = rest.get(f"/v2.1/guests/{body['ref']}").json()
    assert got["firstName"] == "Grace" and got["guestType"] == "customer" and got["sessions"] == []
    assert rest.get("/v2.1/guests/does-not-exist").status_code == 404


@pytest.mark.parametrize("body", [{}, {"guestType": "alien"}, {"firstName": "NoType"}])
def test_guest_create_requires_guest_type(rest, body):
    r = rest.post("/v2.1/guests", json=body)
    assert r.status_code == 400 and "guestType" in r.json()["message"]


def test_guest_update_and_delete(rest):
    ref = rest.post("/v2.1/guests", json={"guestType": "visitor"}).json()["ref"]
    assert rest.patch(f"/v2.1/guests/{ref}", json={"lastName": "Hopper"}).json()["lastName"] == "Hopper"
    assert rest.delete(f"/v2.1/guests/{ref}").status_code == 204
    assert rest.get(f"/v2.1/guests/{ref}").status_code == 404


def test_extensions_rules(rest):
    ref = rest.post("/v2.1/guests", json={"guestType": "customer"}).json()["ref"]
    ext_url = f"/v2.1/guests/{ref}/extensions"

    r = rest.post(ext_url, json={"name": "ext", "loyaltyTier": "gold", "points": 10, "optIn": True})
    assert r.status_code == 201
    assert r.json()["name"] == "ext" and r.json()["loyaltyTier"] == "gold"

    assert rest.post(ext_url, json={"name": "ext", "other": 1}).status_code == 409  # exists
    assert rest.post(ext_url, json={"name": "ext9", "a": 1}).status_code == 400  # bad name
    assert rest.post(ext_url, json={"a": 1}).status_code == 400  # no name
    assert rest.post(ext_url, json={"name": "ext1", "nested": {"a": 1}}).status_code == 400  # not flat
    assert rest.post(ext_url, json={"name": "ext1", "list": [1]}).status_code == 400
    assert rest.post(ext_url, json={"name": "ext1", "snake_case": 1}).status_code == 400  # not camelCase
    assert rest.post(ext_url, json={"name": "ext1", **{f"k{i}": i for i in range(101)}}).status_code == 400
    dup = rest.post(ext_url, json={"name": "ext1", "points": 3})  # key used by ext
    assert dup.status_code in (400, 409) and "points" in dup.json()["message"]
    assert rest.post(ext_url, json={"name": "ext1", **{f"k{i}": i for i in range(100)}}).status_code == 201

    assert rest.get(f"{ext_url}/ext").json()["points"] == 10
    assert rest.patch(f"{ext_url}/ext", json={"points": 11}).json() == {
        "href": f"{BASE}{ext_url}/ext", "name": "ext", "loyaltyTier": "gold", "points": 11, "optIn": True}
    put = rest.put(f"{ext_url}/ext", json={"name": "ext", "loyaltyTier": "silver"}).json()
    assert put["loyaltyTier"] == "silver" and "points" not in put
    assert len(rest.get(ext_url).json()["items"]) == 2
    assert rest.delete(f"{ext_url}/ext").status_code == 204
    assert rest.get(f"{ext_url}/ext").status_code == 404
    assert {e["name"] for e in rest.get(f"/v2.1/guests/{ref}").json()["extensions"]} == {"ext1"}


def test_legacy_v2_guest_and_extensions(rest):
    r = rest.post("/v2/guests", json={"guestType": "customer", "email": "old@example.com"})
    assert r.status_code == 201
    ref = r.json()["ref"]
    assert rest.get(f"/v2/guests/{ref}").json()["email"] == "old@example.com"
    assert rest.post(f"/v2/guests/{ref}", json={"firstName": "Old"}).json()["firstName"] == "Old"
    assert rest.get("/v2/guests", params={"email": "old@example.com"}).json()["items"][0]["ref"] == ref
    assert rest.get("/v2/guests", params={"email": "nobody@example.com"}).json()["items"] == []

    r = rest.post(f"/v2/guests/{ref}/extEmailPreferences", json={"key": "default", "newsletter": True})
    assert r.status_code == 201
    ext_ref = r.json()["ref"]
    items = rest.get(f"/v2/guests/{ref}/extEmailPreferences").json()["items"]
    assert items[0]["newsletter"] is True and items[0]["ref"] == ext_ref
    assert rest.delete(f"/v2/guests/{ref}/extEmailPreferences/{ext_ref}").status_code == 204
    assert rest.get(f"/v2/guests/{ref}/extEmailPreferences").json()["items"] == []


def test_legacy_requires_auth(client):
    assert client.get("/v2/guests", params={"email": "a@b.c"}).status_code == 401


# ------------------------------------------------------------------ Personalize flows


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


# ------------------------------------------------------------------ OAuth + destination


def token_via_body(client, **overrides) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_id": OAUTH_CLIENT_ID,
            "client_secret": OAUTH_CLIENT_SECRET, "audience": "https://api.sitecorecloud.io", **overrides}
    return client.post("/oauth/token", data=data)


def test_token_with_body_credentials(client):
    r = token_via_body(client)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["access_token"] and "scope" in body


def test_token_with_basic_header(client):
    r = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                    auth=(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET))
    assert r.status_code == 200 and r.json()["access_token"]


def test_token_wrong_credentials(client):
    r = token_via_body(client, client_secret="wrong")
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=(OAUTH_CLIENT_ID, "wrong"))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = client.post("/oauth/token", data={"grant_type": "client_credentials"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_token_wrong_grant(client):
    r = token_via_body(client, grant_type="password")
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


def test_destination_requires_token(client, sandbox):
    url = "/destination/emails/ada@example.com"
    payload = {"email": "ada@example.com", "firstName": "Ada"}
    assert client.post(url, json=payload).status_code == 401
    assert client.post(url, json=payload, headers={"Authorization": "Bearer made-up"}).status_code == 401

    token = token_via_body(client).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = client.request(method, url, json=payload, headers=auth)
        assert r.status_code == 202, method
        assert r.json() == payload
    assert [c["method"] for c in sandbox.destination_log] == ["POST", "PUT", "PATCH", "DELETE"]
    assert sandbox.destination_log[0]["email"] == "ada@example.com"
    # an encoded address in the path is decoded once
    r = client.put("/destination/emails/a%2Bb%40example.com", json={"x": 1}, headers=auth)
    assert r.status_code == 202 and sandbox.destination_log[-1]["email"] == "a+b@example.com"


def test_expired_token_rejected():
    now = [1_000_000.0]
    sb = Sandbox(clock=lambda: now[0])
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        token = token_via_body(c).json()["access_token"]
        now[0] += 3601
        r = c.post("/destination/emails/a@example.com", json={}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


def test_rest_accepts_issued_bearer(client):
    token = token_via_body(client).json()["access_token"]
    assert client.get("/v2.1/guests", headers={"Authorization": f"Bearer {token}"}).status_code == 200


# ------------------------------------------------------------------ loopback server


def test_running_over_loopback_http():
    with running() as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.port > 0
        with httpx.Client(base_url=base_url, trust_env=False) as c:
            created = c.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
            assert created.status_code == 200
            browser = created.json()["ref"]
            r = c.get("/v1.2/event/create.json",
                      params={"client_key": CLIENT_KEY, "message": json.dumps(full_message(browser))})
            assert r.status_code == 201
            shown = c.get(f"/v1.2/browser/{browser}/show.json", params={"client_key": CLIENT_KEY})
            assert shown.json()["customer"]["ref"] == created.json()["customer_ref"]
            assert shown.headers["content-type"] == "application/json"
            guest = c.post("/v2.1/guests", json={"guestType": "visitor"}, auth=(CLIENT_KEY, API_TOKEN))
            assert guest.status_code == 201 and guest.json()["href"].startswith(base_url)
        assert base_url.sandbox.browsers[browser].sessions[0].status == "OPEN"


def test_running_over_loopback_https(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile, cafile = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(certfile), append=True)
    cert.private_key_pem.write_to_path(str(keyfile))
    ca.cert_pem.write_to_path(str(cafile))

    with running(certfile=str(certfile), keyfile=str(keyfile)) as base_url:
        assert base_url.startswith("https://127.0.0.1:")
        ctx = ssl.create_default_context(cafile=str(cafile))
        with httpx.Client(base_url=base_url, verify=ctx, trust_env=False) as c:
            r = c.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
            assert r.status_code == 200 and r.json()["status"] == "OK"
        # and a client that does not trust the CA refuses the connection
        with httpx.Client(base_url=base_url, trust_env=False) as c:
            with pytest.raises(httpx.ConnectError):
                c.get("/")

"""The OAuth2 token endpoint and the fake destination of the sandbox."""

from __future__ import annotations

import httpx
from sandbox_helpers import BASE

from runner.sandbox import (
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    Sandbox,
)


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

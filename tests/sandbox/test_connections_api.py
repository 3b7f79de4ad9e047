"""Personalize Connection REST API of the sandbox (/v2/connections, testConnection)."""

from __future__ import annotations

import pytest
from sandbox_helpers import BASE

from runner.sandbox import OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SANDBOX_HOST

CONNECTION = {
    "name": "ESP destination", "description": "sends emails", "icon": "", "systemType": "DESTINATION",
    "auth": {"authType": "OAUTH", "accessTokenUrl": f"https://{SANDBOX_HOST}/oauth/token",
             "clientId": OAUTH_CLIENT_ID, "clientSecret": OAUTH_CLIENT_SECRET},
    "request": {"requestType": "POST", "connectionUrl": f"https://{SANDBOX_HOST}/destination/emails/${{email}}",
                "requestBody": '{"email": "${email}"}'},
    "customHeaders": [{"name": "Content-Type", "value": "application/json"}],
    "connectionTimeout": 1000, "socketTimeout": 1000,
    "inputMappings": [{"name": "email", "exampleValue": "ada@example.com"}],
}


@pytest.fixture
def bearer(client) -> dict:
    token = client.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": OAUTH_CLIENT_ID,
                                              "client_secret": OAUTH_CLIENT_SECRET}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


# connection-rest-api.html: authenticated with a Bearer access token
def test_connections_need_auth(client, bearer):
    assert client.get("/v2/connections").status_code == 401
    assert client.get("/v2/connections", headers={"Authorization": "Bearer made-up"}).status_code == 401
    assert client.get("/v2/connections", headers=bearer).status_code == 200


def test_create_read_update(client, bearer):
    r = client.post("/v2/connections", json=CONNECTION, headers=bearer)
    assert r.status_code == 201
    created = r.json()
    assert created["href"] == f"{BASE}/v2/connections/{created['ref']}" and created["revision"] == 1
    assert client.get(f"/v2/connections/{created['ref']}", headers=bearer).json()["name"] == "ESP destination"
    assert [c["ref"] for c in client.get("/v2/connections", headers=bearer).json()["items"]] == [created["ref"]]
    updated = client.put(f"/v2/connections/{created['ref']}", json={**CONNECTION, "description": "v2"}, headers=bearer)
    assert updated.json()["description"] == "v2" and updated.json()["revision"] == 2
    assert client.post("/v2/connections", json=CONNECTION, headers=bearer).status_code == 409  # same name
    assert client.get("/v2/connections/unknown", headers=bearer).status_code == 404


@pytest.mark.parametrize("change, word", [
    ({"name": ""}, "name"), ({"systemType": "OTHER"}, "systemType"), ({"auth": {"authType": "KERBEROS"}}, "authType"),
    ({"request": {"requestType": "POST"}}, "connectionUrl"), ({"request": {"requestType": "FETCH", "connectionUrl": "x"}},
                                                              "requestType"),
    ({"customHeaders": "Accept: x"}, "customHeaders"),
])
def test_invalid_connections(client, bearer, change, word):
    r = client.post("/v2/connections", json={**CONNECTION, **change}, headers=bearer)
    assert r.status_code == 400 and word in r.json()["message"]


# The public collection's data-system connection: lower-case authType/requestType, outputMappings
def test_data_system_connection_in_the_older_spelling(client, bearer):
    body = {"name": "Weather", "systemType": "DATA_SYSTEM", "auth": {"authType": "none"},
            "request": {"requestType": "get", "connectionUrl": "https://weather.example/now"},
            "outputMappings": [{"label": "Weather", "outputReference": "weather", "type": "String"}]}
    assert client.post("/v2/connections", json=body, headers=bearer).status_code == 201


# test-a-connection.html: POST /v2/connections/testConnection {"connection": {...}} runs the request
def test_test_connection_calls_the_sandbox_destination(client, bearer, sandbox):
    r = client.post("/v2/connections/testConnection", json={"connection": CONNECTION}, headers=bearer)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["request"]["url"] == f"https://{SANDBOX_HOST}/destination/emails/ada@example.com"
    assert body["response"]["status"] == 202
    assert sandbox.destination_log[-1]["body"] == {"email": "ada@example.com"}


def test_test_web_service_legacy_body(client, bearer, sandbox):
    legacy = {**CONNECTION, "request": {"requestType": "PUT", "webServiceUrl": CONNECTION["request"]["connectionUrl"],
                                        "requestBody": '{"n": 1}'}}
    r = client.post("/v2/connections/testWebService",
                    json={"webService": legacy, "webServiceContext": {"email": "bo@example.com"}}, headers=bearer)
    assert r.status_code == 200 and r.json()["response"]["status"] == 202
    assert sandbox.destination_log[-1]["email"] == "bo@example.com"


def test_test_connection_makes_no_outbound_call(client, bearer):
    outside = {**CONNECTION, "auth": {"authType": "NONE"},
               "request": {"requestType": "GET", "connectionUrl": "https://example.com/x"}}
    r = client.post("/v2/connections/testConnection", json={"connection": outside}, headers=bearer)
    assert r.status_code == 502 and "no outbound" in r.json()["message"]
    missing = {**CONNECTION, "inputMappings": []}
    r = client.post("/v2/connections/testConnection", json={"connection": missing}, headers=bearer)
    assert r.status_code == 400 and "email" in r.json()["message"]


def test_basic_auth_is_accepted_too(rest):
    # the public Postman collection sends its collection-wide Basic auth to /v2/connections
    assert rest.get("/v2/connections").status_code == 200

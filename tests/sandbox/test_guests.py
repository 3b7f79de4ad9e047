"""Guest REST API v2.1 and legacy v2 of the sandbox."""

from __future__ import annotations

import pytest
from sandbox_helpers import BASE

from runner.sandbox import (
    API_TOKEN,
    CLIENT_KEY,
)


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
    assert rest.get("/v2/guests", params={"email": "old@example.com"}).json()["items"] == [
        {"href": f"{BASE}/v2/guests/{ref}"}]
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


# retrieve-guests--legacy-.html: the documented filters only; an unknown one never returns everyone
def test_legacy_search_refuses_unknown_filters(rest):
    rest.post("/v2/guests", json={"guestType": "customer", "email": "a@example.com"})
    r = rest.get("/v2/guests", params={"emial": "a@example.com"})
    assert r.status_code == 400 and "emial" in r.json()["message"]


def test_legacy_search_by_identifier_and_paging(rest):
    refs = [rest.post("/v2/guests", json={"guestType": "customer", "identifiers": [{"provider": "P", "id": str(i)}]})
            .json()["ref"] for i in range(5)]
    found = rest.get("/v2/guests", params={"identifiers.provider": "P", "identifiers.id": "3"}).json()
    assert found["items"] == [{"href": f"{BASE}/v2/guests/{refs[3]}"}]
    page = rest.get("/v2/guests", params={"offset": 1, "limit": 3}).json()
    assert [i["href"].rsplit("/", 1)[-1] for i in page["items"]] == refs[1:4] and page["total"] == 5
    expanded = rest.get("/v2/guests", params={"offset": 0, "limit": 1, "expand": "true"}).json()["items"]
    assert expanded[0]["ref"] == refs[0] and expanded[0]["guestType"] == "customer"


# create-a-guest--legacy-.html: guestType is required on create
def test_legacy_create_requires_guest_type(rest):
    r = rest.post("/v2/guests", json={"firstName": "NoType"})
    assert r.status_code == 400 and "guestType" in r.json()["message"]


# guest-rest-api createguest: dateOfBirth must be in the past
@pytest.mark.parametrize("path", ["/v2.1/guests", "/v2/guests"])
def test_date_of_birth_in_the_future_is_refused(rest, path):
    r = rest.post(path, json={"guestType": "customer", "dateOfBirth": "2999-01-01T00:00:00.000Z"})
    assert r.status_code == 400 and "dateOfBirth" in r.json()["message"]
    assert rest.post(path, json={"guestType": "customer", "dateOfBirth": "1971-03-22T00:00:00.000Z"}).status_code == 201


# guest-rest-api: delete individual data extension fields (?name=a|b)
def test_delete_extension_fields(rest):
    ref = rest.post("/v2.1/guests", json={"guestType": "customer"}).json()["ref"]
    url = f"/v2.1/guests/{ref}/extensions/ext"
    rest.post(f"/v2.1/guests/{ref}/extensions", json={"name": "ext", "a": 1, "b": 2, "c": 3})
    assert rest.delete(f"{url}/fields", params={"name": "a|b"}).status_code == 204
    assert rest.get(url).json() == {"href": f"{BASE}{url}", "name": "ext", "c": 3}
    assert rest.delete(f"{url}/fields", params={"name": "zzz"}).status_code == 404
    assert rest.delete(f"{url}/fields").status_code == 400


# The public collection writes /v2//x and a trailing slash: read as /v2/x
def test_repeated_and_trailing_slashes(rest):
    ref = rest.post("/v2//guests", json={"guestType": "customer"}).json()["ref"]
    assert rest.post(f"/v2/guests/{ref}/extEmailPreferences/", json={"key": "email", "format": "HTML"}).status_code == 201
    assert len(rest.get(f"/v2/guests/{ref}/extEmailPreferences/").json()["items"]) == 1


@pytest.mark.parametrize("name", [["ext"], {"ext": 1}])
def test_an_extension_name_that_is_not_text_is_a_400(rest, name):
    """A hostile client gets a 4xx with a reason, never a 500 with a trace."""
    ref = rest.post("/v2.1/guests", json={"guestType": "customer"}).json()["ref"]
    r = rest.post(f"/v2.1/guests/{ref}/extensions", json={"name": name, "a": 1})
    assert r.status_code == 400 and "extension name must be one of" in r.json()["message"]

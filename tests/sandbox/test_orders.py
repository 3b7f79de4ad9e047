"""Order REST API v2.1 and the legacy v2 order endpoints of the sandbox."""

from __future__ import annotations

import pytest
from sandbox_helpers import BASE

ORDER = {"referenceId": "B94TXY-1", "orderedAt": "2025-01-01T16:17:16Z", "price": 50, "currencyCode": "EUR",
         "paymentType": "Card", "cardType": "Visa", "pointOfSale": "spinair.com", "channel": "WEB",
         "status": "PURCHASED"}
CONTACT = {"firstName": "Jack", "lastName": "Smith", "emails": ["jack@example.com"]}


def new_order(rest, version: str = "v2.1", **params) -> dict:
    r = rest.post(f"/{version}/orders", json=ORDER, params=params)
    assert r.status_code == 201, r.text
    return r.json()


# api-docs.sitecore.com/cdp/order-rest-api/order/createorder: Basic auth
def test_order_api_requires_basic_auth(client):
    assert client.get("/v2.1/orders").status_code == 401
    assert client.post("/v2.1/orders", json=ORDER).status_code == 401


# createorder: currencyCode, orderedAt, price and referenceId are required; ref in the answer
@pytest.mark.parametrize("missing", ["currencyCode", "orderedAt", "price", "referenceId"])
def test_create_order_required_fields(rest, missing):
    r = rest.post("/v2.1/orders", json={k: v for k, v in ORDER.items() if k != missing})
    assert r.status_code == 400 and missing in r.json()["message"]


def test_create_and_read_order(rest):
    created = new_order(rest)
    assert created["ref"] and created["href"] == f"{BASE}/v2.1/orders/{created['ref']}"
    got = rest.get(f"/v2.1/orders/{created['ref']}").json()
    assert got["referenceId"] == "B94TXY-1" and got["price"] == 50
    assert rest.get("/v2.1/orders/unknown").status_code == 404


# createorder: the status and channel enums
@pytest.mark.parametrize("field, value", [("status", "DONE"), ("channel", "WEBSITE")])
def test_order_enums(rest, field, value):
    r = rest.post("/v2.1/orders", json={**ORDER, field: value})
    assert r.status_code == 400 and field in r.json()["message"]


def test_update_and_delete_order(rest):
    ref = new_order(rest)["ref"]
    assert rest.patch(f"/v2.1/orders/{ref}", json={"status": "REFUNDED"}).json()["status"] == "REFUNDED"
    assert rest.put(f"/v2.1/orders/{ref}", json={**ORDER, "price": 60}).json()["price"] == 60
    assert rest.delete(f"/v2.1/orders/{ref}").status_code == 204
    assert rest.get(f"/v2.1/orders/{ref}").status_code == 404


# order-rest-api "Get started": an order contact associates a guest with the order (guest.href)
def test_order_contact_associates_a_guest(rest):
    order = new_order(rest)
    r = rest.post(f"/v2.1/orders/{order['ref']}/contacts", json=CONTACT)
    assert r.status_code == 201
    contact = r.json()
    guest_ref = contact["guest"]["href"].rsplit("/", 1)[-1]
    assert rest.get(f"/v2.1/guests/{guest_ref}").json()["email"] == "jack@example.com"
    assert rest.get(f"/v2.1/orders/{order['ref']}").json()["guest"]["href"].endswith(guest_ref)
    assert [o["ref"] for o in rest.get("/v2.1/orders", params={"guestRef": guest_ref}).json()["items"]] == [order["ref"]]
    # the same person again is the same guest
    again = rest.post(f"/v2.1/orders/{new_order(rest)['ref']}/contacts", json=CONTACT).json()
    assert again["guest"]["href"].endswith(guest_ref)
    assert rest.get(f"/v2.1/orderContacts/{contact['ref']}").json()["firstName"] == "Jack"


def test_order_items_and_consumers(rest):
    order = new_order(rest)
    item = rest.post(f"/v2.1/orders/{order['ref']}/orderItems",
                     json={"type": "FLIGHT", "referenceId": "B94TXY-1-1", "price": 50, "quantity": 1}).json()
    assert rest.get(f"/v2.1/orders/{order['ref']}/orderItems").json()["items"][0]["ref"] == item["ref"]
    assert rest.patch(f"/v2.1/orderItems/{item['ref']}", json={"quantity": 2}).json()["quantity"] == 2
    consumer = rest.post(f"/v2.1/orders/{order['ref']}/consumers",
                         json={"firstName": "Tom", "lastName": "Smith",
                               "orderItems": {"items": [{"href": item["href"]}]}})
    assert consumer.status_code == 201 and consumer.json()["guest"]["href"]
    assert rest.get(f"/v2.1/orderConsumers/{consumer.json()['ref']}").json()["lastName"] == "Smith"
    assert rest.delete(f"/v2.1/orderItems/{item['ref']}").status_code == 204
    assert rest.get(f"/v2.1/orders/{order['ref']}/orderItems").json()["items"] == []


# order-data-extension / order-item-data-extension: name "ext", flat, camelCase, <= 100 keys
def test_order_and_item_data_extensions(rest):
    order = new_order(rest)
    url = f"/v2.1/orders/{order['ref']}/extensions"
    assert rest.post(url, json={"name": "ext1", "a": 1}).status_code == 400
    assert rest.post(url, json={"name": "ext", "nested": {"a": 1}}).status_code == 400
    assert rest.post(url, json={"name": "ext", "snake_case": 1}).status_code == 400
    assert rest.post(url, json={"name": "ext", "giftWrapped": True}).status_code == 201
    assert rest.get(f"{url}/ext").json()["giftWrapped"] is True
    assert rest.patch(f"{url}/ext", json={"note": "x"}).json() == {
        "href": f"{BASE}{url}/ext", "name": "ext", "giftWrapped": True, "note": "x"}
    item = rest.post(f"/v2.1/orders/{order['ref']}/orderItems", json={"type": "X"}).json()
    r = rest.post(f"/v2.1/orderItems/{item['ref']}/extensions/ext", json={"withWarranty": True})
    assert r.status_code == 201 and r.json()["withWarranty"] is True
    assert rest.delete(f"/v2.1/orderItems/{item['ref']}/extensions/ext").status_code == 204


# create-an-order--legacy-.html: pointOfSale is required too; legacy updates are POSTs
def test_legacy_v2_orders(rest):
    guest_ref = rest.post("/v2/guests", json={"guestType": "customer", "email": "l@example.com"}).json()["ref"]
    r = rest.post("/v2/orders", json={k: v for k, v in ORDER.items() if k != "pointOfSale"})
    assert r.status_code == 400 and "pointOfSale" in r.json()["message"]
    order = new_order(rest, "v2", guestRef=guest_ref)
    assert order["href"] == f"{BASE}/v2/orders/{order['ref']}"
    found = rest.get("/v2/orders", params={"guestRef": guest_ref}).json()["items"]
    assert [o["ref"] for o in found] == [order["ref"]]
    assert rest.post(f"/v2/orders/{order['ref']}", json={"status": "CONFIRMED"}).json()["status"] == "CONFIRMED"
    item = rest.post(f"/v2/orders/{order['ref']}/orderItems", json={"type": "X"}).json()
    assert rest.get(f"/v2/orderItems/{item['ref']}").json()["ref"] == item["ref"]
    assert rest.get(f"/v2/orderItems/{item['ref']}/orderItems").json()["ref"] == item["ref"]  # public collection's path
    assert rest.post(f"/v2/orderItems/{item['ref']}", json={"quantity": 4}).json()["quantity"] == 4
    assert rest.get("/v2/orders", params={"guestRef": "nobody"}).status_code == 404

"""The documented Stream API event rules, as the sandbox enforces them (400 naming the field), and
the documented "accepted but not processed" cases, recorded under show.json's sandbox-only key."""

from __future__ import annotations

import pytest
from sandbox_helpers import create_browser, full_message, send, show

PRODUCT = {"type": "SHOES", "item_id": "SHOES_1", "name": "Sneaker", "orderedAt": "2025-01-01T10:00:00.000Z",
           "quantity": 2, "price": 50.0, "productId": "SNEAKER", "currency": "EUR", "referenceId": "CART-1-1"}
ORDER = {"referenceId": "ORDER-1", "orderedAt": "2025-01-01T10:00:00.000Z", "status": "PURCHASED",
         "currencyCode": "EUR", "price": 100, "paymentType": "Card", "cardType": "Visa",
         "orderItems": [{"type": "SHOES", "referenceId": "ORDER-1-1", "name": "Sneaker", "price": 100,
                         "quantity": 1, "extensions": [{"name": "ext", "key": "default", "colour": "red"}]}],
         "extensions": [{"name": "ext", "key": "default", "giftWrapped": True}]}


def identify(client, browser: str) -> None:
    r = send(client, full_message(browser, "IDENTITY", email="ada@example.com",
                                  identifiers=[{"provider": "email", "id": "ada@example.com"}]))
    assert r.status_code == 201


# event-data-object.html: channel "Must be one of" the documented list
def test_channel_outside_the_documented_list_is_400(client):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, channel="WEBSITE"))
    assert r.status_code == 400 and "channel" in r.json()["error_msg"]
    assert send(client, full_message(browser, channel="MOBILE_APP")).status_code == 201


# add-event-1166451.html: the product object and its required attributes
@pytest.mark.parametrize("missing", ["item_id", "name", "type", "quantity", "price", "currency"])
def test_add_event_needs_its_product_fields(client, missing):
    browser = create_browser(client)["ref"]
    product = {k: v for k, v in PRODUCT.items() if k != missing}
    r = send(client, full_message(browser, "ADD", product=product))
    assert r.status_code == 400 and f"product.{missing}" in r.json()["error_msg"]


def test_add_event_without_product_is_400(client):
    browser = create_browser(client)["ref"]
    assert send(client, full_message(browser, "ADD")).status_code == 400
    assert send(client, full_message(browser, "ADD", product=PRODUCT)).status_code == 201


# checkout-event-1166458.html: status from the documented list, reference_id required
def test_checkout_status_from_the_documented_list(client):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, "CHECKOUT", reference_id="R1", status="DONE"))
    assert r.status_code == 400 and "status" in r.json()["error_msg"]
    r = send(client, full_message(browser, "CHECKOUT", status="PURCHASED"))
    assert r.status_code == 400 and "reference_id" in r.json()["error_msg"]
    assert send(client, full_message(browser, "CHECKOUT", reference_id="R1", status="PURCHASED")).status_code == 201


# custom-event-1166461.html: names starting with SC_ and internal names are reserved
@pytest.mark.parametrize("name", ["SC_MY_EVENT", "CAMPAIGN_TRACKING"])
def test_reserved_event_names_are_400(client, name):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, name))
    assert r.status_code == 400 and "reserved" in r.json()["error_msg"]


def test_rules_can_be_relaxed():
    import httpx
    from sandbox_helpers import BASE

    from runner.sandbox import Sandbox

    sb = Sandbox(enforce_event_rules=False)
    with httpx.Client(transport=sb.transport(), base_url=BASE) as c:
        browser = create_browser(c)["ref"]
        assert send(c, full_message(browser, channel="WEBSITE")).status_code == 201


# identity-event-1166467.html (data model 2.1): identifiers are required; PII alone does not identify
def test_identity_without_identifiers_does_not_identify(client, rest):
    created = create_browser(client)
    r = send(client, full_message(created["ref"], "IDENTITY", email="bob@example.com", firstname="Bob"))
    assert r.status_code == 201
    guest = rest.get(f"/v2.1/guests/{created['customer_ref']}").json()
    assert guest["guestType"] == "visitor" and "email" not in guest and "firstName" not in guest
    note = show(client, created["ref"]).json()["sandbox"]["notes"][0]
    assert note["ref"] == r.json()["ref"] and "identifiers" in note["reason"]


# troubleshooting-1153275.html: a wrong pos is accepted (201) but never shows up
def test_wrong_pos_is_explained_under_the_sandbox_key(client):
    browser = create_browser(client)["ref"]
    r = send(client, full_message(browser, pos="elsewhere.example"))
    assert r.status_code == 201
    body = show(client, browser).json()
    assert body["sessions"] == []
    [dropped] = body["sandbox"]["droppedEvents"]
    assert dropped["ref"] == r.json()["ref"] and "elsewhere.example" in dropped["reason"]


# checkout-event-1166458.html + add-event-1166451.html: the cart (ADD lines) becomes the order
def test_checkout_creates_the_order_from_the_cart(client, rest):
    created = create_browser(client)
    browser = created["ref"]
    send(client, full_message(browser, "ADD", product=PRODUCT))
    send(client, full_message(browser, "ADD", product={**PRODUCT, "quantity": 3}))  # same item_id: an update
    assert send(client, full_message(browser, "CHECKOUT", reference_id="ABC123", status="PURCHASED")).status_code == 201
    [order] = rest.get("/v2.1/orders", params={"guestRef": created["customer_ref"]}).json()["items"]
    assert order["referenceId"] == "ABC123" and order["status"] == "PURCHASED" and order["price"] == 150
    [item] = rest.get(f"/v2.1/orders/{order['ref']}/orderItems").json()["items"]
    assert item["item_id"] == "SHOES_1" and item["quantity"] == 3


# order_checkout-event-1166459.html: only for a guest identified as a customer
def test_order_checkout_needs_a_customer(client, rest):
    created = create_browser(client)
    browser, guest_ref = created["ref"], created["customer_ref"]
    assert send(client, full_message(browser, "ORDER_CHECKOUT", order=ORDER)).status_code == 201
    assert rest.get("/v2.1/orders", params={"guestRef": guest_ref}).json()["items"] == []
    assert "customer" in show(client, browser).json()["sandbox"]["notes"][0]["reason"]

    identify(client, browser)
    assert send(client, full_message(browser, "ORDER_CHECKOUT", order=ORDER)).status_code == 201
    [order] = rest.get("/v2.1/orders", params={"guestRef": guest_ref}).json()["items"]
    assert order["referenceId"] == "ORDER-1" and order["price"] == 100
    assert rest.get(f"/v2.1/orders/{order['ref']}/extensions/ext").json()["giftWrapped"] is True
    [item] = rest.get(f"/v2.1/orders/{order['ref']}/orderItems").json()["items"]
    assert rest.get(f"/v2.1/orderItems/{item['ref']}/extensions/ext").json()["colour"] == "red"


# order_checkout-event-1166459.html: the order object's required attributes
def test_order_checkout_needs_its_order_fields(client):
    browser = create_browser(client)["ref"]
    identify(client, browser)
    r = send(client, full_message(browser, "ORDER_CHECKOUT", order={k: v for k, v in ORDER.items() if k != "price"}))
    assert r.status_code == 400 and "order.price" in r.json()["error_msg"]
    r = send(client, full_message(browser, "ORDER_CHECKOUT", order={**ORDER, "cardType": ""}))
    assert r.status_code == 400 and "cardType" in r.json()["error_msg"]

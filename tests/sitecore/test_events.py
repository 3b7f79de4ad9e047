"""runner.sitecore.events: the documented Stream API event rules as a pure lint."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from runner.sitecore.events import CHANNELS, RULES, Problem, lint_message, lint_url, stream_messages

BASE = {"channel": "WEB", "type": "VIEW", "language": "EN", "currency": "EUR", "page": "home",
        "pos": "spinair.com", "browser_id": "b1"}


def rules(message, **kw) -> list[tuple[str, str]]:
    return [(p.rule, p.field) for p in lint_message(message, **kw)]


def test_a_documented_view_event_is_clean():
    assert lint_message(BASE) == []


# sending-events-1166442.html: channel, type, language, currency, page, pos, browser_id
@pytest.mark.parametrize("field", ["channel", "type", "language", "currency", "page", "pos", "browser_id"])
def test_required_fields(field):
    msg = {k: v for k, v in BASE.items() if k != field}
    assert ("required-field", field) in rules(msg)
    assert ("required-field", field) not in rules(msg, session_fields=False)


def test_lower_case_type():
    [p] = lint_message({**BASE, "type": "view"})
    assert p == Problem("type", "type must be upper case, got 'view'", "type-upper-case")


# event-data-object.html: channel must be one of the documented list
def test_channel():
    assert rules({**BASE, "channel": "web"}) == [("channel", "channel")]
    assert all(lint_message({**BASE, "channel": c}) == [] for c in CHANNELS)


# identity-event-1166467.html: identifiers, each with provider and id
def test_identity_identifiers():
    msg = {**BASE, "type": "IDENTITY", "email": "a@example.com"}
    assert rules(msg) == [("identity-identifiers", "identifiers")]
    assert rules({**msg, "identifiers": [{"provider": "email"}]}) == [("identity-identifiers", "identifiers.0.id")]
    assert lint_message({**msg, "identifiers": [{"provider": "email", "id": "a@example.com"}]}) == []


# add-event-1166451.html: the product object's required attributes
def test_add_product_fields():
    product = {"type": "BET", "item_id": "EXACT_90", "name": "Exact score", "orderedAt": "2025-08-23T16:17:16.000Z",
               "quantity": 1, "price": 100.0, "productId": "CORRECT_SCORE", "currency": "EUR", "referenceId": "BET_001-1"}
    assert lint_message({**BASE, "type": "ADD", "product": product}) == []
    assert rules({**BASE, "type": "ADD"}) == [("add-product", "product")]
    assert rules({**BASE, "type": "ADD", "product": {**product, "item_id": ""}}) == [("add-product", "product.item_id")]


# checkout-event-1166458.html: reference_id and a status from the list
def test_checkout():
    ok = {**BASE, "type": "CHECKOUT", "reference_id": "ABC123", "status": "PURCHASED"}
    assert lint_message(ok) == []
    assert rules({**ok, "status": "purchased"}) == [("checkout-status", "status")]
    assert rules({k: v for k, v in ok.items() if k != "reference_id"}) == [("checkout-reference", "reference_id")]


# order_checkout-event-1166459.html: the order object; cardType when paying by card
def test_order_checkout():
    order = {"referenceId": "B94TXY-1", "orderedAt": "2025-01-01T16:17:16.000Z", "status": "PURCHASED",
             "currencyCode": "EUR", "price": 50, "paymentType": "Card", "cardType": "Visa"}
    assert lint_message({**BASE, "type": "ORDER_CHECKOUT", "order": order}) == []
    assert rules({**BASE, "type": "ORDER_CHECKOUT", "order": {**order, "cardType": None}}) == [
        ("order-checkout-order", "order.cardType")]
    assert rules({**BASE, "type": "ORDER_CHECKOUT"}) == [("order-checkout-order", "order")]


# custom-event-1166461.html: SC_ prefix and internal names are reserved; custom names are free
def test_reserved_names():
    assert rules({**BASE, "type": "SC_CLICK"}) == [("reserved-name", "type")]
    assert rules({**BASE, "type": "CAMPAIGN_TRACKING"}) == [("reserved-name", "type")]
    assert lint_message({**BASE, "type": "ADD_TO_WISHLIST"}) == []


def test_not_an_object():
    assert rules([1]) == [("message-object", "")]


def test_every_rule_names_its_page():
    assert set(RULES) >= {p.rule for msg in ([1], {"type": "view"}) for p in lint_message(msg)}
    assert all(page.endswith(".html") for page in RULES.values())


def event_url(message) -> str:
    raw = message if isinstance(message, str) else json.dumps(message)
    return f"https://api.example/v1.2/event/create.json?client_key=k&message={quote(raw)}"


def test_stream_messages():
    assert stream_messages(event_url(BASE)) == [BASE]
    assert stream_messages(event_url("{broken")) == []
    assert stream_messages("https://api.example/v1.2/browser/create.json?client_key=k&message=%7B%7D") == []
    assert stream_messages("https://api.example/v2.1/guests") == []


def test_lint_url():
    assert lint_url(event_url({**BASE, "type": "view"}))[0].rule == "type-upper-case"
    assert lint_url(event_url("{broken"))[0].rule == "message-object"
    assert lint_url("https://api.example/v1.2/event/create.json?client_key=k")[0].field == "message"
    assert lint_url("https://api.example/v2.1/guests") == []


def test_the_module_is_pure():
    """stdlib only (and runner.errors at most): the sandbox and the runner can both import it."""
    tree = ast.parse(Path(__file__).resolve().parents[2].joinpath("runner/sitecore/events.py").read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert names <= {"__future__", "json", "dataclasses", "typing", "urllib.parse", "runner.errors"}

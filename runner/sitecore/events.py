"""The documented Stream API event rules, in one place.

Pure (stdlib only): :func:`lint_message` checks one event ``message`` (the JSON object a Stream
API ``event/create.json`` request carries) and returns every :class:`Problem` found. The sandbox
enforces these rules; ``cdp-runner validate`` and runs can report them before a tenant silently
drops an event.

Sources (doc.sitecore.com, CDP developer documentation, Stream API):
- sending-events-1166442.html and event-data-object.html: the common fields and channel list;
- identity-event-1166467.html: IDENTITY needs ``identifiers``, each with ``provider`` and ``id``;
- add-event-1166451.html: the ``product`` object of ADD and its required fields;
- checkout-event-1166458.html: CHECKOUT ``reference_id`` and the ``status`` list;
- order_checkout-event-1166459.html: ORDER_CHECKOUT ``order`` and its required fields;
- custom-event-1166461.html: reserved event names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "CHANNELS", "CHECKOUT_STATUSES", "REQUIRED_FIELDS", "ADD_PRODUCT_FIELDS", "ORDER_FIELDS",
    "STANDARD_TYPES", "INTERNAL_TYPES", "Problem", "lint_message", "lint_url", "stream_messages",
    "is_event_url",
]

#: Channels listed in the documentation (event-data-object.html).
CHANNELS = (
    "AIRPORT_KIOSK", "BRANCH", "CALL_CENTER", "EMAIL", "GDS", "KIOSK", "MOBILE_APP",
    "MOBILE_WEB", "SMS", "OFFLINE", "OTA", "OTHER", "WEB",
)
#: Fields every event carries when it opens a session (sending-events-1166442.html); later
#: events of the same session (same channel, pos and browser) may carry only ``type``.
REQUIRED_FIELDS = ("channel", "type", "language", "currency", "page", "pos", "browser_id")
#: CHECKOUT ``status`` values (checkout-event-1166458.html).
CHECKOUT_STATUSES = ("PURCHASED", "PAYMENT_PENDING", "CONFIRMED", "CANCELLED", "REFUNDED")
#: Required fields of the ADD event's ``product`` object (add-event-1166451.html).
ADD_PRODUCT_FIELDS = ("type", "item_id", "name", "orderedAt", "quantity", "price", "productId", "currency",
                      "referenceId")
#: Required fields of the ORDER_CHECKOUT event's ``order`` object (order_checkout-event-1166459.html).
ORDER_FIELDS = ("referenceId", "orderedAt", "status", "currencyCode", "price", "paymentType")
#: Standard event types: a custom event must not use these names (custom-event-1166461.html).
STANDARD_TYPES = ("VIEW", "IDENTITY", "ADD", "ADD_CONSUMERS", "ADD_CONTACTS", "CONFIRM", "CHECKOUT",
                  "ORDER_CHECKOUT", "CLEAR_CART", "PAYMENT", "SEARCH", "FORCE_CLOSE")
#: Internally reserved names that no message may use (custom-event-1166461.html).
INTERNAL_TYPES = ("CAMPAIGN_TRACKING",)
#: Names starting with this prefix are reserved for Sitecore (custom-event-1166461.html); the
#: Cloud SDK sends ``SC_SEARCH`` itself, which is therefore allowed.
RESERVED_PREFIX = "SC_"
SDK_TYPES = ("SC_SEARCH",)


@dataclass(frozen=True)
class Problem:
    """One broken rule: ``field`` is a dotted path in the message (``""`` for the whole message),
    ``rule`` a stable identifier (see :data:`RULES`), ``message`` a sentence for people."""

    field: str
    message: str
    rule: str


#: Every rule :func:`lint_message` can report, with the page that documents it.
RULES = {
    "message-object": "sending-events-1166442.html",
    "required-field": "sending-events-1166442.html",
    "type-upper-case": "sending-events-1166442.html",
    "channel": "event-data-object.html",
    "identity-identifiers": "identity-event-1166467.html",
    "add-product": "add-event-1166451.html",
    "checkout-status": "checkout-event-1166458.html",
    "checkout-reference": "checkout-event-1166458.html",
    "order-checkout-order": "order_checkout-event-1166459.html",
    "reserved-name": "custom-event-1166461.html",
}


def _missing(value: Any) -> bool:
    return value is None or value == ""


def lint_message(message: Any, *, session_fields: bool = True) -> list[Problem]:
    """Every documented rule ``message`` breaks, in a stable order.

    ``session_fields=False`` skips the check of the fields that only the first event of a session
    must carry (the caller knows the session, as the sandbox does).
    """
    if not isinstance(message, dict):
        return [Problem("", f"an event message is a JSON object, not {type(message).__name__}", "message-object")]
    problems: list[Problem] = []
    if session_fields:
        for name in REQUIRED_FIELDS:
            if _missing(message.get(name)):
                problems.append(Problem(name, f"{name} is required (first event of a session)", "required-field"))
    etype = message.get("type")
    if isinstance(etype, str) and etype and etype != etype.upper():
        problems.append(Problem("type", f"type must be upper case, got {etype!r}", "type-upper-case"))
    channel = message.get("channel")
    if not _missing(channel) and channel not in CHANNELS:
        problems.append(Problem("channel", f"channel {channel!r} is not one of {', '.join(CHANNELS)}", "channel"))
    if isinstance(etype, str):
        problems.extend(_type_rules(etype.upper(), message))
    return problems


def _type_rules(etype: str, message: dict[str, Any]) -> list[Problem]:
    if etype == "IDENTITY":
        return _identifiers(message.get("identifiers"))
    if etype == "ADD":
        return _fields(message.get("product"), "product", ADD_PRODUCT_FIELDS, "add-product")
    if etype == "CHECKOUT":
        out = []
        if _missing(message.get("reference_id")):
            out.append(Problem("reference_id", "CHECKOUT needs reference_id (the order id)", "checkout-reference"))
        status = message.get("status")
        if status not in CHECKOUT_STATUSES:
            out.append(Problem("status", f"CHECKOUT status must be one of {', '.join(CHECKOUT_STATUSES)}, "
                                         f"got {status!r}", "checkout-status"))
        return out
    if etype == "ORDER_CHECKOUT":
        order = message.get("order")
        out = _fields(order, "order", ORDER_FIELDS, "order-checkout-order")
        if isinstance(order, dict) and order.get("paymentType") == "Card" and _missing(order.get("cardType")):
            out.append(Problem("order.cardType", "order.cardType is required when paymentType is Card",
                               "order-checkout-order"))
        return out
    if etype in INTERNAL_TYPES or (etype.startswith(RESERVED_PREFIX) and etype not in SDK_TYPES):
        return [Problem("type", f"{etype} is a reserved event name", "reserved-name")]
    return []


def _identifiers(value: Any) -> list[Problem]:
    if not isinstance(value, list) or not value:
        return [Problem("identifiers", "IDENTITY needs identifiers: a list of {provider, id} objects; "
                                       "without them the guest is not identified", "identity-identifiers")]
    out = []
    for i, ident in enumerate(value):
        for key in ("provider", "id"):
            if not isinstance(ident, dict) or _missing(ident.get(key)):
                out.append(Problem(f"identifiers.{i}.{key}", f"identifier {i} needs {key}", "identity-identifiers"))
    return out


def _fields(value: Any, name: str, required: tuple[str, ...], rule: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(name, f"{name} must be an object with {', '.join(required)}", rule)]
    return [Problem(f"{name}.{f}", f"{name}.{f} is required", rule) for f in required if _missing(value.get(f))]


def is_event_url(url: str) -> bool:
    """Whether ``url`` is a Stream API event create request (``.../event/create.json``)."""
    return urlsplit(url).path.rstrip("/").endswith("/event/create.json")


def stream_raw_messages(url: str) -> list[str]:
    """The ``message`` query values (decoded, not parsed) of a Stream API event URL; none for others."""
    if not is_event_url(url):
        return []
    return [v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k == "message"]


def stream_messages(url: str) -> list[dict[str, Any]]:
    """The JSON ``message`` objects of a Stream API event URL (none for other URLs, and none for a
    message that is not a JSON object: :func:`lint_url` reports those)."""
    out = []
    for raw in stream_raw_messages(url):
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def lint_url(url: str, *, session_fields: bool = True) -> list[Problem]:
    """:func:`lint_message` for every ``message`` of a Stream API event URL, plus a problem for a
    missing message or one that is not a JSON object."""
    if not is_event_url(url):
        return []
    raws = stream_raw_messages(url)
    if not raws:
        return [Problem("message", "an event request needs a message query parameter", "message-object")]
    problems: list[Problem] = []
    for raw in raws:
        try:
            value = json.loads(raw)
        except ValueError as e:
            problems.append(Problem("message", f"message is not valid JSON: {e}", "message-object"))
            continue
        problems.extend(lint_message(value, session_fields=session_fields))
    return problems

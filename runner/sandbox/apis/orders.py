"""Order REST API v2.1 (orders, order items, contacts, consumers, order and order item data
extensions) and the legacy v2 order endpoints; orders created by CHECKOUT / ORDER_CHECKOUT events.

Sources: api-docs.sitecore.com/cdp/order-rest-api (create order: ``currencyCode``, ``orderedAt``,
``price``, ``referenceId`` required; ``channel`` and ``status`` enums; an order contact associates
a guest with the order; extensions are flat, <= 100 keys), create-an-order--legacy-.html
(legacy create also requires ``pointOfSale``), order_checkout-event-1166459.html,
checkout-event-1166458.html."""

from __future__ import annotations

from typing import Any

import httpx

from ..auth import rest_auth
from ..responses import JSON, base_url, iso, json_body, json_response, rest_error
from ..router import Routes
from ..state import Guest, Record, State
from .guests import validate_flat

routes = Routes()

ORDER_STATUSES = ("BROWSED", "CANCELLED", "CONFIRMED", "DECLINED", "PARTIALY_CONFIRMED", "PARTIALY_REFUNDED",
                  "PAYMENT_PENDING", "PENDING", "PURCHASED", "REFUNDED", "RESERVED", "SEARCHED", "UNKNOWN")
ORDER_CHANNELS = ("WEB", "MOBILE_WEB", "MOBILE_APP", "CALL_CENTER", "AIRPORT_KIOSK", "BRANCH", "KIOSK", "OFFLINE",
                  "GDS", "OTA", "OTHER")
_REQUIRED = {"v2.1": ("currencyCode", "orderedAt", "price", "referenceId"),
             "v2": ("pointOfSale", "currencyCode", "price", "orderedAt", "referenceId")}
_READ_ONLY = ("ref", "href", "createdAt", "modifiedAt", "orderItems", "contacts", "consumers", "extensions",
              "guest", "order")
#: URL segment of each child kind, and the kind's own collection name
_CHILD = {"orderItems": "orderItem", "contacts": "orderContact", "consumers": "orderConsumer"}
_COLLECTION = {"orderItem": "orderItems", "orderContact": "orderContacts", "orderConsumer": "orderConsumers"}
_V = r"/(?P<version>v2|v2\.1)"


def _fields(body: JSON) -> JSON:
    return {k: v for k, v in body.items() if k not in _READ_ONLY}


def validate_order(body: JSON, version: str, *, partial: bool = False) -> JSON:
    fields = _fields(body)
    if not partial:
        missing = [f for f in _REQUIRED[version] if fields.get(f) in (None, "")]
        if missing:
            raise rest_error(400, f"missing required field(s): {', '.join(missing)}")
    if "price" in fields and not isinstance(fields["price"], (int, float)):
        raise rest_error(400, "price must be a number")
    if fields.get("status") is not None and fields["status"] not in ORDER_STATUSES:
        raise rest_error(400, f"status must be one of {', '.join(ORDER_STATUSES)}, got {fields['status']!r}")
    if fields.get("channel") is not None and fields["channel"] not in ORDER_CHANNELS:
        raise rest_error(400, f"channel must be one of {', '.join(ORDER_CHANNELS)}, got {fields['channel']!r}")
    return fields


def _record(sb: State, kind: str, ref: str) -> Record:
    record = sb.records[kind].get(ref)
    if record is None:
        raise rest_error(404, f"{kind} {ref} not found")
    return record


def _href(request: httpx.Request, version: str, collection: str, ref: str) -> str:
    return f"{base_url(request)}/{version}/{collection}/{ref}"


def order_json(sb: State, request: httpx.Request, order: Record, version: str) -> JSON:
    href = _href(request, version, "orders", order.ref)
    out: JSON = {"href": href, "ref": order.ref, **order.data,
                 "createdAt": iso(order.created_at), "modifiedAt": iso(order.modified_at)}
    for segment in _CHILD:
        out[segment] = {"href": f"{href}/{segment}"}
    out["extensions"] = {"href": f"{href}/extensions"}
    if order.parent:
        out["guest"] = {"href": _href(request, version, "guests", order.parent)}
    return out


def child_json(sb: State, request: httpx.Request, record: Record, version: str) -> JSON:
    out: JSON = {"href": _href(request, version, _COLLECTION[record.kind], record.ref), "ref": record.ref,
                 **record.data, "createdAt": iso(record.created_at), "modifiedAt": iso(record.modified_at),
                 "order": {"href": _href(request, version, "orders", record.parent or "")}}
    guest_ref = record.data.get("_guest")
    out.pop("_guest", None)
    if guest_ref:
        out["guest"] = {"href": _href(request, version, "guests", guest_ref)}
    if record.kind == "orderItem":
        out["extensions"] = {"href": f"{out['href']}/extensions"}
    return out


def create_order(sb: State, fields: JSON, guest_ref: str | None = None) -> Record:
    return sb.add_record("order", fields, parent=guest_ref)


def _guest_from_link(sb: State, link: Any) -> str | None:
    href = link.get("href") if isinstance(link, dict) else None
    if not isinstance(href, str) or "/guests/" not in href:
        return None
    ref = href.rstrip("/").rsplit("/", 1)[-1]
    if ref not in sb.guests:
        raise rest_error(400, f"guest.href names an unknown guest {ref}")
    return ref


def _person_guest(sb: State, fields: JSON, guest_type: str) -> Guest:
    """The guest a contact/consumer stands for: its ``guest.href``, a guest with the same email or
    identifier, or a new guest (contacts: customer; consumers: traveller)."""
    linked = _guest_from_link(sb, fields.get("guest"))
    if linked:
        return sb.guests[linked]
    emails = [e for e in (fields.get("emails") or []) if isinstance(e, str)] + \
             ([fields["email"]] if isinstance(fields.get("email"), str) else [])
    for email in emails:
        found = sb.find_guests(email=email)
        if found:
            return found[0]
    for ident in fields.get("identifiers") or []:
        if isinstance(ident, dict):
            found = sb.find_guests(provider=ident.get("provider"), ident=ident.get("id"))
            if found:
                return found[0]
    data = {k: v for k, v in fields.items() if k in ("title", "firstName", "lastName", "gender", "dateOfBirth",
                                                      "emails", "phoneNumbers", "nationality", "identifiers")}
    if emails:
        data.setdefault("email", emails[0])
    return sb.create_guest(guest_type, **data)


def _add_child(sb: State, request: httpx.Request, order: Record, kind: str, body: JSON) -> Record:
    fields = _fields(body)
    if kind in ("orderContact", "orderConsumer"):
        guest = _person_guest(sb, body, "customer" if kind == "orderContact" else "traveller")
        fields["_guest"] = guest.ref
        if kind == "orderContact":  # order-contact: "This associates a guest with the order"
            order.parent = guest.ref
        if kind == "orderConsumer" and isinstance(body.get("orderItems"), dict):
            fields["orderItems"] = body["orderItems"]
    return sb.add_record(kind, fields, parent=order.ref)


# ---- orders -----------------------------------------------------------------------------


@routes("GET|POST", _V + r"/orders")
def orders(sb: State, request: httpx.Request, version: str) -> httpx.Response:
    rest_auth(sb, request)
    guest_ref = request.url.params.get("guestRef") or None
    if guest_ref is not None and guest_ref not in sb.guests:
        raise rest_error(404, f"guest {guest_ref} not found")
    if request.method in ("GET", "HEAD"):
        found = [o for o in sb.records["order"].values() if guest_ref is None or o.parent == guest_ref]
        items = [order_json(sb, request, o, version) for o in found]
        return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items),
                                   "total": len(items), "items": items})
    order = create_order(sb, validate_order(json_body(request), version), guest_ref)
    out = order_json(sb, request, order, version)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|POST|PUT|PATCH|DELETE", _V + r"/orders/(?P<ref>[^/]+)")
def order(sb: State, request: httpx.Request, version: str, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    record = _record(sb, "order", ref)
    method = request.method
    if method == "DELETE":
        for kind in _COLLECTION:
            for child in sb.children(kind, ref):
                del sb.records[kind][child.ref]
        del sb.records["order"][ref]
        return httpx.Response(204)
    if method == "PUT":
        record.data = validate_order(json_body(request), version)
    elif method in ("POST", "PATCH"):  # legacy updates with POST; v2.1 with PATCH
        record.data.update(validate_order(json_body(request), version, partial=True))
    if method != "GET":
        record.modified_at = sb.now()
    return json_response(200, order_json(sb, request, record, version))


@routes("GET|POST", _V + r"/orders/(?P<ref>[^/]+)/(?P<segment>orderItems|contacts|consumers)")
def order_children(sb: State, request: httpx.Request, version: str, ref: str, segment: str) -> httpx.Response:
    rest_auth(sb, request)
    record = _record(sb, "order", ref)
    kind = _CHILD[segment]
    if request.method in ("GET", "HEAD"):
        items = [child_json(sb, request, c, version) for c in sb.children(kind, ref)]
        return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items),
                                   "total": len(items), "items": items})
    child = _add_child(sb, request, record, kind, json_body(request))
    out = child_json(sb, request, child, version)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|POST|PUT|PATCH|DELETE", _V + r"/(?P<collection>orderItems|orderContacts|orderConsumers)/(?P<ref>[^/]+)")
def order_child(sb: State, request: httpx.Request, version: str, collection: str, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    kind = {v: k for k, v in _COLLECTION.items()}[collection]
    record = _record(sb, kind, ref)
    if request.method == "DELETE":
        del sb.records[kind][ref]
        return httpx.Response(204)
    if request.method != "GET":
        body = json_body(request)
        fields = _fields(body)
        if kind != "orderItem":
            fields["_guest"] = _person_guest(sb, body, "customer").ref
        record.data = fields if request.method == "PUT" else {**record.data, **fields}
        record.modified_at = sb.now()
    return json_response(200, child_json(sb, request, record, version))


@routes("GET", r"/v2/orderItems/(?P<ref>[^/]+)/orderItems")
def order_item_alias(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    """The public collection's "Retrieve Order Item" path: answered as ``GET /v2/orderItems/{ref}``."""
    rest_auth(sb, request)
    return json_response(200, child_json(sb, request, _record(sb, "orderItem", ref), "v2"))


# ---- order and order item data extensions (v2.1) ----------------------------------------


def _owner(sb: State, collection: str, ref: str) -> Record:
    return _record(sb, "order" if collection == "orders" else "orderItem", ref)


def _ext_out(request: httpx.Request, collection: str, owner: Record, name: str) -> JSON:
    return {"href": f"{base_url(request)}/v2.1/{collection}/{owner.ref}/extensions/{name}", "name": name,
            **owner.extensions[name]}


@routes("GET|POST", r"/v2\.1/(?P<collection>orders|orderItems)/(?P<ref>[^/]+)/extensions")
def order_extensions(sb: State, request: httpx.Request, collection: str, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    owner = _owner(sb, collection, ref)
    if request.method in ("GET", "HEAD"):
        return json_response(200, {"href": str(request.url),
                                    "items": [_ext_out(request, collection, owner, n) for n in owner.extensions]})
    body = json_body(request)
    return _create_extension(sb, request, collection, owner, body.pop("name", None), body)


def _create_extension(sb: State, request: httpx.Request, collection: str, owner: Record, name: Any,
                      fields: JSON) -> httpx.Response:
    if name != "ext":  # order-data-extension: "You must set this to ext"
        raise rest_error(400, f"the data extension name must be ext, got {name!r}")
    if name in owner.extensions:
        raise rest_error(409, f"extension {name!r} already exists; use PUT or PATCH")
    validate_flat(fields)
    owner.extensions[name] = fields
    out = _ext_out(request, collection, owner, name)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|POST|PUT|PATCH|DELETE",
        r"/v2\.1/(?P<collection>orders|orderItems)/(?P<ref>[^/]+)/extensions/(?P<name>[^/]+)")
def order_extension(sb: State, request: httpx.Request, collection: str, ref: str, name: str) -> httpx.Response:
    rest_auth(sb, request)
    owner = _owner(sb, collection, ref)
    if request.method == "POST":
        return _create_extension(sb, request, collection, owner, name, _fields(json_body(request)))
    if name not in owner.extensions:
        raise rest_error(404, f"extension {name!r} not found")
    if request.method == "DELETE":
        del owner.extensions[name]
        return httpx.Response(204)
    if request.method in ("PUT", "PATCH"):
        fields = {k: v for k, v in json_body(request).items() if k != "name"}
        merged = fields if request.method == "PUT" else {**owner.extensions[name], **fields}
        validate_flat(merged)
        owner.extensions[name] = merged
    return json_response(200, _ext_out(request, collection, owner, name))


# ---- orders from Stream API events ------------------------------------------------------


def order_from_checkout(sb: State, guest: Guest, session: Any, msg: JSON) -> Record:
    """CHECKOUT: the order ``reference_id`` with ``status``; its items are the session's cart
    (the latest ADD per ``product.item_id``), its price their total."""
    cart: dict[str, JSON] = {}
    for event in session.events:
        product = event["message"].get("product")
        if event["type"] == "ADD" and isinstance(product, dict):
            cart[str(product.get("item_id"))] = product
        elif event["type"] == "CLEAR_CART":
            cart.clear()
    price = sum(float(p.get("price") or 0) * float(p.get("quantity") or 1) for p in cart.values())
    existing = next((o for o in sb.records["order"].values()
                     if o.parent == guest.ref and o.data.get("referenceId") == msg["reference_id"]), None)
    if existing is not None:  # a later CHECKOUT with the same reference updates the status
        existing.data["status"] = msg["status"]
        existing.modified_at = sb.now()
        return existing
    order = create_order(sb, {"referenceId": msg["reference_id"], "status": msg["status"],
                              "orderedAt": iso(sb.now()), "currencyCode": msg.get("currency") or session.currency,
                              "price": price, "channel": msg.get("channel") or session.channel,
                              "pointOfSale": msg.get("pos") or session.pos}, guest.ref)
    for product in cart.values():
        sb.add_record("orderItem", dict(product), parent=order.ref)
    return order


def order_from_order_checkout(sb: State, guest: Guest, msg: JSON) -> Record:
    """ORDER_CHECKOUT: the ``order`` object, its ``orderItems`` and ``extensions``."""
    body = dict(msg["order"])
    items, extensions = body.pop("orderItems", None) or [], body.pop("extensions", None) or []
    order = create_order(sb, body, guest.ref)
    for item in items:
        if isinstance(item, dict):
            item = dict(item)
            item_exts = item.pop("extensions", None) or []
            record = sb.add_record("orderItem", item, parent=order.ref)
            _attach_extensions(record, item_exts)
    _attach_extensions(order, extensions)
    return order


def _attach_extensions(record: Record, extensions: Any) -> None:
    for ext in extensions if isinstance(extensions, list) else []:
        if isinstance(ext, dict) and ext.get("name"):
            record.extensions[str(ext["name"])] = {k: v for k, v in ext.items() if k not in ("name", "key")}

"""Guest REST API v2.1 (guests, data extensions) and the legacy v2 guest endpoints (HTTP Basic).

Sources: api-docs.sitecore.com/cdp/guest-rest-api (create guest: ``guestType`` required,
``dateOfBirth`` in the past; data extensions ext..ext5, <= 100 flat camelCase keys; deleting
fields), and the legacy pages create-a-guest--legacy-.html / retrieve-guests--legacy-.html
(filters ``email``, ``identifiers.provider`` + ``identifiers.id``, paging; items are links)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import httpx

from ..auth import rest_auth
from ..constants import EXTENSION_MAX_KEYS, EXTENSION_NAMES, GUEST_TYPES
from ..responses import JSON, base_url, is_primitive, iso, json_body, json_response, rest_error
from ..router import Routes
from ..state import Guest, State

routes = Routes()

_CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
_READ_ONLY = ("ref", "href", "createdAt", "modifiedAt", "sessions", "browsers", "extensions")
#: query parameters of the guest search (anything else is refused instead of ignored)
_SEARCH_PARAMS = {"email", "identifiers.provider", "identifiers.id", "offset", "limit", "expand"}


def guest_or_404(sb: State, ref: str) -> Guest:
    guest = sb.guests.get(ref)
    if guest is None:
        raise rest_error(404, f"guest {ref} not found")
    return guest


def _with_extension(sb: State, ref: str, name: str) -> Guest:
    """The guest `ref`, which has the extension `name` (else the REST API's 404)."""
    guest = guest_or_404(sb, ref)
    if name not in guest.extensions:
        raise rest_error(404, f"extension {name!r} not found for guest {ref}")
    return guest


def guest_json(sb: State, request: httpx.Request, guest: Guest, version: str = "v2.1") -> JSON:
    base = f"{base_url(request)}/{version}/guests/{guest.ref}"
    sessions = [s.summary() for b in guest.browsers if b in sb.browsers for s in sb.browsers[b].sessions]
    out = {"href": base, "ref": guest.ref, **guest.data,
           "createdAt": iso(guest.created_at), "modifiedAt": iso(guest.modified_at),
           "browsers": list(guest.browsers), "sessions": sessions}
    if version == "v2.1":
        out["extensions"] = [{"name": n, "href": f"{base}/extensions/{n}"} for n in guest.extensions]
    else:
        out["extensions"] = [{"name": n, "href": f"{base}/{n}"} for n in guest.legacy_extensions]
    orders = [o for o in sb.records["order"].values() if o.parent == guest.ref]
    out["orders"] = [{"href": f"{base_url(request)}/{version}/orders/{o.ref}"} for o in orders]
    return out


def validate_guest_fields(body: JSON, *, require_type: bool) -> JSON:
    fields = {k: v for k, v in body.items() if k not in _READ_ONLY}
    gt = fields.get("guestType")
    if gt is None and require_type:
        raise rest_error(400, f"guestType is required (one of {', '.join(GUEST_TYPES)})")
    if gt is not None and gt not in GUEST_TYPES:
        raise rest_error(400, f"guestType must be one of {', '.join(GUEST_TYPES)}, got {gt!r}")
    idents = fields.get("identifiers")
    if idents is not None:
        if not isinstance(idents, list) or not all(
            isinstance(i, dict) and i.get("provider") and i.get("id") for i in idents
        ):
            raise rest_error(400, "identifiers must be a list of {provider, id} objects")
    emails = fields.get("emails")
    if emails is not None and not (isinstance(emails, list) and all(isinstance(e, str) for e in emails)):
        raise rest_error(400, "emails must be a list of strings")
    dob = fields.get("dateOfBirth")
    if dob is not None:
        try:
            when = datetime.fromisoformat(str(dob).replace("Z", "+00:00"))
        except ValueError:
            raise rest_error(400, f"dateOfBirth must be an ISO 8601 date-time, got {dob!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        if when > datetime.now(timezone.utc):
            raise rest_error(400, "dateOfBirth must be in the past")
    return fields


def _search(sb: State, request: httpx.Request, version: str) -> httpx.Response:
    rest_auth(sb, request)
    params = request.url.params
    unknown = sorted(set(params.keys()) - _SEARCH_PARAMS)
    if unknown:
        raise rest_error(400, f"unknown search filter(s): {', '.join(unknown)} "
                              f"(known: {', '.join(sorted(_SEARCH_PARAMS))})")
    try:
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 10))
    except ValueError:
        raise rest_error(400, "offset and limit must be integers") from None
    if offset < 0 or limit < 0:
        raise rest_error(400, "offset and limit must not be negative")
    found = sb.find_guests(params.get("email") or None, params.get("identifiers.provider") or None,
                           params.get("identifiers.id") or None)
    page = found[offset:offset + limit]
    expand = params.get("expand", "").lower() == "true"
    if version == "v2" and not expand:  # legacy: items are links unless expanded
        items: list[JSON] = [{"href": f"{base_url(request)}/v2/guests/{g.ref}"} for g in page]
    else:
        items = [guest_json(sb, request, g, version) for g in page]
    return json_response(200, {"href": str(request.url), "offset": offset, "limit": limit,
                               "total": len(found), "items": items})


# ---- v2.1 guests ------------------------------------------------------------------------


@routes("GET|POST", r"/v2\.1/guests")
def v21_guests(sb: State, request: httpx.Request) -> httpx.Response:
    return _guests(sb, request, "v2.1")


def _guests(sb: State, request: httpx.Request, version: str) -> httpx.Response:
    """The guests collection of a REST API version: search (GET) or create (POST, 201 with Location)."""
    if request.method in ("GET", "HEAD"):
        return _search(sb, request, version)
    rest_auth(sb, request)
    guest = sb.create_guest(**validate_guest_fields(json_body(request), require_type=True))
    out = guest_json(sb, request, guest, version)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|PUT|PATCH|DELETE", r"/v2\.1/guests/(?P<ref>[^/]+)")
def v21_guest(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = guest_or_404(sb, ref)
    method = request.method
    if method == "DELETE":
        sb.delete_guest(guest)
        return httpx.Response(204)
    if method in ("PUT", "PATCH"):
        fields = validate_guest_fields(json_body(request), require_type=method == "PUT")
        if method == "PUT":
            guest.data = fields
        else:
            guest.data.update(fields)
        guest.modified_at = sb.now()
    return json_response(200, guest_json(sb, request, guest))


# ---- v2.1 data extensions ---------------------------------------------------------------


def _ext_json(request: httpx.Request, guest: Guest, name: str) -> JSON:
    return {"href": f"{base_url(request)}/v2.1/guests/{guest.ref}/extensions/{name}", "name": name,
            **guest.extensions[name]}


def validate_flat(fields: JSON, *, camel_case: bool = True) -> None:
    """Data-extension fields: at most 100 primitive values under camelCase keys."""
    if len(fields) > EXTENSION_MAX_KEYS:
        raise rest_error(400, f"an extension holds at most {EXTENSION_MAX_KEYS} keys, got {len(fields)}")
    for k, v in fields.items():
        if camel_case and not _CAMEL_CASE.match(k):
            raise rest_error(400, f"extension key {k!r} is not camelCase")
        if not is_primitive(v):
            raise rest_error(400, f"extension value of {k!r} must be a primitive (no objects or arrays)")


def _validate_extension(guest: Guest, name: str, fields: JSON) -> None:
    if name not in EXTENSION_NAMES:
        raise rest_error(400, f"extension name must be one of {', '.join(EXTENSION_NAMES)}, got {name!r}")
    validate_flat(fields)
    for other, ofields in guest.extensions.items():
        if other == name:
            continue
        dup = sorted(set(fields) & set(ofields))
        if dup:
            raise rest_error(409, f"key(s) {', '.join(dup)} already used by extension {other!r} of this guest")


@routes("GET|POST", r"/v2\.1/guests/(?P<ref>[^/]+)/extensions")
def v21_extensions(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = guest_or_404(sb, ref)
    if request.method in ("GET", "HEAD"):
        items = [_ext_json(request, guest, n) for n in guest.extensions]
        return json_response(200, {"href": str(request.url), "items": items})
    body = json_body(request)
    name = body.pop("name", None)
    if not name:
        raise rest_error(400, f"name is required (one of {', '.join(EXTENSION_NAMES)})")
    if not isinstance(name, str):  # a list or an object cannot name one (nor be looked up)
        raise rest_error(400, f"extension name must be one of {', '.join(EXTENSION_NAMES)}, got {name!r}")
    if name in guest.extensions:
        raise rest_error(409, f"extension {name!r} already exists for this guest; use PUT or PATCH")
    _validate_extension(guest, name, body)
    guest.extensions[name] = body
    guest.modified_at = sb.now()
    out = _ext_json(request, guest, name)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|PUT|PATCH|DELETE", r"/v2\.1/guests/(?P<ref>[^/]+)/extensions/(?P<name>[^/]+)")
def v21_extension(sb: State, request: httpx.Request, ref: str, name: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = _with_extension(sb, ref, name)
    if request.method == "DELETE":
        del guest.extensions[name]
        return httpx.Response(204)
    if request.method in ("PUT", "PATCH"):
        body = json_body(request)
        body_name = body.pop("name", name)
        if body_name != name:
            raise rest_error(400, f"name in body ({body_name!r}) does not match the URL ({name!r})")
        fields = body if request.method == "PUT" else {**guest.extensions[name], **body}
        _validate_extension(guest, name, fields)
        guest.extensions[name] = fields
        guest.modified_at = sb.now()
    return json_response(200, _ext_json(request, guest, name))


@routes("DELETE", r"/v2\.1/guests/(?P<ref>[^/]+)/extensions/(?P<name>[^/]+)/fields")
def v21_extension_fields(sb: State, request: httpx.Request, ref: str, name: str) -> httpx.Response:
    """Delete some fields of an extension: ``?name=a|b`` (several names separated by ``|``)."""
    rest_auth(sb, request)
    guest = _with_extension(sb, ref, name)
    names = [n for v in request.url.params.get_list("name") for n in v.split("|") if n]
    if not names:
        raise rest_error(400, "name query parameter is required (field names separated by |)")
    unknown = [n for n in names if n not in guest.extensions[name]]
    if unknown:
        raise rest_error(404, f"field(s) {', '.join(unknown)} not found in extension {name!r}")
    for n in names:
        del guest.extensions[name][n]
    guest.modified_at = sb.now()
    return httpx.Response(204)


# ---- legacy v2 --------------------------------------------------------------------------


@routes("GET|POST", r"/v2/guests")
def v2_guests(sb: State, request: httpx.Request) -> httpx.Response:
    return _guests(sb, request, "v2")


@routes("GET|POST|PUT", r"/v2/guests/(?P<ref>[^/]+)")
def v2_guest(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = guest_or_404(sb, ref)
    if request.method in ("POST", "PUT"):
        guest.data.update(validate_guest_fields(json_body(request), require_type=False))
        guest.modified_at = sb.now()
    return json_response(200, guest_json(sb, request, guest, "v2"))


def _entry_json(request: httpx.Request, guest: Guest, ext: str, entry: JSON) -> JSON:
    return {"href": f"{base_url(request)}/v2/guests/{guest.ref}/{ext}/{entry['ref']}", **entry}


def _legacy_fields(body: JSON) -> JSON:
    fields = {k: v for k, v in body.items() if k not in ("ref", "href", "name")}
    if len(fields) > EXTENSION_MAX_KEYS + 1:  # + "key"
        raise rest_error(400, f"an extension holds at most {EXTENSION_MAX_KEYS} keys")
    validate_flat({k: v for k, v in fields.items() if k != "key"}, camel_case=False)
    return fields


@routes("GET|POST", r"/v2/guests/(?P<ref>[^/]+)/(?P<ext>ext[A-Za-z0-9_]*)")
def v2_extensions(sb: State, request: httpx.Request, ref: str, ext: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = guest_or_404(sb, ref)
    entries = guest.legacy_extensions.get(ext, [])
    if request.method in ("GET", "HEAD"):
        items = [_entry_json(request, guest, ext, e) for e in entries]
        return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items), "items": items})
    body = _legacy_fields(json_body(request))
    key = body.setdefault("key", "default")
    for entry in entries:
        if entry.get("key") == key:  # same key: update in place
            entry.update(body)
            return json_response(200, _entry_json(request, guest, ext, entry))
    entry = {"ref": sb.new_ref(), "name": ext, **body}
    guest.legacy_extensions.setdefault(ext, []).append(entry)
    guest.modified_at = sb.now()
    out = _entry_json(request, guest, ext, entry)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|POST|DELETE", r"/v2/guests/(?P<ref>[^/]+)/(?P<ext>ext[A-Za-z0-9_]*)/(?P<ext_ref>[^/]+)")
def v2_extension(sb: State, request: httpx.Request, ref: str, ext: str, ext_ref: str) -> httpx.Response:
    rest_auth(sb, request)
    guest = guest_or_404(sb, ref)
    entries = guest.legacy_extensions.get(ext, [])
    entry = next((e for e in entries if e["ref"] == ext_ref), None)
    if entry is None:
        raise rest_error(404, f"{ext} entry {ext_ref} not found for guest {ref}")
    if request.method == "DELETE":
        entries.remove(entry)
        if not entries:
            guest.legacy_extensions.pop(ext, None)
        return httpx.Response(204)
    if request.method == "POST":
        entry.update(_legacy_fields(json_body(request)))
    return json_response(200, _entry_json(request, guest, ext, entry))

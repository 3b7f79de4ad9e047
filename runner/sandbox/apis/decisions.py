"""Decision model definitions and variants, with revisions, as the public Sitecore CDP Postman
collection calls them (``/v2/decisionModelDefinitions``, ``/v2/decisionModelVariants``).

Sitecore documents no public reference for these endpoints; the sandbox keeps them as plain
revisioned records: ``name`` is required, every PUT stores a new revision (the ``revision`` in
the body is not checked), and the links ``variants``/``revisions`` point at the sub-resources."""

from __future__ import annotations

import httpx

from ..auth import rest_auth
from ..responses import JSON, base_url, iso, json_body, json_response, rest_error
from ..router import Routes
from ..state import Record, State

routes = Routes()

_READ_ONLY = ("ref", "href", "createdAt", "modifiedAt", "revision", "variants", "revisions")
_COLLECTIONS = {"decisionModelDefinitions": "decisionModelDefinition", "decisionModelVariants": "decisionModelVariant"}
_C = r"(?P<collection>decisionModelDefinitions|decisionModelVariants)"


def _fields(body: JSON) -> JSON:
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise rest_error(400, "name is required")
    return {k: v for k, v in body.items() if k not in _READ_ONLY}


def _json(request: httpx.Request, collection: str, record: Record, revision: int | None = None) -> JSON:
    href = f"{base_url(request)}/v2/{collection}/{record.ref}"
    data = record.revisions[revision - 1] if revision else record.data
    out: JSON = {"href": href, "ref": record.ref, **data, "revision": revision or len(record.revisions),
                 "createdAt": iso(record.created_at), "modifiedAt": iso(record.modified_at),
                 "revisions": {"href": f"{href}/revisions"}}
    if collection == "decisionModelDefinitions":
        out["variants"] = {"href": f"{href}/variants"}
    else:
        out["decisionModelDefinitionRef"] = record.parent
    return out


def _get(sb: State, collection: str, ref: str) -> Record:
    record = sb.records[_COLLECTIONS[collection]].get(ref)
    if record is None:
        raise rest_error(404, f"{_COLLECTIONS[collection]} {ref} not found")
    return record


def _listing(request: httpx.Request, items: list[JSON]) -> httpx.Response:
    return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items), "total": len(items),
                               "items": items})


def _create(sb: State, request: httpx.Request, collection: str, body: JSON,
            parent: str | None = None) -> httpx.Response:
    record = sb.add_record(_COLLECTIONS[collection], _fields(body), parent=parent)
    record.revisions.append(dict(record.data))
    out = _json(request, collection, record)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|POST", r"/v2/decisionModelDefinitions")
def definitions(sb: State, request: httpx.Request) -> httpx.Response:
    rest_auth(sb, request)
    if request.method == "POST":
        return _create(sb, request, "decisionModelDefinitions", json_body(request))
    store = sb.records["decisionModelDefinition"].values()
    return _listing(request, [_json(request, "decisionModelDefinitions", r) for r in store])


@routes("GET|PUT", r"/v2/" + _C + r"/(?P<ref>[^/]+)")
def one(sb: State, request: httpx.Request, collection: str, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    record = _get(sb, collection, ref)
    if request.method == "PUT":
        record.data = _fields(json_body(request))
        record.revisions.append(dict(record.data))
        record.modified_at = sb.now()
    return json_response(200, _json(request, collection, record))


@routes("GET", r"/v2/" + _C + r"/(?P<ref>[^/]+)/revisions")
def revisions(sb: State, request: httpx.Request, collection: str, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    record = _get(sb, collection, ref)
    return _listing(request, [_json(request, collection, record, n + 1) for n in range(len(record.revisions))])


@routes("GET", r"/v2/" + _C + r"/(?P<ref>[^/]+)/revisions/(?P<revision>[^/]+)")
def revision(sb: State, request: httpx.Request, collection: str, ref: str, revision: str) -> httpx.Response:
    rest_auth(sb, request)
    record = _get(sb, collection, ref)
    if not revision.isdigit() or not 1 <= int(revision) <= len(record.revisions):
        raise rest_error(404, f"revision {revision} of {ref} not found (revisions 1..{len(record.revisions)})")
    return json_response(200, _json(request, collection, record, int(revision)))


@routes("GET|POST", r"/v2/decisionModelDefinitions/(?P<ref>[^/]+)/variants")
def variants(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    _get(sb, "decisionModelDefinitions", ref)
    if request.method == "POST":
        return _create(sb, request, "decisionModelVariants", json_body(request), parent=ref)
    found = sb.children("decisionModelVariant", ref)
    return _listing(request, [_json(request, "decisionModelVariants", r) for r in found])

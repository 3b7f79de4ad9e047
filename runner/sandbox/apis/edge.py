"""The Cloud SDK's edge proxy of the Stream API: the paths the public Sitecore Cloud SDK calls
(github: Sitecore/Cloud-SDK, packages core and events):

- ``GET /v1/events/v1.2/browser/create.json?client_key=`` -> ``{status, version, client_key, ref}``
- ``GET /v1/events/v1.2/browser/{ref}/show.json``
- ``POST /v1/events/v1.2/events?siteId=...`` with the event as a JSON body (``client_key`` and
  ``pos`` sent empty: the edge fills them in from the context)

The tenant is named by the Sitecore Edge context id, in the ``x-sitecore-contextid`` header or the
``sitecoreContextId`` query parameter, instead of a client key."""

from __future__ import annotations

import httpx

from ..responses import JSON, body_bytes
from ..router import Routes
from ..state import State
from .stream import fail, ok, parse_message, record_event, show_browser

routes = Routes()


def _context(sb: State, request: httpx.Request) -> str:
    """The client key of the tenant the context id names (a 401 for a missing or wrong id)."""
    given = request.headers.get("x-sitecore-contextid") or request.url.params.get("sitecoreContextId")
    if not given:
        raise fail(request, sb.config.wrong_key_status, "missing Sitecore Edge context id "
                   "(x-sitecore-contextid header or sitecoreContextId query parameter)", "missing_context_id")
    if given != sb.config.edge_context_id:
        raise fail(request, sb.config.wrong_key_status, "unknown Sitecore Edge context id", "invalid_context_id")
    return sb.config.client_key


@routes("GET", r"/v1/events/v1\.2/browser/create\.json")
def browser_create(sb: State, request: httpx.Request) -> httpx.Response:
    key = _context(sb, request)
    browser = sb.create_browser()
    return ok(key, ref=browser.ref, customer_ref=browser.guest_ref)


@routes("GET", r"/v1/events/v1\.2/browser/(?P<ref>[^/]+)/show\.json")
def browser_show(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    return show_browser(sb, request, _context(sb, request), ref)


@routes("POST", r"/v1/events/v1\.2/events")
def events(sb: State, request: httpx.Request) -> httpx.Response:
    key = _context(sb, request)
    msg: JSON = parse_message(sb, request, body_bytes(request).decode("utf-8", "replace"), "JSON body")
    msg["client_key"] = key
    if not msg.get("pos") and sb.config.points_of_sale:  # the edge knows the site's point of sale
        msg["pos"] = sb.config.points_of_sale[0]
    return record_event(sb, request, key, msg)

"""Stream API v1.2: browser create/show and event create (incl. FORCE_CLOSE), with the
documented event rules of :mod:`runner.sitecore.events` enforced.

Sources: cdp/en/developers/api/troubleshooting-1153275.html (400/401/404, wrong pos),
sending-events-1166442.html and the per-event pages named in :mod:`runner.sitecore.events`."""

from __future__ import annotations

import json
from typing import Any

import httpx

from runner.sitecore.events import REQUIRED_FIELDS, lint_message

from ..constants import STREAM_VERSION
from ..responses import JSON, HttpError, iso, json_response, stream_error
from ..router import Routes
from ..state import Browser, Session, State
from .orders import order_from_checkout, order_from_order_checkout

routes = Routes()

#: rules the sandbox answers with 400 (the rest are its own session-aware checks)
_ENFORCED = {"channel", "add-product", "checkout-status", "checkout-reference", "order-checkout-order",
             "reserved-name"}


def fail(request: httpx.Request, status: int, msg: str, rule: str) -> HttpError:
    return HttpError(stream_error(request, status, msg, rule))


def _auth(sb: State, request: httpx.Request) -> str:
    params = request.url.params
    key = params.get("client_key") or params.get("api_token")
    if not key:
        raise fail(request, sb.config.wrong_key_status, "missing client_key query parameter", "missing_client_key")
    if key != sb.config.client_key:
        raise fail(request, sb.config.wrong_key_status,
                    "invalid client_key (wrong key or wrong endpoint for the tenant)", "invalid_client_key")
    return key


def ok(key: str, status: int = 200, **fields: Any) -> httpx.Response:
    return json_response(status, {"status": "OK", "version": STREAM_VERSION, "client_key": key, **fields})


@routes("GET|POST", r"/v1\.2/browser/create\.json")
def browser_create(sb: State, request: httpx.Request) -> httpx.Response:
    key = _auth(sb, request)
    # message is usually "{}"; the real content is not used, so anything is accepted.
    browser = sb.create_browser()
    return ok(key, ref=browser.ref, customer_ref=browser.guest_ref)


@routes("GET", r"/v1\.2/browser/(?P<ref>[^/]+)/show\.json")
def browser_show(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    return show_browser(sb, request, _auth(sb, request), ref)


def show_browser(sb: State, request: httpx.Request, key: str, ref: str) -> httpx.Response:
    browser = sb.browsers.get(ref)
    if browser is None:
        raise fail(request, 404, f"unknown browser ref {ref}", "unknown_browser")
    # "sessions" and "sandbox" are additions of the sandbox (not in the real answer).
    mine = {"droppedEvents": [{k: d[k] for k in ("ref", "type", "reason", "receivedAt")}
                              for d in sb.dropped_events if d.get("browserRef") == ref],
            "notes": [n for n in sb.event_notes if n.get("browserRef") == ref]}
    return ok(key, ref=browser.ref, customer={"ref": browser.guest_ref},
               sessions=[s.summary() for s in browser.sessions], sandbox=mine)


def parse_message(sb: State, request: httpx.Request, raw: str | None, where: str = "message query parameter") -> JSON:
    """The event message (JSON text) checked against the Stream API's rules, or a 400."""
    bad = sb.config.bad_message_status
    if raw is None or not raw.strip():
        raise fail(request, bad, f"missing {where} (a JSON object)", "missing_message")
    try:
        msg = json.loads(raw)
    except ValueError as e:
        raise fail(request, bad, f"message is not valid JSON: {e}", "malformed_message") from None
    if not isinstance(msg, dict):
        raise fail(request, bad, f"message must be a JSON object, got {type(msg).__name__}", "malformed_message")
    missing = [f for f in ("browser_id", "type") if msg.get(f) in (None, "")]
    if missing:
        raise fail(request, bad, f"message is missing required field(s): {', '.join(missing)}", "missing_field")
    if not isinstance(msg["type"], str):
        raise fail(request, bad, "type must be a string", "invalid_type")
    if sb.config.require_upper_case_type and msg["type"] != msg["type"].upper():
        raise fail(request, bad, f"type must be upper case, got {msg['type']!r}", "invalid_type")
    if not isinstance(msg["browser_id"], str):
        raise fail(request, bad, "browser_id must be a string", "invalid_browser_id")
    if sb.config.enforce_event_rules:
        broken = [p for p in lint_message(msg, session_fields=False) if p.rule in _ENFORCED]
        if broken:
            raise fail(request, bad, "; ".join(f"{p.field}: {p.message}" for p in broken), broken[0].rule)
    return msg


@routes("GET|POST", r"/v1\.2/event/create\.json")
def event_create(sb: State, request: httpx.Request) -> httpx.Response:
    key = _auth(sb, request)
    return record_event(sb, request, key, parse_message(sb, request, request.url.params.get("message")))


def record_event(sb: State, request: httpx.Request, key: str, msg: JSON) -> httpx.Response:
    """Record one checked event message: sessions, FORCE_CLOSE, identity and orders; 201."""
    cfg = sb.config
    etype, browser_id = msg["type"], msg["browser_id"]
    browser = sb.browsers.get(browser_id)
    if browser is None:
        raise fail(request, cfg.unknown_browser_status, f"unknown browser_id {browser_id}", "unknown_browser")

    now = sb.now()
    event_ref = sb.new_ref()
    session = _find_session(browser, msg)
    pos = msg.get("pos", session.pos if session else None)

    if etype != "FORCE_CLOSE" and session is None and cfg.require_fields:
        missing = [f for f in REQUIRED_FIELDS if msg.get(f) in (None, "")]
        if missing:
            raise fail(request, cfg.bad_message_status,
                        f"first event of a session is missing required field(s): {', '.join(missing)}",
                        "missing_field")
    if pos is not None and cfg.points_of_sale and pos not in cfg.points_of_sale:
        # As the real API: accepted, but never shows up.
        sb.dropped_events.append({"ref": event_ref, "type": etype, "browserRef": browser.ref,
                                  "reason": f"unknown pos {pos!r} (not a point of sale of this tenant)",
                                  "message": msg, "receivedAt": iso(now)})
        return ok(key, 201, ref=event_ref)

    event = {
        "ref": event_ref,
        "type": etype,
        "browserRef": browser.ref,
        "guestRef": browser.guest_ref,
        "channel": msg.get("channel", session.channel if session else None),
        "pos": pos,
        "language": msg.get("language", session.language if session else None),
        "currency": msg.get("currency", session.currency if session else None),
        "page": msg.get("page"),
        "createdAt": iso(now),
        "message": msg,
        "sessionRef": None,
    }

    if etype == "FORCE_CLOSE":
        targets = browser.open_sessions()
        for s in targets:
            s.status, s.closed_at, s.close_reason = "CLOSED", now, "FORCE_CLOSE"
            s.last_event_at = now
        if targets:
            event["sessionRef"] = targets[-1].ref
            targets[-1].events.append(event)
        sb.events.append(event)
        return ok(key, 201, ref=event_ref)

    if session is None:
        session = Session(
            ref=sb.new_ref(), browser_ref=browser.ref, guest_ref=browser.guest_ref,
            channel=event["channel"], pos=pos, language=event["language"], currency=event["currency"],
            started_at=now, last_event_at=now,
        )
        browser.sessions.append(session)
        sb.sessions[session.ref] = session
    session.last_event_at = now
    event["sessionRef"] = session.ref
    session.events.append(event)
    sb.events.append(event)
    _apply_event(sb, browser, session, event)
    return ok(key, 201, ref=event_ref)


def _find_session(browser: Browser, msg: JSON) -> Session | None:
    """The open session an event belongs to: same channel and pos when given, else the latest."""
    for s in reversed(browser.open_sessions()):
        if "channel" in msg and msg["channel"] != s.channel:
            continue
        if "pos" in msg and msg["pos"] != s.pos:
            continue
        return s
    return None


def _note(sb: State, event: JSON, reason: str) -> None:
    sb.event_notes.append({"ref": event["ref"], "type": event["type"], "browserRef": event["browserRef"],
                           "reason": reason})


def _apply_event(sb: State, browser: Browser, session: Session, event: JSON) -> None:
    guest = sb.guests.get(browser.guest_ref)
    if guest is None:
        return
    msg, etype = event["message"], event["type"]
    if etype == "IDENTITY":
        _identify(sb, guest, event)
    elif etype == "CHECKOUT":
        order_from_checkout(sb, guest, session, msg)
    elif etype == "ORDER_CHECKOUT":
        if guest.data.get("guestType") != "customer":
            # order_checkout-event-1166459.html: the guest must be identified first
            _note(sb, event, "ORDER_CHECKOUT for a guest not identified as a customer: no order created")
        else:
            order_from_order_checkout(sb, guest, msg)


def _identify(sb: State, guest: Any, event: JSON) -> None:
    msg = event["message"]
    idents = msg.get("identifiers")
    valid = isinstance(idents, list) and idents and all(
        isinstance(i, dict) and i.get("provider") and i.get("id") for i in idents)
    if not valid:
        # identity-event-1166467.html (data model 2.1): without identifiers the guest is not identified
        _note(sb, event, "IDENTITY without identifiers [{provider, id}]: the guest is not identified")
        return
    d = guest.data
    for src, dst in (("email", "email"), ("firstname", "firstName"), ("lastname", "lastName"),
                     ("title", "title"), ("gender", "gender"), ("dob", "dateOfBirth"), ("phone", "phone")):
        if msg.get(src) not in (None, ""):
            d[dst] = msg[src]
    if msg.get("email"):
        emails = d.setdefault("emails", [])
        if msg["email"] not in emails:
            emails.append(msg["email"])
    have = d.setdefault("identifiers", [])
    for ident in idents:
        if ident not in have:
            have.append(ident)
    if d.get("guestType") == "visitor":
        d["guestType"] = "customer"
    guest.modified_at = sb.now()

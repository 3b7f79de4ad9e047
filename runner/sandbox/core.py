"""The sandbox itself: state plus a request handler (``httpx.Request -> httpx.Response``).

Everything here is synchronous and free of I/O; :mod:`runner.sandbox.server` adapts the same
:meth:`Sandbox.handle` to ASGI for uvicorn.

What is certain about the real APIs (see ``/work/shared/reference/sitecore-cdp.md``) is
followed; where the real behaviour is unknown the sandbox is lenient, and its choices can be
changed through :class:`SandboxConfig`. Additions that the real APIs are not known to have
(e.g. ``sessions`` in ``show.json``) are marked as such in the docstrings.
"""

from __future__ import annotations

import base64
import binascii
import collections
import dataclasses
import hashlib
import json
import random
import re
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import parse_qsl, unquote

import httpx

from .constants import (
    API_TOKEN,
    CLIENT_KEY,
    EXTENSION_MAX_KEYS,
    EXTENSION_NAMES,
    GUEST_TYPES,
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    POS,
    REQUIRED_FIRST_EVENT_FIELDS,
    SANDBOX_HOST,
    STREAM_VERSION,
)

__all__ = ["Sandbox", "SandboxConfig", "Browser", "Session", "Guest"]

JSON = dict[str, Any]
_CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
_STATUS_WORDS = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    500: "INTERNAL_SERVER_ERROR",
}


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class SandboxConfig:
    """Behaviour knobs. Defaults follow the reference; change them where a tenant differs."""

    client_key: str = CLIENT_KEY
    api_token: str = API_TOKEN
    #: Points of sale configured in the "tenant". Events with another ``pos`` are answered
    #: 201 but not recorded (as the real API). An empty tuple accepts any pos.
    points_of_sale: tuple[str, ...] = (POS,)
    oauth_client_id: str = OAUTH_CLIENT_ID
    oauth_client_secret: str = OAUTH_CLIENT_SECRET

    #: Status for a missing or wrong client key on the Stream API (real: 401; some say 403).
    wrong_key_status: int = 401
    #: Require the documented field set on the first event of a session.
    require_fields: bool = True
    #: Reject event types that are not upper case with 400.
    require_upper_case_type: bool = True
    #: Status for a malformed message / missing field on the Stream API.
    bad_message_status: int = 400
    #: Status for an event naming an unknown browser.
    unknown_browser_status: int = 404
    #: Close sessions after this many seconds without events (``None``: never, the default,
    #: so runs are deterministic; the real tenant setting is often 20 minutes).
    session_timeout: float | None = None

    #: Let the REST APIs also accept a Bearer token issued by ``/oauth/token``.
    rest_accepts_bearer: bool = True

    #: Canned ``/v2/callFlows`` answers per friendlyId: a dict (returned as is) or a
    #: callable ``(request_body: dict, guest_ref: str) -> dict``.
    flow_responses: Mapping[str, Any] = field(default_factory=dict)
    #: With ``strict_flows`` an unknown friendlyId is answered 404.
    strict_flows: bool = False

    #: Lifetime of issued access tokens, seconds.
    token_ttl: int = 3600
    #: ``scope`` reported for tokens when the request names none.
    token_scope: str = "sandbox.destination"
    #: Status of successful writes to the fake destination.
    destination_status: int = 202

    #: Clock (seconds since the epoch); replace to test timeouts and token expiry.
    clock: Callable[[], float] = time.time
    #: Re-raise handler exceptions instead of answering 500 (useful while debugging).
    raise_errors: bool = False


# --------------------------------------------------------------------------- state


@dataclass
class Session:
    ref: str
    browser_ref: str
    guest_ref: str
    channel: str | None
    pos: str | None
    language: str | None
    currency: str | None
    started_at: float
    last_event_at: float
    status: str = "OPEN"  # or "CLOSED"
    closed_at: float | None = None
    close_reason: str | None = None  # "FORCE_CLOSE" or "TIMEOUT"
    events: list[JSON] = field(default_factory=list)

    def summary(self) -> JSON:
        return {
            "ref": self.ref,
            "status": self.status,
            "channel": self.channel,
            "pos": self.pos,
            "browserRef": self.browser_ref,
            "events": len(self.events),
            "eventTypes": [e["type"] for e in self.events],
            "startedAt": _iso(self.started_at),
            "lastEventAt": _iso(self.last_event_at),
            "closedAt": _iso(self.closed_at) if self.closed_at is not None else None,
            "closeReason": self.close_reason,
        }


@dataclass
class Browser:
    ref: str
    guest_ref: str
    created_at: float
    sessions: list[Session] = field(default_factory=list)

    def open_sessions(self) -> list[Session]:
        return [s for s in self.sessions if s.status == "OPEN"]


@dataclass
class Guest:
    ref: str
    data: JSON  # REST-visible fields: guestType, firstName, email, identifiers, ...
    created_at: float
    modified_at: float
    browsers: list[str] = field(default_factory=list)
    #: v2.1 data extensions: name -> flat fields
    extensions: dict[str, JSON] = field(default_factory=dict)
    #: legacy v2 data extensions: "extName" -> list of entries (each with ref and key)
    legacy_extensions: dict[str, list[JSON]] = field(default_factory=dict)


@dataclass
class Token:
    access_token: str
    client_id: str
    scope: str
    audience: str | None
    issued_at: float
    expires_at: float


class _Error(Exception):
    """Raised inside handlers; turned into a response by the router."""

    def __init__(self, response: httpx.Response):
        super().__init__(response.status_code)
        self.response = response


# --------------------------------------------------------------------------- helpers


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode("utf-8")
    hdrs = {"Content-Type": "application/json"}
    if headers:
        hdrs.update(headers)
    return httpx.Response(status, content=content, headers=hdrs)


def _body_bytes(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return request.read()


def _is_primitive(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _route(methods: str, pattern: str):
    def deco(fn):
        fn._route = (tuple(methods.split("|")), re.compile("^" + pattern + "$"))
        return fn

    return deco


# --------------------------------------------------------------------------- sandbox


class Sandbox:
    """A stateful stand-in for the Sitecore CDP / Personalize APIs.

    ``Sandbox(seed=1)`` makes every ref and token deterministic. Keyword arguments other than
    ``seed`` override fields of ``config`` (``Sandbox(wrong_key_status=403)``).
    """

    def __init__(self, config: SandboxConfig | None = None, *, seed: int | None = None, **overrides: Any):
        cfg = config or SandboxConfig()
        if overrides:
            cfg = dataclasses.replace(cfg, **overrides)
        self.config = cfg
        self.seed = seed
        self._lock = threading.RLock()
        self._routes = [
            (m._route[0], m._route[1], m)
            for name in dir(type(self))
            if (m := getattr(self, name, None)) is not None and hasattr(m, "_route")
        ]
        # most specific (longest) patterns first, so ".../extensions/x" beats ".../{ref}"
        self._routes.sort(key=lambda r: -len(r[1].pattern))
        self.reset()

    # ---- state ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all state (browsers, guests, sessions, tokens, logs)."""
        with self._lock:
            self._rng = random.Random(self.seed) if self.seed is not None else None
            self.browsers: dict[str, Browser] = {}
            self.guests: dict[str, Guest] = {}
            self.sessions: dict[str, Session] = {}
            #: every recorded event, in order (each also lives in its session)
            self.events: list[JSON] = []
            #: events answered 201 but not recorded (e.g. wrong pos), with a ``reason``
            self.dropped_events: list[JSON] = []
            self.tokens: dict[str, Token] = {}
            #: fake destination: email -> last JSON body received
            self.destination: dict[str, Any] = {}
            #: every call to the fake destination: {method, email, body, headers}
            self.destination_log: list[JSON] = []
            #: (method, url, status) of the last 1000 requests
            self.request_log: collections.deque = collections.deque(maxlen=1000)

    def _now(self) -> float:
        return float(self.config.clock())

    def new_ref(self) -> str:
        if self._rng is None:
            return str(uuid.uuid4())
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def create_guest(self, guest_type: str = "visitor", **fields: Any) -> Guest:
        """Create a guest directly (Python API, e.g. to seed a test)."""
        with self._lock:
            now = self._now()
            guest = Guest(ref=self.new_ref(), data={"guestType": guest_type, **fields}, created_at=now, modified_at=now)
            self.guests[guest.ref] = guest
            return guest

    def create_browser(self) -> Browser:
        """Create a browser and its (visitor) guest, as ``browser/create.json`` does."""
        with self._lock:
            guest = self.create_guest("visitor")
            browser = Browser(ref=self.new_ref(), guest_ref=guest.ref, created_at=self._now())
            guest.browsers.append(browser.ref)
            self.browsers[browser.ref] = browser
            return browser

    def issue_token(self, scope: str | None = None, audience: str | None = None) -> str:
        """Issue an access token as ``/oauth/token`` would and return it."""
        with self._lock:
            now = self._now()
            tok = "sbx-" + self.new_ref().replace("-", "")
            self.tokens[tok] = Token(
                tok, self.config.oauth_client_id, scope or self.config.token_scope, audience, now, now + self.config.token_ttl
            )
            return tok

    def _expire_sessions(self) -> None:
        timeout = self.config.session_timeout
        if timeout is None:
            return
        now = self._now()
        for s in self.sessions.values():
            if s.status == "OPEN" and now - s.last_event_at >= timeout:
                s.status, s.closed_at, s.close_reason = "CLOSED", s.last_event_at + timeout, "TIMEOUT"

    # ---- transports -------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """An in-process transport (no sockets) for ``httpx.Client(transport=...)`` or mounts."""
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        """The same for ``httpx.AsyncClient`` (``MockTransport`` serves both)."""
        return httpx.MockTransport(self.handle)

    # ---- dispatch ---------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request. Thread-safe; never does I/O."""
        with self._lock:
            try:
                response = self._dispatch(request)
            except _Error as e:
                response = e.response
            except Exception as e:  # pragma: no cover - defensive
                if self.config.raise_errors:
                    raise
                response = json_response(
                    500,
                    {"status": 500, "error": "internal_error", "message": f"sandbox bug: {e!r}",
                     "trace": traceback.format_exc().splitlines()[-3:]},
                )
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
            self.request_log.append((request.method, str(request.url), response.status_code))
            return response

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return self.handle(request)

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        self._expire_sessions()
        path = request.url.path
        if len(path) > 1:
            path = path.rstrip("/")
        method = request.method.upper()
        if method == "OPTIONS":  # CORS preflight, so a browser page can call the sandbox
            return httpx.Response(
                204,
                headers={
                    "Access-Control-Allow-Origin": "*",
                    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
                    "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers", "*"),
                    "Access-Control-Max-Age": "600",
                },
            )
        allowed: list[str] = []
        for methods, pattern, handler in self._routes:
            m = pattern.match(path)
            if not m:
                continue
            if method in methods or (method == "HEAD" and "GET" in methods):
                return handler(request, **m.groupdict())  # url.path is already percent-decoded
            allowed.extend(methods)
        if allowed:
            body = {"status": 405, "code": 405, "message": f"method {method} not allowed on {path}",
                    "allowed": sorted(set(allowed))}
            if path.startswith("/v1.2/"):
                return self._stream_error(request, 405, f"method {method} not allowed on {path}", "method_not_allowed")
            return json_response(405, body, {"Allow": ", ".join(sorted(set(allowed)))})
        if path.startswith("/v1.2/"):
            return self._stream_error(request, 404, f"no Stream API resource at {path}", "not_found")
        return json_response(404, {"status": 404, "code": 404, "error": "not_found",
                                   "message": f"no sandbox route for {method} {path}"})

    @staticmethod
    def _base(request: httpx.Request) -> str:
        return f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"

    # ================================================================= Stream API v1.2

    def _stream_error(self, request: httpx.Request, status: int, msg: str, rule: str) -> httpx.Response:
        params = request.url.params
        return json_response(
            status,
            {
                "status": _STATUS_WORDS.get(status, "ERROR"),
                "version": STREAM_VERSION,
                "client_key": params.get("client_key") or params.get("api_token") or "",
                "error_msg": msg,
                "moreInfo": f"https://{SANDBOX_HOST}/errors#{rule}",
            },
        )

    def _stream_fail(self, request: httpx.Request, status: int, msg: str, rule: str) -> _Error:
        return _Error(self._stream_error(request, status, msg, rule))

    def _stream_auth(self, request: httpx.Request) -> str:
        params = request.url.params
        key = params.get("client_key") or params.get("api_token")
        if not key:
            raise self._stream_fail(request, self.config.wrong_key_status,
                                    "missing client_key query parameter", "missing_client_key")
        if key != self.config.client_key:
            raise self._stream_fail(request, self.config.wrong_key_status,
                                    "invalid client_key (wrong key or wrong endpoint for the tenant)", "invalid_client_key")
        return key

    def _ok(self, key: str, status: int = 200, **fields: Any) -> httpx.Response:
        return json_response(status, {"status": "OK", "version": STREAM_VERSION, "client_key": key, **fields})

    @_route("GET|POST", r"/v1\.2/browser/create\.json")
    def _browser_create(self, request: httpx.Request) -> httpx.Response:
        key = self._stream_auth(request)
        # message is usually "{}"; the real content is not used, so anything is accepted.
        browser = self.create_browser()
        return self._ok(key, ref=browser.ref, customer_ref=browser.guest_ref)

    @_route("GET", r"/v1\.2/browser/(?P<ref>[^/]+)/show\.json")
    def _browser_show(self, request: httpx.Request, ref: str) -> httpx.Response:
        key = self._stream_auth(request)
        browser = self.browsers.get(ref)
        if browser is None:
            raise self._stream_fail(request, 404, f"unknown browser ref {ref}", "unknown_browser")
        # "sessions" is an addition of the sandbox (not known in the real answer).
        return self._ok(key, ref=browser.ref, customer={"ref": browser.guest_ref},
                        sessions=[s.summary() for s in browser.sessions])

    @_route("GET|POST", r"/v1\.2/event/create\.json")
    def _event_create(self, request: httpx.Request) -> httpx.Response:
        cfg = self.config
        key = self._stream_auth(request)
        bad = cfg.bad_message_status
        raw = request.url.params.get("message")
        if raw is None or not raw.strip():
            raise self._stream_fail(request, bad, "missing message query parameter (a JSON object)", "missing_message")
        try:
            msg = json.loads(raw)
        except ValueError as e:
            raise self._stream_fail(request, bad, f"message is not valid JSON: {e}", "malformed_message")
        if not isinstance(msg, dict):
            raise self._stream_fail(request, bad, f"message must be a JSON object, got {type(msg).__name__}",
                                    "malformed_message")
        missing = [f for f in ("browser_id", "type") if msg.get(f) in (None, "")]
        if missing:
            raise self._stream_fail(request, bad, f"message is missing required field(s): {', '.join(missing)}",
                                    "missing_field")
        etype, browser_id = msg["type"], msg["browser_id"]
        if not isinstance(etype, str):
            raise self._stream_fail(request, bad, "type must be a string", "invalid_type")
        if cfg.require_upper_case_type and etype != etype.upper():
            raise self._stream_fail(request, bad, f"type must be upper case, got {etype!r}", "invalid_type")
        if not isinstance(browser_id, str):
            raise self._stream_fail(request, bad, "browser_id must be a string", "invalid_browser_id")
        browser = self.browsers.get(browser_id)
        if browser is None:
            raise self._stream_fail(request, cfg.unknown_browser_status, f"unknown browser_id {browser_id}",
                                    "unknown_browser")

        now = self._now()
        event_ref = self.new_ref()
        session = self._find_session(browser, msg)
        pos = msg.get("pos", session.pos if session else None)

        if etype != "FORCE_CLOSE" and session is None and cfg.require_fields:
            missing = [f for f in REQUIRED_FIRST_EVENT_FIELDS if msg.get(f) in (None, "")]
            if missing:
                raise self._stream_fail(
                    request, bad,
                    f"first event of a session is missing required field(s): {', '.join(missing)}",
                    "missing_field",
                )
        if pos is not None and cfg.points_of_sale and pos not in cfg.points_of_sale:
            # As the real API: accepted, but never shows up.
            self.dropped_events.append({"ref": event_ref, "reason": f"unknown pos {pos!r}", "message": msg,
                                        "receivedAt": _iso(now)})
            return self._ok(key, 201, ref=event_ref)

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
            "createdAt": _iso(now),
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
            self.events.append(event)
            return self._ok(key, 201, ref=event_ref)

        if session is None:
            session = Session(
                ref=self.new_ref(), browser_ref=browser.ref, guest_ref=browser.guest_ref,
                channel=event["channel"], pos=pos, language=event["language"], currency=event["currency"],
                started_at=now, last_event_at=now,
            )
            browser.sessions.append(session)
            self.sessions[session.ref] = session
        session.last_event_at = now
        event["sessionRef"] = session.ref
        session.events.append(event)
        self.events.append(event)
        self._apply_event(browser, msg)
        return self._ok(key, 201, ref=event_ref)

    def _find_session(self, browser: Browser, msg: JSON) -> Session | None:
        """The open session an event belongs to: same channel and pos when given, else the latest."""
        for s in reversed(browser.open_sessions()):
            if "channel" in msg and msg["channel"] != s.channel:
                continue
            if "pos" in msg and msg["pos"] != s.pos:
                continue
            return s
        return None

    def _apply_event(self, browser: Browser, msg: JSON) -> None:
        guest = self.guests.get(browser.guest_ref)
        if guest is None:
            return
        if msg["type"] == "IDENTITY":
            d = guest.data
            for src, dst in (("email", "email"), ("firstname", "firstName"), ("lastname", "lastName"),
                             ("title", "title"), ("gender", "gender"), ("dob", "dateOfBirth"), ("phone", "phone")):
                if msg.get(src) not in (None, ""):
                    d[dst] = msg[src]
            if msg.get("email"):
                emails = d.setdefault("emails", [])
                if msg["email"] not in emails:
                    emails.append(msg["email"])
            idents = msg.get("identifiers")
            if isinstance(idents, list):
                have = d.setdefault("identifiers", [])
                for ident in idents:
                    if isinstance(ident, dict) and ident not in have:
                        have.append(ident)
            if d.get("guestType") == "visitor":
                d["guestType"] = "customer"
            guest.modified_at = self._now()

    # ================================================================= REST (Basic auth)

    def _rest_error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> _Error:
        # Shape not publicly confirmed; modelled on the legacy Boxever REST errors.
        return _Error(json_response(
            status,
            {"status": status, "code": status, "message": message, "developerMessage": message,
             "moreInfo": f"https://{SANDBOX_HOST}/errors#rest"},
            headers,
        ))

    def _rest_auth(self, request: httpx.Request) -> None:
        auth = request.headers.get("Authorization", "")
        scheme, _, cred = auth.partition(" ")
        cred = cred.strip()
        if scheme.lower() == "basic":
            user, pwd = _decode_basic(cred)
            if user == self.config.client_key and pwd == self.config.api_token:
                return
            raise self._rest_error(401, "invalid credentials (Basic: client key / API token)",
                                   {"WWW-Authenticate": 'Basic realm="cdp-runner sandbox"'})
        if scheme.lower() == "bearer" and self.config.rest_accepts_bearer and self._token_valid(cred):
            return
        raise self._rest_error(401, "authentication required (HTTP Basic: client key / API token)",
                               {"WWW-Authenticate": 'Basic realm="cdp-runner sandbox"'})

    def _json_body(self, request: httpx.Request, *, allow_empty: bool = False) -> JSON:
        raw = _body_bytes(request)
        if not raw.strip():
            if allow_empty:
                return {}
            raise self._rest_error(400, "request body must be a JSON object")
        try:
            body = json.loads(raw)
        except ValueError as e:
            raise self._rest_error(400, f"request body is not valid JSON: {e}")
        if not isinstance(body, dict):
            raise self._rest_error(400, f"request body must be a JSON object, got {type(body).__name__}")
        return body

    def _guest(self, ref: str) -> Guest:
        guest = self.guests.get(ref)
        if guest is None:
            raise self._rest_error(404, f"guest {ref} not found")
        return guest

    def _guest_json(self, request: httpx.Request, guest: Guest, version: str = "v2.1") -> JSON:
        base = f"{self._base(request)}/{version}/guests/{guest.ref}"
        sessions = [s.summary() for b in guest.browsers if b in self.browsers for s in self.browsers[b].sessions]
        out = {"href": base, "ref": guest.ref, **guest.data,
               "createdAt": _iso(guest.created_at), "modifiedAt": _iso(guest.modified_at),
               "browsers": list(guest.browsers), "sessions": sessions}
        if version == "v2.1":
            out["extensions"] = [{"name": n, "href": f"{base}/extensions/{n}"} for n in guest.extensions]
        else:
            out["extensions"] = [{"name": n, "href": f"{base}/{n}"} for n in guest.legacy_extensions]
        return out

    def _validate_guest_fields(self, body: JSON, *, require_type: bool) -> JSON:
        fields = {k: v for k, v in body.items() if k not in ("ref", "href", "createdAt", "modifiedAt",
                                                             "sessions", "browsers", "extensions")}
        gt = fields.get("guestType")
        if gt is None and require_type:
            raise self._rest_error(400, f"guestType is required (one of {', '.join(GUEST_TYPES)})")
        if gt is not None and gt not in GUEST_TYPES:
            raise self._rest_error(400, f"guestType must be one of {', '.join(GUEST_TYPES)}, got {gt!r}")
        idents = fields.get("identifiers")
        if idents is not None:
            if not isinstance(idents, list) or not all(
                isinstance(i, dict) and i.get("provider") and i.get("id") for i in idents
            ):
                raise self._rest_error(400, "identifiers must be a list of {provider, id} objects")
        emails = fields.get("emails")
        if emails is not None and not (isinstance(emails, list) and all(isinstance(e, str) for e in emails)):
            raise self._rest_error(400, "emails must be a list of strings")
        return fields

    def _find_guests(self, request: httpx.Request) -> list[Guest]:
        params = request.url.params
        email = params.get("email")
        provider = params.get("identifiers.provider")
        ident = params.get("identifiers.id")
        out = []
        for g in self.guests.values():
            d = g.data
            if email and email != d.get("email") and email not in (d.get("emails") or []):
                continue
            if provider or ident:
                if not any((not provider or i.get("provider") == provider) and (not ident or i.get("id") == ident)
                           for i in d.get("identifiers") or []):
                    continue
            out.append(g)
        return out

    def _guest_list(self, request: httpx.Request, version: str) -> httpx.Response:
        self._rest_auth(request)
        params = request.url.params
        try:
            offset = int(params.get("offset", 0))
            limit = int(params.get("limit", 10))
        except ValueError:
            raise self._rest_error(400, "offset and limit must be integers")
        found = self._find_guests(request)
        items = [self._guest_json(request, g, version) for g in found[offset:offset + limit]]
        return json_response(200, {"href": str(request.url), "offset": offset, "limit": limit,
                                   "total": len(found), "items": items})

    # ---- v2.1 guests ------------------------------------------------------------------

    @_route("GET|POST", r"/v2\.1/guests")
    def _v21_guests(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" or request.method == "HEAD":
            return self._guest_list(request, "v2.1")
        self._rest_auth(request)
        fields = self._validate_guest_fields(self._json_body(request), require_type=True)
        guest = self.create_guest(**fields)
        out = self._guest_json(request, guest)
        return json_response(201, out, {"Location": out["href"]})

    @_route("GET|PUT|PATCH|DELETE", r"/v2\.1/guests/(?P<ref>[^/]+)")
    def _v21_guest(self, request: httpx.Request, ref: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        method = request.method
        if method == "DELETE":
            self._delete_guest(guest)
            return httpx.Response(204)
        if method in ("PUT", "PATCH"):
            fields = self._validate_guest_fields(self._json_body(request), require_type=method == "PUT")
            if method == "PUT":
                guest.data = fields
            else:
                guest.data.update(fields)
            guest.modified_at = self._now()
        return json_response(200, self._guest_json(request, guest))

    def _delete_guest(self, guest: Guest) -> None:
        for b in guest.browsers:
            browser = self.browsers.pop(b, None)
            for s in browser.sessions if browser else []:
                self.sessions.pop(s.ref, None)
        del self.guests[guest.ref]

    # ---- v2.1 data extensions ---------------------------------------------------------

    def _ext_json(self, request: httpx.Request, guest: Guest, name: str) -> JSON:
        return {"href": f"{self._base(request)}/v2.1/guests/{guest.ref}/extensions/{name}", "name": name,
                **guest.extensions[name]}

    def _validate_extension(self, guest: Guest, name: str, fields: JSON) -> None:
        if name not in EXTENSION_NAMES:
            raise self._rest_error(400, f"extension name must be one of {', '.join(EXTENSION_NAMES)}, got {name!r}")
        if len(fields) > EXTENSION_MAX_KEYS:
            raise self._rest_error(400, f"an extension holds at most {EXTENSION_MAX_KEYS} keys, got {len(fields)}")
        for k, v in fields.items():
            if not _CAMEL_CASE.match(k):
                raise self._rest_error(400, f"extension key {k!r} is not camelCase")
            if not _is_primitive(v):
                raise self._rest_error(400, f"extension value of {k!r} must be a primitive (no objects or arrays)")
        for other, ofields in guest.extensions.items():
            if other == name:
                continue
            dup = sorted(set(fields) & set(ofields))
            if dup:
                raise self._rest_error(
                    409, f"key(s) {', '.join(dup)} already used by extension {other!r} of this guest")

    @_route("GET|POST", r"/v2\.1/guests/(?P<ref>[^/]+)/extensions")
    def _v21_extensions(self, request: httpx.Request, ref: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        if request.method in ("GET", "HEAD"):
            items = [self._ext_json(request, guest, n) for n in guest.extensions]
            return json_response(200, {"href": str(request.url), "items": items})
        body = self._json_body(request)
        name = body.pop("name", None)
        if not name:
            raise self._rest_error(400, f"name is required (one of {', '.join(EXTENSION_NAMES)})")
        if name in guest.extensions:
            raise self._rest_error(409, f"extension {name!r} already exists for this guest; use PUT or PATCH")
        self._validate_extension(guest, name, body)
        guest.extensions[name] = body
        guest.modified_at = self._now()
        out = self._ext_json(request, guest, name)
        return json_response(201, out, {"Location": out["href"]})

    @_route("GET|PUT|PATCH|DELETE", r"/v2\.1/guests/(?P<ref>[^/]+)/extensions/(?P<name>[^/]+)")
    def _v21_extension(self, request: httpx.Request, ref: str, name: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        if name not in guest.extensions:
            raise self._rest_error(404, f"extension {name!r} not found for guest {ref}")
        if request.method == "DELETE":
            del guest.extensions[name]
            return httpx.Response(204)
        if request.method in ("PUT", "PATCH"):
            body = self._json_body(request)
            body_name = body.pop("name", name)
            if body_name != name:
                raise self._rest_error(400, f"name in body ({body_name!r}) does not match the URL ({name!r})")
            fields = body if request.method == "PUT" else {**guest.extensions[name], **body}
            self._validate_extension(guest, name, fields)
            guest.extensions[name] = fields
            guest.modified_at = self._now()
        return json_response(200, self._ext_json(request, guest, name))

    # ---- legacy v2 ---------------------------------------------------------------------

    @_route("GET|POST", r"/v2/guests")
    def _v2_guests(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("GET", "HEAD"):
            return self._guest_list(request, "v2")
        self._rest_auth(request)
        fields = self._validate_guest_fields(self._json_body(request), require_type=False)
        fields.setdefault("guestType", "visitor")
        guest = self.create_guest(**fields)
        out = self._guest_json(request, guest, "v2")
        return json_response(201, out, {"Location": out["href"]})

    @_route("GET|POST|PUT", r"/v2/guests/(?P<ref>[^/]+)")
    def _v2_guest(self, request: httpx.Request, ref: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        if request.method in ("POST", "PUT"):
            fields = self._validate_guest_fields(self._json_body(request), require_type=False)
            guest.data.update(fields)
            guest.modified_at = self._now()
        return json_response(200, self._guest_json(request, guest, "v2"))

    def _legacy_entry_json(self, request: httpx.Request, guest: Guest, ext: str, entry: JSON) -> JSON:
        return {"href": f"{self._base(request)}/v2/guests/{guest.ref}/{ext}/{entry['ref']}", **entry}

    def _legacy_fields(self, body: JSON) -> JSON:
        for k, v in body.items():
            if not _is_primitive(v):
                raise self._rest_error(400, f"extension value of {k!r} must be a primitive (no objects or arrays)")
        if len(body) > EXTENSION_MAX_KEYS + 1:
            raise self._rest_error(400, f"an extension holds at most {EXTENSION_MAX_KEYS} keys")
        return body

    @_route("GET|POST", r"/v2/guests/(?P<ref>[^/]+)/(?P<ext>ext[A-Za-z0-9_]*)")
    def _v2_extensions(self, request: httpx.Request, ref: str, ext: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        entries = guest.legacy_extensions.get(ext, [])
        if request.method in ("GET", "HEAD"):
            items = [self._legacy_entry_json(request, guest, ext, e) for e in entries]
            return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items), "items": items})
        body = self._legacy_fields({k: v for k, v in self._json_body(request).items() if k not in ("ref", "href")})
        key = body.setdefault("key", "default")
        for entry in entries:
            if entry.get("key") == key:  # same key: update in place
                entry.update(body)
                return json_response(200, self._legacy_entry_json(request, guest, ext, entry))
        entry = {"ref": self.new_ref(), "name": ext, **body}
        guest.legacy_extensions.setdefault(ext, []).append(entry)
        guest.modified_at = self._now()
        out = self._legacy_entry_json(request, guest, ext, entry)
        return json_response(201, out, {"Location": out["href"]})

    @_route("GET|POST|DELETE", r"/v2/guests/(?P<ref>[^/]+)/(?P<ext>ext[A-Za-z0-9_]*)/(?P<ext_ref>[^/]+)")
    def _v2_extension(self, request: httpx.Request, ref: str, ext: str, ext_ref: str) -> httpx.Response:
        self._rest_auth(request)
        guest = self._guest(ref)
        entries = guest.legacy_extensions.get(ext, [])
        entry = next((e for e in entries if e["ref"] == ext_ref), None)
        if entry is None:
            raise self._rest_error(404, f"{ext} entry {ext_ref} not found for guest {ref}")
        if request.method == "DELETE":
            entries.remove(entry)
            if not entries:
                guest.legacy_extensions.pop(ext, None)
            return httpx.Response(204)
        if request.method == "POST":
            entry.update(self._legacy_fields({k: v for k, v in self._json_body(request).items()
                                              if k not in ("ref", "href", "name")}))
        return json_response(200, self._legacy_entry_json(request, guest, ext, entry))

    # ================================================================= Personalize flows

    @_route("POST", r"/v2/callFlows")
    def _call_flows(self, request: httpx.Request) -> httpx.Response:
        body = self._json_body(request)
        client_key = body.get("clientKey")
        if client_key != self.config.client_key:
            try:  # lenient: Basic auth also identifies the tenant
                self._rest_auth(request)
            except _Error:
                raise self._rest_error(self.config.wrong_key_status, "missing or invalid clientKey")
        friendly_id = body.get("friendlyId")
        if not friendly_id or not isinstance(friendly_id, str):
            raise self._rest_error(400, "friendlyId is required")
        browser_id = body.get("browserId")
        guest: Guest | None = None
        if browser_id:
            browser = self.browsers.get(browser_id)
            if browser is None:
                raise self._rest_error(404, f"unknown browserId {browser_id}")
            guest = self.guests.get(browser.guest_ref)
        elif body.get("email"):
            matches = [g for g in self.guests.values()
                       if body["email"] == g.data.get("email") or body["email"] in (g.data.get("emails") or [])]
            if not matches:
                raise self._rest_error(404, f"no guest with email {body['email']}")
            guest = matches[0]
        else:
            raise self._rest_error(400, "browserId (or email) is required")
        guest_ref = guest.ref if guest else ""

        canned = self.config.flow_responses.get(friendly_id)
        if canned is not None:
            out = canned(body, guest_ref) if callable(canned) else canned
            return json_response(200, out)
        if self.config.strict_flows:
            raise self._rest_error(404, f"no flow with friendlyId {friendly_id!r}")

        digest = hashlib.sha256(f"{friendly_id}|{guest_ref}".encode()).hexdigest()
        variant = "A" if int(digest[0], 16) % 2 == 0 else "B"
        execution_ref = str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{SANDBOX_HOST}/flows/{friendly_id}/{guest_ref}"))
        return json_response(200, {
            "friendlyId": friendly_id,
            "flowExecutionRef": execution_ref,
            "guestRef": guest_ref,
            "browserId": browser_id,
            "channel": body.get("channel"),
            "language": body.get("language"),
            "currencyCode": body.get("currencyCode"),
            "pointOfSale": body.get("pointOfSale"),
            "variant": variant,
            "decision": {
                "offers": [
                    {"ref": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{execution_ref}/offer/{i}")),
                     "name": f"{friendly_id} offer {i}", "rank": i, "score": round(1 - i / 10, 2)}
                    for i in (1, 2)
                ],
            },
            "sandbox": True,
        })

    # ================================================================= OAuth + destination

    def _token_valid(self, token: str) -> bool:
        tok = self.tokens.get(token)
        return tok is not None and self._now() < tok.expires_at

    @_route("POST", r"/oauth/token")
    def _oauth_token(self, request: httpx.Request) -> httpx.Response:
        raw = _body_bytes(request)
        ctype = request.headers.get("Content-Type", "")
        form: dict[str, Any]
        if "json" in ctype:
            try:
                form = json.loads(raw or b"{}")
            except ValueError:
                form = {}
            if not isinstance(form, dict):
                form = {}
        else:
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        no_store = {"Cache-Control": "no-store", "Pragma": "no-cache"}

        auth = request.headers.get("Authorization", "")
        scheme, _, cred = auth.partition(" ")
        via_header = scheme.lower() == "basic"
        if via_header:
            cid, secret = _decode_basic(cred.strip())
            # RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding
            cid, secret = unquote(cid.replace("+", " ")), unquote(secret.replace("+", " "))
        else:
            cid, secret = form.get("client_id"), form.get("client_secret")
        if cid != self.config.oauth_client_id or secret != self.config.oauth_client_secret:
            headers = dict(no_store)
            if via_header:
                headers["WWW-Authenticate"] = 'Basic realm="cdp-runner sandbox"'
            return json_response(401, {"error": "invalid_client",
                                       "error_description": "unknown client or wrong client secret"}, headers)
        grant = form.get("grant_type")
        if not grant:
            return json_response(400, {"error": "invalid_request", "error_description": "grant_type is required"},
                                 no_store)
        if grant != "client_credentials":
            return json_response(400, {"error": "unsupported_grant_type",
                                       "error_description": f"grant_type {grant!r} is not supported; "
                                                            "use client_credentials"}, no_store)
        scope = form.get("scope") or self.config.token_scope
        token = self.issue_token(scope=scope, audience=form.get("audience") or None)
        return json_response(200, {"access_token": token, "token_type": "Bearer",
                                   "expires_in": self.config.token_ttl, "scope": scope}, no_store)

    @_route("GET|POST|PUT|PATCH|DELETE", r"/destination/emails/(?P<email>[^/]+)")
    def _destination(self, request: httpx.Request, email: str) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        scheme, _, cred = auth.partition(" ")
        if scheme.lower() != "bearer" or not cred.strip():
            return json_response(401, {"error": "invalid_request", "error_description": "Bearer token required"},
                                 {"WWW-Authenticate": 'Bearer realm="cdp-runner sandbox"'})
        if not self._token_valid(cred.strip()):
            return json_response(401, {"error": "invalid_token", "error_description": "unknown or expired token"},
                                 {"WWW-Authenticate": 'Bearer realm="cdp-runner sandbox", error="invalid_token"'})
        method = request.method
        if method in ("GET", "HEAD"):
            if email not in self.destination:
                return json_response(404, {"error": "not_found", "error_description": f"nothing stored for {email}"})
            return json_response(200, self.destination[email])
        raw = _body_bytes(request)
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError as e:
                return json_response(400, {"error": "invalid_json", "error_description": str(e)})
        else:
            body = {}
        self.destination_log.append({"method": method, "email": email, "body": body,
                                     "headers": dict(request.headers), "receivedAt": _iso(self._now())})
        if method == "DELETE":
            self.destination.pop(email, None)
        elif method == "PATCH" and isinstance(body, dict) and isinstance(self.destination.get(email), dict):
            self.destination[email] = {**self.destination[email], **body}
        else:
            self.destination[email] = body
        return json_response(self.config.destination_status, body)

    # ================================================================= index

    @_route("GET", r"/")
    def _index(self, request: httpx.Request) -> httpx.Response:
        return json_response(200, {
            "name": "cdp-runner sandbox",
            "description": "Stateful stand-in for the Sitecore CDP / Personalize APIs. Made-up credentials.",
            "credentials": {"client_key": self.config.client_key, "api_token": self.config.api_token,
                            "pos": list(self.config.points_of_sale),
                            "oauth_client_id": self.config.oauth_client_id,
                            "oauth_client_secret": self.config.oauth_client_secret},
            "endpoints": sorted({f"{'|'.join(m)} {_display(p.pattern)}" for m, p, _ in self._routes}),
        })


def _display(pattern: str) -> str:
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern.strip("^$")).replace("\\", "")


def _decode_basic(cred: str) -> tuple[str | None, str | None]:
    try:
        user, sep, pwd = base64.b64decode(cred, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, None
    return (user, pwd) if sep else (None, None)

"""The sandbox's state: configuration, browsers, guests, sessions, orders, tokens and the other
records its APIs keep. No HTTP here: :mod:`.router` and :mod:`.apis` read and change it."""

from __future__ import annotations

import collections
import dataclasses
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .constants import API_TOKEN, CLIENT_KEY, EDGE_CONTEXT_ID, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, POS
from .responses import JSON, iso, rest_error

__all__ = ["SandboxConfig", "Session", "Browser", "Guest", "Token", "Record", "State"]


@dataclass(frozen=True)
class SandboxConfig:
    """Behaviour knobs. Defaults follow the reference; change them where a tenant differs."""

    client_key: str = CLIENT_KEY
    api_token: str = API_TOKEN
    #: Points of sale configured in the "tenant". Events with another ``pos`` are answered
    #: 201 but not recorded (as the real API). An empty tuple accepts any pos.
    points_of_sale: tuple[str, ...] = (POS,)
    #: Sitecore Edge context id accepted on the Cloud SDK's edge proxy paths (``/v1/events/v1.2/...``).
    edge_context_id: str = EDGE_CONTEXT_ID
    oauth_client_id: str = OAUTH_CLIENT_ID
    oauth_client_secret: str = OAUTH_CLIENT_SECRET

    #: Status for a missing or wrong client key on the Stream API (real: 401; some say 403).
    wrong_key_status: int = 401
    #: Require the documented field set on the first event of a session.
    require_fields: bool = True
    #: Reject event types that are not upper case with 400.
    require_upper_case_type: bool = True
    #: Reject events breaking the documented per-type rules (channel list, ADD product fields,
    #: CHECKOUT status, ORDER_CHECKOUT order fields, reserved names) with 400.
    enforce_event_rules: bool = True
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
    #: callable ``(request_body: dict, guest_ref: str) -> dict``. Answers from the JSON file
    #: named by ``SANDBOX_FLOWS`` are used for friendlyIds not listed here.
    flow_responses: Mapping[str, Any] = field(default_factory=dict)
    #: With ``strict_flows`` an unknown friendlyId is answered 404.
    strict_flows: bool = False

    #: Largest batch file accepted by the upload location (documented: 50 MB).
    batch_max_bytes: int = 50 * 1024 * 1024
    #: Lifetime of a batch upload location, seconds (documented: one hour).
    batch_location_ttl: int = 3600

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
            "startedAt": iso(self.started_at),
            "lastEventAt": iso(self.last_event_at),
            "closedAt": iso(self.closed_at) if self.closed_at is not None else None,
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


@dataclass
class Record:
    """A stored REST resource (order, order item, contact, consumer, connection, batch, ...):
    its fields, the ref of what it belongs to, its data extensions and its revisions."""

    ref: str
    kind: str
    data: JSON
    created_at: float
    modified_at: float
    parent: str | None = None
    extensions: dict[str, JSON] = field(default_factory=dict)
    revisions: list[JSON] = field(default_factory=list)


class State:
    """Everything the sandbox remembers. ``seed`` makes refs and tokens deterministic."""

    def __init__(self, config: SandboxConfig | None = None, *, seed: int | None = None, **overrides: Any):
        cfg = config or SandboxConfig()
        if overrides:
            cfg = dataclasses.replace(cfg, **overrides)
        self.config = cfg
        self.seed = seed
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget all state (browsers, guests, sessions, orders, tokens, logs)."""
        with self._lock:
            self._rng = random.Random(self.seed) if self.seed is not None else None
            self.browsers: dict[str, Browser] = {}
            self.guests: dict[str, Guest] = {}
            self.sessions: dict[str, Session] = {}
            #: every recorded event, in order (each also lives in its session)
            self.events: list[JSON] = []
            #: events answered 201 but not recorded (e.g. wrong pos), with a ``reason``
            self.dropped_events: list[JSON] = []
            #: recorded events whose effect was skipped (e.g. IDENTITY without identifiers), with a ``reason``
            self.event_notes: list[JSON] = []
            self.tokens: dict[str, Token] = {}
            #: REST records by kind ("order", "orderItem", "orderContact", "orderConsumer",
            #: "connection", "batch", "decisionModelDefinition", "decisionModelVariant", "batchFlowsJob")
            self.records: dict[str, dict[str, Record]] = collections.defaultdict(dict)
            #: fake destination: email -> last JSON body received
            self.destination: dict[str, Any] = {}
            #: every call to the fake destination: {method, email, body, headers}
            self.destination_log: list[JSON] = []
            #: (method, url, status) of the last 1000 requests
            self.request_log: collections.deque = collections.deque(maxlen=1000)

    def now(self) -> float:
        return float(self.config.clock())

    def new_ref(self) -> str:
        if self._rng is None:
            return str(uuid.uuid4())
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def create_guest(self, guest_type: str = "visitor", **fields: Any) -> Guest:
        """Create a guest directly (Python API, e.g. to seed a test)."""
        with self._lock:
            now = self.now()
            guest = Guest(ref=self.new_ref(), data={"guestType": guest_type, **fields}, created_at=now, modified_at=now)
            self.guests[guest.ref] = guest
            return guest

    def create_browser(self) -> Browser:
        """Create a browser and its (visitor) guest, as ``browser/create.json`` does."""
        with self._lock:
            guest = self.create_guest("visitor")
            browser = Browser(ref=self.new_ref(), guest_ref=guest.ref, created_at=self.now())
            guest.browsers.append(browser.ref)
            self.browsers[browser.ref] = browser
            return browser

    def delete_guest(self, guest: Guest) -> None:
        for b in guest.browsers:
            browser = self.browsers.pop(b, None)
            for s in browser.sessions if browser else []:
                self.sessions.pop(s.ref, None)
        del self.guests[guest.ref]

    def find_guests(self, email: str | None = None, provider: str | None = None,
                    ident: str | None = None) -> list[Guest]:
        """Guests matching every given filter (email in ``email`` or ``emails``; an identifier
        with that provider and/or id)."""
        out = []
        for g in self.guests.values():
            d = g.data
            if email and email != d.get("email") and email not in (d.get("emails") or []):
                continue
            if provider or ident:
                if not any(isinstance(i, dict) and (not provider or i.get("provider") == provider)
                           and (not ident or i.get("id") == ident) for i in d.get("identifiers") or []):
                    continue
            out.append(g)
        return out

    def record(self, kind: str, ref: str, what: str) -> Record:
        """The stored record, or the REST API's 404 naming `what` it was (``"batch"``, ``"connection"``)."""
        found = self.records[kind].get(ref)
        if found is None:
            raise rest_error(404, f"{what} {ref} not found")
        return found

    def add_record(self, kind: str, data: JSON, parent: str | None = None, ref: str | None = None) -> Record:
        now = self.now()
        record = Record(ref or self.new_ref(), kind, data, now, now, parent)
        self.records[kind][record.ref] = record
        return record

    def children(self, kind: str, parent: str) -> list[Record]:
        return [r for r in self.records[kind].values() if r.parent == parent]

    def issue_token(self, scope: str | None = None, audience: str | None = None) -> str:
        """Issue an access token as ``/oauth/token`` would and return it."""
        with self._lock:
            now = self.now()
            tok = "sbx-" + self.new_ref().replace("-", "")
            self.tokens[tok] = Token(
                tok, self.config.oauth_client_id, scope or self.config.token_scope, audience, now,
                now + self.config.token_ttl
            )
            return tok

    def token_valid(self, token: str) -> bool:
        tok = self.tokens.get(token)
        return tok is not None and self.now() < tok.expires_at

    def expire_sessions(self) -> None:
        timeout = self.config.session_timeout
        if timeout is None:
            return
        now = self.now()
        for s in self.sessions.values():
            if s.status == "OPEN" and now - s.last_event_at >= timeout:
                s.status, s.closed_at, s.close_reason = "CLOSED", s.last_event_at + timeout, "TIMEOUT"

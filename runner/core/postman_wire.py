"""What Newman adds on the wire to a Postman collection's request: its default ("system") headers and
the request's ``protocolProfileBehavior``. Native collections keep httpx's defaults (no
``Postman-Token`` or ``Cache-Control``: nothing in them asks for Postman's)."""

from __future__ import annotations

import os
from typing import Any

from runner.model.prepared import Prepared

#: postman-runtime's version in Newman 6.2.2, which Newman sends as its User-Agent
USER_AGENT = "PostmanRuntime/7.39.1"
#: methods whose body Postman drops unless ``disableBodyPruning`` is set
BODYLESS_METHODS = frozenset(("GET", "HEAD", "COPY", "PURGE", "UNLOCK"))
#: default headers httpx adds itself when the request has none: disabling them means taking them out
_CLIENT_DEFAULTS = ("user-agent", "accept", "accept-encoding", "connection")
#: Newman's default headers in its order; Postman-Token's value ("") is a new token per request
_SYSTEM_HEADERS = (("User-Agent", USER_AGENT), ("Accept", "*/*"), ("Cache-Control", "no-cache"), ("Postman-Token", ""),
                   ("Accept-Encoding", "gzip, deflate, br"), ("Connection", "keep-alive"))
_SYSTEM_NAMES = frozenset(name.lower() for name, _ in _SYSTEM_HEADERS)
_BEFORE_TOKEN, _AFTER_TOKEN = _SYSTEM_HEADERS[:3], _SYSTEM_HEADERS[4:]


def prunes_body(method: str, behavior: dict[str, Any]) -> bool:
    return method.upper() in BODYLESS_METHODS and not behavior.get("disableBodyPruning")


def disabled_headers(behavior: dict[str, Any]) -> set[str]:
    disabled = behavior.get("disabledSystemHeaders")
    if not isinstance(disabled, dict):
        return set()
    return {str(k).lower() for k, v in disabled.items() if v}


def add_system_headers(prepared: Prepared, behavior: dict[str, Any]) -> None:
    """Newman's default headers, after the request's own; a header the request sets wins, and one
    that ``disabledSystemHeaders`` names is not sent (``Host`` always is: HTTP/1.1 needs it)."""
    disabled = disabled_headers(behavior) if behavior else set()
    own = {k.lower() for k, _ in prepared.headers}
    if disabled or not own.isdisjoint(_SYSTEM_NAMES):
        prepared.headers.extend((name, value or postman_token()) for name, value in _SYSTEM_HEADERS
                                if name.lower() not in own and name.lower() not in disabled)
    else:  # the usual request: all of them
        prepared.headers += _BEFORE_TOKEN
        prepared.headers.append(("Postman-Token", postman_token()))
        prepared.headers += _AFTER_TOKEN
    prepared.omit_headers = tuple(h for h in _CLIENT_DEFAULTS if h in disabled)


def postman_token() -> str:
    """A random (version 4) UUID, as Newman's Postman-Token: ``str(uuid.uuid4())`` without its objects."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def apply_behavior(prepared: Prepared, behavior: dict[str, Any]) -> None:
    """Redirects and TLS verification as the request's ``protocolProfileBehavior`` says."""
    if not behavior:
        return
    if "followRedirects" in behavior:
        prepared.follow_redirects = bool(behavior["followRedirects"])
    prepared.follow_original_method = bool(behavior.get("followOriginalHttpMethod"))
    limit = behavior.get("maxRedirects")
    if isinstance(limit, (int, float)) and not isinstance(limit, bool) and limit >= 0:
        prepared.max_redirects = int(limit)
    if behavior.get("strictSSL") is False:
        prepared.verify = False

"""What Newman adds on the wire to a Postman collection's request: its default ("system") headers and
the request's ``protocolProfileBehavior``. Native collections keep httpx's defaults (no
``Postman-Token`` or ``Cache-Control``: nothing in them asks for Postman's)."""

from __future__ import annotations

import uuid
from typing import Any

from runner.model.prepared import Prepared

#: postman-runtime's version in Newman 6.2.2, which Newman sends as its User-Agent
USER_AGENT = "PostmanRuntime/7.39.1"
#: methods whose body Postman drops unless ``disableBodyPruning`` is set
BODYLESS_METHODS = frozenset(("GET", "HEAD", "COPY", "PURGE", "UNLOCK"))
#: default headers httpx adds itself when the request has none: disabling them means taking them out
_CLIENT_DEFAULTS = ("user-agent", "accept", "accept-encoding", "connection")


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
    disabled = disabled_headers(behavior)
    own = {k.lower() for k, _ in prepared.headers}
    for name, value in (("User-Agent", USER_AGENT), ("Accept", "*/*"), ("Cache-Control", "no-cache"),
                        ("Postman-Token", ""), ("Accept-Encoding", "gzip, deflate, br"),
                        ("Connection", "keep-alive")):
        low = name.lower()
        if low in own or low in disabled:
            continue
        prepared.headers.append((name, value or str(uuid.uuid4())))
    prepared.omit_headers = tuple(h for h in _CLIENT_DEFAULTS if h in disabled)


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

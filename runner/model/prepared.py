"""A request ready to send: everything templated and authenticated (pure data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Prepared:
    """A request ready to send: everything templated and authenticated."""

    method: str
    url: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)
    content: bytes | None = None
    data: list[tuple[str, str]] | None = None
    files: list[tuple[str, Any]] | None = None
    connect_ms: float | None = None
    read_ms: float | None = None
    cert: tuple[str, str] | None = None  # client certificate and key (PEM paths) for mTLS
    auth_flow: Any = None  # an httpx.Auth for challenge-response auth (digest, NTLM): answers the server's 401
    # What goes on the wire beyond the URL, headers and body (Postman's protocolProfileBehavior):
    target: str | None = None  # the request-target sent as written (path and query); None: httpx builds it
    follow_redirects: bool | None = None  # None: the run's setting (--ignore-redirects)
    follow_original_method: bool = False  # a 301/302/303 redirect keeps the method and body
    max_redirects: int = 10
    verify: bool | None = None  # strictSSL: False = this request skips TLS verification; None: the run's
    omit_headers: tuple[str, ...] = ()  # default headers not to send (disabledSystemHeaders), lower case
    credential_headers: tuple[str, ...] = ()  # lower-case header names dropped when a redirect leaves the origin
    warnings: list[str] = field(default_factory=list)  # e.g. a form-data file that is missing (not sent)

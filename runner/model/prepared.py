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

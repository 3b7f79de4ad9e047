"""OAuth 2: a token given as is, or client credentials fetched from the token URL (cached until expiry)."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from runner._files import utf8
from runner.core.auth._common import drop_query, remove_headers, text
from runner.errors import AuthError
from runner.model.prepared import Prepared
from runner.transport.base import Sender

NAME = "oauth2"
SECRETS = ("clientSecret", "accessToken", "refreshToken", "password")
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def basic_header(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(utf8(f"{username}:{password}")).decode("ascii")


def check_token_url(url: str, *, insecure: bool) -> str | None:
    """Why `url` may not be used as an OAuth2 token URL, or None. HTTPS only; loopback with --insecure."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and insecure and (parts.hostname or "") in _LOOPBACK:
        return None
    hint = " (loopback http is allowed with --insecure)" if parts.hostname in _LOOPBACK else ""
    return f"OAuth2 access token URL must use HTTPS, got {url!r}{hint}"


@dataclass(slots=True)
class _Token:
    value: str
    expires_at: float


class TokenCache:
    """OAuth2 client-credentials tokens, reused until they expire (or a 401 drops them)."""

    def __init__(self, sender: Sender, *, insecure: bool = False, clock: Callable[[], float] = time.monotonic,
                 on_token: Callable[[str], None] | None = None) -> None:
        self._sender = sender
        #: what challenge-response schemes learnt from a server (digest: realm, nonce...), kept for the run
        self.challenges: dict[tuple[Any, ...], dict[str, str]] = {}
        self._insecure = insecure
        self._clock = clock
        self._tokens: dict[tuple[Any, ...], _Token] = {}
        self._on_token = on_token  # lets the runner mask every token it sees

    @staticmethod
    def key(spec: dict[str, Any]) -> tuple[Any, ...]:
        return (spec.get("accessTokenUrl"), spec.get("clientId"), spec.get("scope"), spec.get("audience"))

    def forget(self, spec: dict[str, Any]) -> None:
        self._tokens.pop(self.key(spec), None)

    def token(self, spec: dict[str, Any], cert: tuple[str, str] | None = None) -> str:
        key = self.key(spec)
        cached = self._tokens.get(key)
        if cached is not None and cached.expires_at > self._clock():
            return cached.value
        url = spec.get("accessTokenUrl") or ""
        problem = check_token_url(url, insecure=self._insecure)
        if problem:
            raise AuthError(problem)
        headers = list(spec.get("headers", {}).items())
        form = [("grant_type", "client_credentials")]
        client_id, secret = spec.get("clientId", ""), spec.get("clientSecret", "")
        if spec.get("credentials", "header") == "body":
            form += [("client_id", client_id), ("client_secret", secret)]
        else:
            headers.append(("Authorization", basic_header(client_id, secret)))
        for name in ("scope", "audience"):
            if spec.get(name):
                form.append((name, spec[name]))
        form += list(spec.get("form", {}).items())
        prepared = Prepared("POST", url, headers=headers + [("Accept", "application/json")], data=form, cert=cert,
                            connect_ms=spec.get("connectMs"), read_ms=spec.get("readMs"))
        response, reason, *_ = self._sender.send(prepared)
        if response is None:
            raise AuthError(f"OAuth2 token request to {url} failed: {reason}")
        body = response.json_or_error()
        if response.status >= 400 or not isinstance(body, dict) or "access_token" not in body:
            detail = body.get("error") if isinstance(body, dict) else None
            raise AuthError(f"OAuth2 token request to {url} answered {response.status}"
                            + (f" ({detail})" if detail else "") + ": no access_token")
        value = str(body["access_token"])
        if self._on_token:
            self._on_token(value)
        lifetime = float(body.get("expires_in") or 3600)
        # Renew a little early so a token never expires in flight.
        self._tokens[key] = _Token(value, self._clock() + max(lifetime - min(30.0, lifetime / 10), 0))
        return value


def apply(spec: dict[str, Any], prepared: Prepared, tokens: TokenCache) -> None:
    """The access token (given, or fetched with client credentials) as ``Authorization: Bearer ...``
    or, with ``addTokenTo: queryParams``, as the ``access_token`` query parameter."""
    token = text(spec, "accessToken")
    if not token:
        if not spec.get("accessTokenUrl"):
            return  # Postman: nothing to add without a token
        token = tokens.token(spec, prepared.cert)
    remove_headers(prepared, "Authorization")
    drop_query(prepared, {"access_token"})
    if text(spec, "addTokenTo", "header") == "queryParams":
        prepared.params.append(("access_token", token))
        return
    prefix = "Bearer" if spec.get("headerPrefix") is None else text(spec, "headerPrefix").strip()
    prepared.headers.append(("Authorization", f"{prefix} {token}" if prefix else token))


def refresh(spec: dict[str, Any], prepared: Prepared, tokens: TokenCache) -> bool:
    """After a 401: drop a cached OAuth2 token and apply a fresh one. False when nothing can be renewed
    (any other auth type, or a fixed access token). AuthError when the new token cannot be had."""
    if spec.get("type") != "oauth2" or spec.get("accessToken"):
        return False
    tokens.forget(spec)
    prepared.headers = [(k, v) for k, v in prepared.headers if k.lower() != "authorization"]
    apply(spec, prepared, tokens)
    return True

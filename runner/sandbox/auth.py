"""Who may call what: HTTP Basic (client key / API token) for the CDP REST APIs, Bearer tokens
issued by the sandbox's ``/oauth/token``."""

from __future__ import annotations

import httpx

from .responses import decode_basic, rest_error
from .state import State

_BASIC = {"WWW-Authenticate": 'Basic realm="cdp-runner sandbox"'}


def bearer_token(request: httpx.Request) -> str | None:
    scheme, _, cred = request.headers.get("Authorization", "").partition(" ")
    return cred.strip() if scheme.lower() == "bearer" and cred.strip() else None


def rest_auth(sb: State, request: httpx.Request, *, bearer: bool | None = None) -> None:
    """Accept Basic client key / API token, or (when ``bearer``, default the config's
    ``rest_accepts_bearer``) a valid issued Bearer token; else raise a 401."""
    scheme, _, cred = request.headers.get("Authorization", "").partition(" ")
    cred = cred.strip()
    if scheme.lower() == "basic":
        user, pwd = decode_basic(cred)
        if user == sb.config.client_key and pwd == sb.config.api_token:
            return
        raise rest_error(401, "invalid credentials (Basic: client key / API token)", _BASIC)
    allow_bearer = sb.config.rest_accepts_bearer if bearer is None else bearer
    if scheme.lower() == "bearer" and allow_bearer and sb.token_valid(cred):
        return
    raise rest_error(401, "authentication required (HTTP Basic: client key / API token)", _BASIC)

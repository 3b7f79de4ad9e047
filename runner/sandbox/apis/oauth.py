"""OAuth2 client-credentials token endpoint ``POST /oauth/token`` (as
``https://auth.sitecorecloud.io/oauth/token``: form ``client_id``, ``client_secret``,
``grant_type=client_credentials``, ``audience``; or the client in a Basic header, RFC 6749 2.3.1)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx

from ..responses import body_bytes, decode_basic, json_response
from ..router import Routes
from ..state import State

routes = Routes()


def _form(request: httpx.Request) -> dict[str, Any]:
    raw = body_bytes(request)
    if "json" in request.headers.get("Content-Type", ""):
        try:
            form = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return form if isinstance(form, dict) else {}
    return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))


@routes("POST", r"/oauth/token")
def token(sb: State, request: httpx.Request) -> httpx.Response:
    form = _form(request)
    no_store = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    scheme, _, cred = request.headers.get("Authorization", "").partition(" ")
    via_header = scheme.lower() == "basic"
    if via_header:
        cid, secret = decode_basic(cred.strip())
        # RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding
        if cid is not None and secret is not None:
            cid, secret = unquote(cid.replace("+", " ")), unquote(secret.replace("+", " "))
    else:
        cid, secret = form.get("client_id"), form.get("client_secret")
    if cid != sb.config.oauth_client_id or secret != sb.config.oauth_client_secret:
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
    scope = form.get("scope") or sb.config.token_scope
    issued = sb.issue_token(scope=scope, audience=form.get("audience") or None)
    return json_response(200, {"access_token": issued, "token_type": "Bearer",
                               "expires_in": sb.config.token_ttl, "scope": scope}, no_store)

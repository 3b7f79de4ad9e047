"""A fake external destination ``/destination/emails/{email}`` (an ESP-like API) that requires a
Bearer token issued by the sandbox's ``/oauth/token``: what a Personalize connection calls."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ..auth import bearer_token
from ..responses import body_bytes, iso, json_response
from ..router import Routes
from ..state import State

routes = Routes()


@routes("GET|POST|PUT|PATCH|DELETE", r"/destination/emails/(?P<email>[^/]+)")
def destination(sb: State, request: httpx.Request, email: str) -> httpx.Response:
    token = bearer_token(request)
    if token is None:
        return json_response(401, {"error": "invalid_request", "error_description": "Bearer token required"},
                             {"WWW-Authenticate": 'Bearer realm="cdp-runner sandbox"'})
    if not sb.token_valid(token):
        return json_response(401, {"error": "invalid_token", "error_description": "unknown or expired token"},
                             {"WWW-Authenticate": 'Bearer realm="cdp-runner sandbox", error="invalid_token"'})
    method = request.method
    if method in ("GET", "HEAD"):
        if email not in sb.destination:
            return json_response(404, {"error": "not_found", "error_description": f"nothing stored for {email}"})
        return json_response(200, sb.destination[email])
    raw = body_bytes(request)
    body: Any = {}
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError as e:
            return json_response(400, {"error": "invalid_json", "error_description": str(e)})
    sb.destination_log.append({"method": method, "email": email, "body": body,
                               "headers": dict(request.headers), "receivedAt": iso(sb.now())})
    if method == "DELETE":
        sb.destination.pop(email, None)
    elif method == "PATCH" and isinstance(body, dict) and isinstance(sb.destination.get(email), dict):
        sb.destination[email] = {**sb.destination[email], **body}
    else:
        sb.destination[email] = body
    return json_response(sb.config.destination_status, body)

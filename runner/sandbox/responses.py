"""Response shapes shared by the sandbox's APIs: JSON answers, the two error shapes (Stream API
and REST), and small request readers. Pure functions over ``httpx`` objects."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import httpx

from .constants import SANDBOX_HOST, STREAM_VERSION

JSON = dict[str, Any]

_STATUS_WORDS = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    500: "INTERNAL_SERVER_ERROR",
}


class HttpError(Exception):
    """Raised inside handlers; the router answers with its response."""

    def __init__(self, response: httpx.Response):
        super().__init__(response.status_code)
        self.response = response


def iso(ts: float) -> str:
    """Seconds since the epoch as ISO 8601 UTC with milliseconds (``...Z``)."""
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode("utf-8")
    hdrs = {"Content-Type": "application/json"}
    if headers:
        hdrs.update(headers)
    return httpx.Response(status, content=content, headers=hdrs)


def body_bytes(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return request.read()


def base_url(request: httpx.Request) -> str:
    """``scheme://host[:port]`` of the request, so hrefs point back at whoever was called."""
    return f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"


def decode_basic(cred: str) -> tuple[str | None, str | None]:
    try:
        user, sep, pwd = base64.b64decode(cred, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, None
    return (user, pwd) if sep else (None, None)


def stream_error(request: httpx.Request, status: int, msg: str, rule: str) -> httpx.Response:
    """The Stream API error shape: ``status``/``version``/``client_key`` plus ``error_msg`` and
    ``moreInfo`` (Sitecore's troubleshooting page)."""
    params = request.url.params
    return json_response(status, {
        "status": _STATUS_WORDS.get(status, "ERROR"),
        "version": STREAM_VERSION,
        "client_key": params.get("client_key") or params.get("api_token") or "",
        "error_msg": msg,
        "moreInfo": f"https://{SANDBOX_HOST}/errors#{rule}",
    })


def rest_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> HttpError:
    """A REST API error (shape not publicly confirmed; modelled on the legacy Boxever errors)."""
    return HttpError(json_response(
        status,
        {"status": status, "code": status, "message": message, "developerMessage": message,
         "moreInfo": f"https://{SANDBOX_HOST}/errors#rest"},
        headers,
    ))


def json_body(request: httpx.Request, *, allow_empty: bool = False) -> JSON:
    """The request body as a JSON object, or a 400 REST error."""
    raw = body_bytes(request)
    if not raw.strip():
        if allow_empty:
            return {}
        raise rest_error(400, "request body must be a JSON object")
    try:
        body = json.loads(raw)
    except ValueError as e:
        raise rest_error(400, f"request body is not valid JSON: {e}") from None
    if not isinstance(body, dict):
        raise rest_error(400, f"request body must be a JSON object, got {type(body).__name__}")
    return body


def is_primitive(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))

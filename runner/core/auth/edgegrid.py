"""Akamai EdgeGrid (EG1-HMAC-SHA256), from Akamai's published signing spec, with Postman's options:
accessToken, clientToken, clientSecret, baseURL, nonce, timestamp, headersToSign, maxBodySize."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from datetime import datetime, timezone
from typing import Any

import httpx

from runner._files import utf8
from runner.core.auth._common import AuthError, body_bytes, remove_headers, sent_url, target, text
from runner.model.prepared import Prepared

NAME = "edgegrid"
SECRETS = ("clientSecret", "accessToken", "clientToken")
MAX_BODY = 131072  # bytes of a POST body that are hashed unless maxBodySize says otherwise
_SPACES = re.compile(r"\s+")


def _hmac_b64(key: str, data: str) -> str:
    return base64.b64encode(hmac.new(utf8(key), utf8(data), hashlib.sha256).digest()).decode("ascii")


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    access, client, secret = text(spec, "accessToken"), text(spec, "clientToken"), text(spec, "clientSecret")
    if not (access and client and secret):
        return  # Postman: nothing to sign without all three
    remove_headers(prepared, "Authorization")
    url = sent_url(prepared)
    host = url.netloc.decode("ascii")
    if text(spec, "baseURL"):
        try:
            host = httpx.URL(text(spec, "baseURL")).netloc.decode("ascii") or host
        except (httpx.InvalidURL, ValueError) as exc:
            raise AuthError(f"edgegrid: invalid baseURL: {exc}") from None
    timestamp = text(spec, "timestamp") or datetime.now(timezone.utc).strftime("%Y%m%dT%H:%M:%S+0000")
    prefix = (f"EG1-HMAC-SHA256 client_token={client};access_token={access};timestamp={timestamp};"
              f"nonce={text(spec, 'nonce') or uuid.uuid4()};")
    body_hash = ""
    if prepared.method.upper() == "POST":
        payload = body_bytes(prepared)
        size = int(text(spec, "maxBodySize")) if text(spec, "maxBodySize").isdigit() else 0
        if payload:
            body_hash = base64.b64encode(hashlib.sha256(payload[:size or MAX_BODY]).digest()).decode("ascii")
    data = "\t".join([prepared.method.upper(), url.scheme, host, target(url) or "/",
                      _canonical_headers(spec, prepared), body_hash, prefix])
    prepared.headers.append(("Authorization", prefix + "signature=" + _hmac_b64(_hmac_b64(secret, timestamp), data)))


def _canonical_headers(spec: dict[str, Any], prepared: Prepared) -> str:
    wanted = spec.get("headersToSign")
    names = wanted.split(",") if isinstance(wanted, str) else wanted if isinstance(wanted, list) else []
    values = {k.lower(): v for k, v in prepared.headers}
    lines = []
    for name in names:
        if not isinstance(name, str):
            continue
        value = values.get(name.strip().lower())
        if value:
            lines.append(f"{name.strip().lower()}:{_SPACES.sub(' ', value.strip())}")
    return "\t".join(lines)

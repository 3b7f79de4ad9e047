"""Hawk (hueniverse/hawk, header scheme 1): an HMAC over the request's time, nonce, method, path,
host and port, with the payload hash when ``includePayloadHash`` is set. Options as Postman's:
authId, authKey, algorithm (sha1 | sha256), user, nonce, extraData, app, delegation, timestamp."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
import time
from typing import Any

from runner._files import utf8
from runner.core.auth._common import (
    AuthError,
    body_bytes,
    content_type,
    flag,
    sent_url,
    set_header,
    target,
    text,
)
from runner.model.prepared import Prepared

NAME = "hawk"
SECRETS = ("authKey",)
ALGORITHMS = ("sha1", "sha256")
_NONCE_CHARS = string.ascii_letters + string.digits


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    auth_id, key = text(spec, "authId"), text(spec, "authKey")
    if not auth_id or not key:
        return  # Postman: nothing to sign without id and key
    algorithm = text(spec, "algorithm") or "sha256"
    if algorithm not in ALGORITHMS:
        raise AuthError(f"hawk: unsupported algorithm {algorithm!r} (sha1 or sha256)")
    url = sent_url(prepared)
    stamp = text(spec, "timestamp")
    artifacts = {
        "ts": stamp if stamp.isdigit() and int(stamp) else str(int(time.time())),
        "nonce": text(spec, "nonce") or "".join(secrets.choice(_NONCE_CHARS) for _ in range(6)),
        "method": prepared.method.upper(), "resource": target(url), "host": url.raw_host.decode("ascii").lower(),
        "port": str(url.port or (80 if url.scheme == "http" else 443)),
        "hash": payload_hash(algorithm, prepared) if flag(spec, "includePayloadHash") else "",
        "ext": text(spec, "extraData"), "app": text(spec, "app"), "dlg": text(spec, "delegation"),
    }
    set_header(prepared, "Authorization", header_value(auth_id, key, algorithm, artifacts))


def payload_hash(algorithm: str, prepared: Prepared) -> str:
    """``hawk.1.payload`` hash of the body; none for an empty or multipart body (as Postman)."""
    payload = body_bytes(prepared)
    if not payload:
        return ""
    mime = content_type(prepared).split(";")[0].strip().lower()
    digest = hashlib.new(algorithm, b"hawk.1.payload\n" + utf8(mime) + b"\n" + payload + b"\n").digest()
    return base64.b64encode(digest).decode("ascii")


def mac(key: str, algorithm: str, a: dict[str, str]) -> str:
    ext = a["ext"].replace("\\", "\\\\").replace("\n", "\\n")
    normalized = "".join(f"{line}\n" for line in (
        "hawk.1.header", a["ts"], a["nonce"], a["method"], a["resource"], a["host"], a["port"], a["hash"], ext))
    if a["app"]:
        normalized += f"{a['app']}\n{a['dlg']}\n"
    digest = hmac.new(utf8(key), utf8(normalized), algorithm).digest()
    return base64.b64encode(digest).decode("ascii")


def header_value(auth_id: str, key: str, algorithm: str, a: dict[str, str]) -> str:
    value = f'Hawk id="{auth_id}", ts="{a["ts"]}", nonce="{a["nonce"]}"'
    if a["hash"]:
        value += f', hash="{a["hash"]}"'
    if a["ext"]:
        value += ', ext="' + a["ext"].replace("\\", "\\\\").replace('"', '\\"') + '"'
    value += f', mac="{mac(key, algorithm, a)}"'
    if a["app"]:
        value += f', app="{a["app"]}"' + (f', dlg="{a["dlg"]}"' if a["dlg"] else "")
    return value

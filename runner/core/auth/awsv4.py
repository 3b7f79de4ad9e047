"""AWS Signature Version 4 (the documented algorithm, as Postman signs it): Authorization header, or
the ``X-Amz-*`` query parameters with ``addAuthDataToQuery``. Options: accessKey, secretKey,
sessionToken, region (default us-east-1), service (default execute-api)."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

from runner._files import utf8
from runner.core.auth._common import body_bytes, drop_query, flag, remove_headers, sent_url, text, upsert_header
from runner.model.prepared import Prepared

NAME = "awsv4"
SECRETS = ("secretKey", "sessionToken")
ALGORITHM = "AWS4-HMAC-SHA256"
_AMZ_QUERY = {"X-Amz-Security-Token", "X-Amz-Date", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-SignedHeaders",
              "X-Amz-Signature"}
_SPACES = re.compile(r"\s+")
_UNSIGNED = {"authorization", "connection", "x-amzn-trace-id", "user-agent", "expect", "presigned-expires", "range"}


def _sha256(data: bytes | str) -> str:
    return hashlib.sha256(utf8(data) if isinstance(data, str) else data).hexdigest()


def _hmac(key: bytes, data: str) -> bytes:
    return hmac.new(key, utf8(data), hashlib.sha256).digest()


def _rfc3986(value: str) -> str:
    return quote(value, safe="-_.~")


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    remove_headers(prepared, "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256")
    drop_query(prepared, _AMZ_QUERY)
    service, region = text(spec, "service") or "execute-api", text(spec, "region") or "us-east-1"
    access, secret, session = text(spec, "accessKey"), text(spec, "secretKey"), text(spec, "sessionToken")
    in_query = flag(spec, "addAuthDataToQuery")
    url = sent_url(prepared)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{stamp[:8]}/{region}/{service}/aws4_request"

    headers: dict[str, str] = {}
    for key, value in prepared.headers:
        headers[key] = value
    if not in_query:
        payload = body_bytes(prepared)
        if payload:  # Postman hashes raw, urlencoded and GraphQL bodies (not multipart)
            headers["X-Amz-Content-Sha256"] = _sha256(payload)
    if not any(k.lower() == "host" for k in headers):
        headers["Host"] = url.netloc.decode("ascii")
    query = [(unquote_plus(k), unquote_plus(v)) for k, _, v in
             (p.partition("=") for p in url.query.decode("ascii").split("&") if p)]
    added: list[tuple[str, str]] = []
    if in_query:
        if session:
            added.append(("X-Amz-Security-Token", session))
        if service == "s3" and not any(k == "X-Amz-Expires" for k, _ in query):
            added.append(("X-Amz-Expires", "86400"))
        added += [("X-Amz-Date", stamp), ("X-Amz-Algorithm", ALGORITHM), ("X-Amz-Credential", f"{access}/{scope}")]
    else:
        if session:
            headers["X-Amz-Security-Token"] = session
        if service == "s3" and not any(k.lower() == "x-amz-content-sha256" for k in headers):
            headers["X-Amz-Content-Sha256"] = _sha256(b"")
        headers["X-Amz-Date"] = stamp
    signed = sorted({k.lower(): v for k, v in headers.items() if k.lower() not in _UNSIGNED}.items())
    signed_names = ";".join(k for k, _ in signed)
    if in_query:
        added.append(("X-Amz-SignedHeaders", signed_names))
        body_hash = "UNSIGNED-PAYLOAD" if service == "s3" else _sha256(b"")
    else:
        body_hash = next((v for k, v in headers.items() if k.lower() == "x-amz-content-sha256"), _sha256(b""))
    canonical = "\n".join([
        prepared.method.upper(), _canonical_path(url.raw_path.decode("ascii").partition("?")[0], service),
        _canonical_query(query + added, service),
        "".join(f"{k}:{_SPACES.sub(' ', v.strip())}\n" for k, v in signed), signed_names, body_hash])
    to_sign = "\n".join([ALGORITHM, stamp, scope, _sha256(canonical)])
    signing_key = _hmac(_hmac(_hmac(_hmac(utf8(f"AWS4{secret}"), stamp[:8]), region), service), "aws4_request")
    signature = hmac.new(signing_key, utf8(to_sign), hashlib.sha256).hexdigest()

    if in_query:
        prepared.params.extend(added + [("X-Amz-Signature", signature)])
        upsert_header(prepared, "Host", headers.get("Host") or url.netloc.decode("ascii"))
        return
    headers["Authorization"] = f"{ALGORITHM} Credential={access}/{scope}, SignedHeaders={signed_names}, " \
                               f"Signature={signature}"
    for key_, value in headers.items():
        upsert_header(prepared, key_, value)


def _canonical_path(path: str, service: str) -> str:
    if path in ("", "/"):
        return "/"
    s3 = service == "s3"
    if not s3:
        path = re.sub("/{2,}", "/", path)
    pieces: list[str] = []
    for piece in path.split("/"):
        if not s3 and piece == "..":
            if pieces:
                pieces.pop()
        elif s3 or piece != ".":
            pieces.append(_rfc3986(unquote(piece.replace("+", " ")) if s3 else piece))
    joined = "/".join(pieces)
    joined = joined if joined.startswith("/") else "/" + joined
    return joined.replace("%2F", "/") if s3 else joined


def _canonical_query(pairs: list[tuple[str, str]], service: str) -> str:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        if key:
            grouped.setdefault(_rfc3986(key), []).append(value)
    pieces = []
    for key in sorted(grouped):
        values = grouped[key][:1] if service == "s3" else grouped[key]
        pieces += [f"{key}={v}" for v in sorted(_rfc3986(v) for v in values)]
    return "&".join(pieces)

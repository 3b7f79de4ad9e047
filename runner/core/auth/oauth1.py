"""OAuth 1.0a request signing (RFC 5849) with Postman's options.

Signature methods HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, and RSA-SHA1/256/512 (these need
the ``cryptography`` package: extra ``[crypto]``). The oauth_* parameters go to the Authorization
header (``addParamsToHeader``), else into a urlencoded POST/PUT body, else into the query. The
signature base string and the signatures come from oauthlib; the parameter set, its order and the
header's layout follow Postman's, so the same collection sends the same header.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import string
import time
from types import SimpleNamespace
from typing import Any

from runner.core.auth._common import (
    AuthError,
    body_bytes,
    drop_query,
    flag,
    need_extra,
    percent_encode,
    query_pairs,
    remove_headers,
    sent_url,
    set_header,
    text,
)
from runner.model.prepared import Prepared

NAME = "oauth1"
SECRETS = ("consumerSecret", "tokenSecret", "privateKey", "token")
METHODS = ("HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1", "RSA-SHA256", "RSA-SHA512")
OAUTH_PARAMS = {"oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce",
                "oauth_version", "oauth_signature", "oauth_callback", "oauth_verifier", "oauth_body_hash"}
_NONCE_CHARS = string.ascii_letters + string.digits


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    method = text(spec, "signatureMethod") or "HMAC-SHA1"
    if method not in METHODS:
        raise AuthError(f"oauth1: unsupported signature method {method!r} (supported: {', '.join(METHODS)})")
    rsa = method.startswith("RSA")
    if not text(spec, "consumerKey") or not text(spec, "privateKey" if rsa else "consumerSecret"):
        return  # Postman: nothing to sign without the consumer key and its secret (or private key)
    remove_headers(prepared, "Authorization")
    drop_query(prepared, OAUTH_PARAMS)
    form = prepared.data if prepared.data is not None else None
    if form is not None:
        prepared.data = form = [(k, v) for k, v in form if k not in OAUTH_PARAMS]

    params = _protocol_params(spec, method, prepared, urlencoded=form is not None)
    url = sent_url(prepared)
    signature = _sign(method, spec, prepared.method, url, params + list(form or []))
    params.append(("oauth_signature", signature))

    if flag(spec, "addParamsToHeader"):
        set_header(prepared, "Authorization", header_value(params, text(spec, "realm"),
                                                           encode=not flag(spec, "disableHeaderEncoding")))
    elif form is not None and re.search("PUT|POST", prepared.method):
        form.extend(params)
    else:
        prepared.params.extend(params)


def _protocol_params(spec: dict[str, Any], method: str, prepared: Prepared, *,
                     urlencoded: bool) -> list[tuple[str, str]]:
    """oauth_* parameters in Postman's order; empty ones left out unless ``addEmptyParamsToSign``."""
    keep_empty = flag(spec, "addEmptyParamsToSign")
    nonce = text(spec, "nonce") or "".join(secrets.choice(_NONCE_CHARS) for _ in range(11))
    timestamp = text(spec, "timestamp") or str(int(time.time()))
    params = [("oauth_consumer_key", text(spec, "consumerKey")), ("oauth_token", text(spec, "token")),
              ("oauth_signature_method", method), ("oauth_timestamp", timestamp), ("oauth_nonce", nonce),
              ("oauth_version", text(spec, "version"))]
    if not keep_empty:
        params = [(k, v) for k, v in params if v.strip()]
    hash_name = method.partition("-")[2].lower()
    if flag(spec, "includeBodyHash") and hash_name and not urlencoded:
        payload = body_bytes(prepared)
        if payload is not None:  # no hash for multipart bodies, as Postman
            digest = hashlib.new(hash_name, payload).digest()
            params.append(("oauth_body_hash", base64.b64encode(digest).decode("ascii")))
    # extensions of the original spec: signed only when given, whatever addEmptyParamsToSign says
    for key, name in (("callback", "oauth_callback"), ("verifier", "oauth_verifier")):
        if text(spec, key).strip():
            params.append((name, text(spec, key)))
    return params


def _sign(method: str, spec: dict[str, Any], http_method: str, url: Any, params: list[tuple[str, str]]) -> str:
    from oauthlib.oauth1.rfc5849 import signature as rfc5849

    try:
        base_uri = rfc5849.base_string_uri(str(url.copy_with(query=None, fragment=None)))
    except ValueError as exc:
        raise AuthError(f"oauth1: cannot sign {url}: {exc}") from None
    normalized = rfc5849.normalize_parameters(query_pairs(url) + params)
    base_string = rfc5849.signature_base_string(http_method.upper(), base_uri, normalized)
    client = SimpleNamespace(client_secret=text(spec, "consumerSecret"),
                             resource_owner_secret=text(spec, "tokenSecret"), rsa_key=text(spec, "privateKey"))
    if method == "PLAINTEXT":
        return rfc5849.sign_plaintext_with_client(base_string, client)
    if method.startswith("RSA"):
        try:
            import cryptography  # noqa: F401 - oauthlib signs RSA through it
        except ImportError:
            raise need_extra("cryptography", "crypto", f"oauth1 {method}") from None
    from jwt.exceptions import PyJWTError  # oauthlib reads RSA keys through PyJWT

    signer = getattr(rfc5849, f"sign_{method.lower().replace('-', '_')}_with_client")
    try:
        return signer(base_string, client)
    except (ValueError, TypeError, PyJWTError) as exc:
        raise AuthError(f"oauth1 {method}: cannot sign with the private key: {exc}") from None


def header_value(params: list[tuple[str, str]], realm: str, *, encode: bool) -> str:
    """``OAuth realm="...",oauth_consumer_key="...",...``: empty values left out, as Postman writes it."""
    parts = []
    if realm.strip():
        parts.append(f'realm="{percent_encode(realm) if encode else realm}"')
    for key, value in params:
        value = value.strip()
        if value and key.startswith("oauth_"):
            parts.append(f'{percent_encode(key) if encode else key}="{percent_encode(value) if encode else value}"')
    return "OAuth " + ",".join(parts)

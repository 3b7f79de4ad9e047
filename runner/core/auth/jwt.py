"""JWT bearer (Postman's "JWT Bearer" auth): a token signed here with HS256/384/512 (a secret,
optionally base64) or RS*/PS*/ES* (a PKCS#8 private key; needs the ``cryptography`` package,
extra ``[crypto]``), sent as ``Authorization: <headerPrefix> <token>`` (default prefix ``Bearer``) or
as the query parameter ``queryParamKey`` (default ``token``) with ``addTokenTo: queryParam``.

The header and payload are serialized as Postman does (compact JSON, the header's own keys first,
then ``alg``; no ``typ`` unless given), so the same inputs give the same token. HMAC from the
standard library, the key-pair algorithms through PyJWT.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from typing import Any

from runner._files import dump_json, utf8
from runner.core.auth._common import AuthError, drop_query, flag, need_extra, remove_headers, text
from runner.model.prepared import Prepared

NAME = "jwt"
SECRETS = ("secret", "privateKey")
HMAC = ("HS256", "HS384", "HS512")
ALGORITHMS = HMAC + ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json_object(spec: dict[str, Any], key: str) -> dict[str, Any]:
    raw = spec.get(key)
    if isinstance(raw, str):
        if not raw.strip():
            return {}
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise AuthError(f"jwt: {key} is not valid JSON: {exc}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise AuthError(f"jwt: {key} must be a JSON object")
    return raw


def token(spec: dict[str, Any]) -> str:
    algorithm = text(spec, "algorithm")
    if algorithm not in ALGORITHMS:
        raise AuthError(f"jwt: invalid algorithm {algorithm!r} (supported: {', '.join(ALGORITHMS)})")
    header = {**_json_object(spec, "header"), "alg": algorithm}
    payload = _json_object(spec, "payload")
    signing_input = ".".join(_b64url(dump_json(part, separators=(",", ":")).encode())
                             for part in (header, payload))
    if algorithm in HMAC:
        secret = text(spec, "secret")
        if not secret:
            raise AuthError("jwt: invalid secret key: enter a valid key")
        try:
            key: Any = base64.b64decode(secret) if flag(spec, "isSecretBase64Encoded") else utf8(secret)
        except (binascii.Error, ValueError):
            raise AuthError("jwt: the secret is marked base64 but is not base64") from None
    else:
        key = text(spec, "privateKey")
        if not key:
            raise AuthError("jwt: invalid private key: enter a valid key")
    return signing_input + "." + _b64url(_signature(algorithm, key, signing_input.encode()))


def _signature(algorithm: str, key: Any, message: bytes) -> bytes:
    if algorithm in HMAC:  # any bytes are a secret (PyJWT refuses PEM-looking ones; Postman does not)
        return hmac.new(key, message, f"sha{algorithm[2:]}").digest()
    from jwt.algorithms import get_default_algorithms, has_crypto
    from jwt.exceptions import PyJWTError

    if algorithm not in HMAC and not has_crypto:
        raise need_extra("cryptography", "crypto", f"jwt {algorithm}")
    signer = get_default_algorithms()[algorithm]
    try:
        return signer.sign(message, signer.prepare_key(key))
    except (ValueError, TypeError, PyJWTError) as exc:
        raise AuthError(f"jwt {algorithm}: cannot sign with this key ({exc.__class__.__name__}: {exc})") from None


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    value = token(spec)
    if text(spec, "addTokenTo", "header") == "queryParam":
        name = text(spec, "queryParamKey") or "token"
        drop_query(prepared, {name})
        prepared.params.append((name, value))
        return
    remove_headers(prepared, "Authorization")
    prefix = "Bearer" if spec.get("headerPrefix") is None else text(spec, "headerPrefix")
    prepared.headers.append(("Authorization", f"{prefix} {value}" if prefix else value))

"""Digest access authentication (RFC 7616) as Postman does it: MD5, MD5-sess, SHA-256, SHA-256-sess,
SHA-512-256, SHA-512-256-sess; qop auth and auth-int. With realm and nonce given the first request is
signed; otherwise it goes unsigned and the server's 401 (or 403) challenge is answered once. What a
server's challenge taught is kept for the run, so later requests are signed straight away
(nonce count increasing) unless ``disableRetryRequest``."""

from __future__ import annotations

import hashlib
import re
import secrets
import string
from collections.abc import Generator
from typing import Any

import httpx

from runner._files import utf8
from runner.core.auth._common import AuthError, body_bytes, flag, remove_headers, sent_url, target, text
from runner.model.prepared import Prepared

NAME = "digest"
SECRETS = ("password",)
HASHES = {"MD5": "md5", "MD5-sess": "md5", "SHA-256": "sha256", "SHA-256-sess": "sha256",
          "SHA-512-256": "sha512_256", "SHA-512-256-sess": "sha512_256"}
_CHALLENGE_FIELDS = ("nonce", "realm", "qop", "opaque")
_CHARS = string.ascii_letters + string.digits


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    algorithm = text(spec, "algorithm") or "MD5"
    if algorithm not in HASHES:
        raise AuthError(f"digest: unsupported algorithm {algorithm!r} (supported: {', '.join(HASHES)})")
    username = text(spec, "username")
    if not username:
        return
    remove_headers(prepared, "Authorization")
    url = sent_url(prepared)
    key = (username, text(spec, "realm"), url.scheme, url.netloc)
    learnt: dict[str, str] = tokens.challenges.setdefault(("digest",) + key, {})
    state = {f: text(spec, f) for f in _CHALLENGE_FIELDS}
    state.update(nonceCount=text(spec, "nonceCount"), clientNonce=text(spec, "clientNonce"))
    state.update({k: v for k, v in learnt.items() if v})
    params = {**spec, "algorithm": algorithm}
    if state["realm"] and state["nonce"]:
        prepared.headers.append(("Authorization", header_value(params, state, prepared.method, target(url),
                                                               _body_hash(prepared, algorithm, state))))
        if learnt:  # the next request counts on
            learnt["nonceCount"] = _next_count(state["nonceCount"])
    if not flag(spec, "disableRetryRequest"):
        prepared.auth_flow = _Challenge(params, state, learnt, prepared)


def _next_count(count: str) -> str:
    return f"{int(count) + 1:08d}" if count.isdigit() else "00000001"


def _body_hash(prepared: Prepared, algorithm: str, state: dict[str, str]) -> str:
    if state.get("qop") != "auth-int":
        return ""
    return hashlib.new(HASHES[algorithm], body_bytes(prepared) or b"").hexdigest()


def header_value(spec: dict[str, Any], state: dict[str, str], method: str, uri: str, body_hash: str) -> str:
    algorithm = text(spec, "algorithm")
    name = HASHES[algorithm]

    def h(data: str) -> str:
        return hashlib.new(name, utf8(data)).hexdigest()

    username, password = text(spec, "username"), text(spec, "password")
    realm, nonce, qop = state["realm"], state["nonce"], state.get("qop", "")
    count, cnonce = state.get("nonceCount", ""), state.get("clientNonce", "")
    a1 = f"{username}:{realm}:{password}"
    if algorithm.endswith("-sess"):
        a1 = f"{h(a1)}:{nonce}:{cnonce}"
    a2 = f"{method}:{uri}:{body_hash}" if qop == "auth-int" else f"{method}:{uri}"
    if qop in ("auth", "auth-int"):
        response = h(":".join([h(a1), nonce, count, cnonce, qop, h(a2)]))
    else:
        response = h(":".join([h(a1), nonce, h(a2)]))
    parts = [f'username="{username}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
             f'algorithm="{algorithm}"']
    if qop in ("auth", "auth-int"):
        parts.append(f"qop={qop}")
    if qop in ("auth", "auth-int") or algorithm == "MD5-sess":
        if count:
            parts.append(f"nc={count}")
        parts.append(f'cnonce="{cnonce}"')
    parts.append(f'response="{response}"')
    if state.get("opaque"):
        parts.append(f'opaque="{state["opaque"]}"')
    return "Digest " + ", ".join(parts)


def _challenge(response: httpx.Response) -> dict[str, str] | None:
    for value in response.headers.get_list("www-authenticate"):
        if value.lower().startswith("digest "):
            return {f: (m.group(1) if (m := re.search(rf'{f}="([^"]*)"', value, re.I)) else "")
                    for f in _CHALLENGE_FIELDS}
    return None


class _Challenge(httpx.Auth):
    """Answers one 401/403 Digest challenge: sign with the server's realm, nonce, qop and opaque, resend."""

    def __init__(self, spec: dict[str, Any], state: dict[str, str], learnt: dict[str, str], prepared: Prepared):
        self._spec, self._state, self._learnt, self._prepared = spec, state, learnt, prepared

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        challenge = _challenge(response) if response.status_code in (401, 403) else None
        if challenge is None or (self._state["nonce"] == challenge["nonce"] and self._state["realm"]):
            return  # nothing new to answer with
        state = {**self._state, **{k: v for k, v in challenge.items() if v}}
        offered = [q.strip() for q in state.get("qop", "").split(",") if q.strip()]
        if len(offered) > 1:  # the server lets us choose: plain "auth" where offered
            state["qop"] = "auth" if "auth" in offered else offered[0]
        if state.get("qop") or self._state.get("qop"):
            state["clientNonce"] = "".join(secrets.choice(_CHARS) for _ in range(8))
            state["nonceCount"] = "00000001"
        uri = request.url.raw_path.decode("ascii")
        request.headers["Authorization"] = header_value(
            self._spec, state, request.method, uri, _body_hash(self._prepared, text(self._spec, "algorithm"), state))
        self._learnt.clear()
        self._learnt.update(state, nonceCount=_next_count(state.get("nonceCount", "")))
        yield request

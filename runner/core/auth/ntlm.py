"""NTLM (challenge-response over the same connection): the request goes unsigned, and a 401 (or 403)
asking for NTLM or Negotiate is answered with the negotiate and then the authenticate message.
Options as Postman's: username (``DOMAIN\\user`` and ``user@domain`` understood), password, domain,
workstation (not sent: the NTLM library writes its own), disableRetryRequest. The NTLM messages come
from ``pyspnego`` (extra ``[ntlm]``)."""

from __future__ import annotations

import base64
from collections.abc import Generator
from typing import Any

import httpx

from runner.core.auth._common import flag, need_extra, remove_headers, text
from runner.model.prepared import Prepared

NAME = "ntlm"
SECRETS = ("password",)


def split_user(username: str, domain: str) -> tuple[str, str]:
    """(user, domain) as Postman reads them: an explicit domain wins, else ``DOMAIN\\user`` or ``user@domain``."""
    if domain:
        return username, domain
    if "\\" in username and "@" in username:
        return username, ""
    head, sep, tail = username.partition("\\")
    if sep and head and tail and "\\" not in tail:
        return tail, head
    head, sep, tail = username.partition("@")
    if sep and head and tail and "@" not in tail:
        return head, tail
    return username, ""


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    try:
        import spnego  # noqa: F401
    except ImportError:
        raise need_extra("pyspnego", "ntlm", "ntlm auth") from None
    remove_headers(prepared, "Authorization")
    if flag(spec, "disableRetryRequest"):
        return
    user, domain = split_user(text(spec, "username"), text(spec, "domain"))
    prepared.auth_flow = _Handshake(f"{domain}\\{user}" if domain else user, text(spec, "password"))


class _Handshake(httpx.Auth):
    def __init__(self, username: str, password: str) -> None:
        self._username, self._password = username, password

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        import spnego
        from spnego.exceptions import SpnegoError

        response = yield request
        offered = " ".join(response.headers.get_list("www-authenticate"))
        if response.status_code not in (401, 403) or ("NTLM" not in offered and "negotiate" not in offered.lower()):
            return
        client = spnego.client(self._username, self._password, protocol="ntlm")
        request.headers["Authorization"] = "NTLM " + base64.b64encode(client.step() or b"").decode("ascii")
        response = yield request
        challenge = next((v for v in response.headers.get_list("www-authenticate") if v.startswith("NTLM ")), None)
        if response.status_code not in (401, 403) or challenge is None:
            return
        try:
            answer = client.step(base64.b64decode(challenge[5:].strip()))
        except (ValueError, SpnegoError):  # a malformed challenge: the 401 stands, as Postman leaves it
            return
        request.headers["Authorization"] = "NTLM " + base64.b64encode(answer or b"").decode("ascii")
        yield request

"""URLs as Postman puts them on the wire.

Postman (postman-url-encoder) splits the URL (after variables are substituted) into its parts and
percent-encodes each part with its own character set, leaving what is already encoded (``%XX``)
alone. Nothing else changes: dot segments stay, ``??`` and ``?&`` stay, an encoded ``#`` stays,
the fragment is not sent. A URL with no scheme is ``http://``. httpx normalises URLs (it removes
dot segments, for one), so the transport sends the request-target built here as written.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]*://")

# Characters each part encodes, besides C0 controls, DEL and every non-ASCII character.
_QUERY = " \"#'<>"
_PATH = " \"#<>?`{}"
_USERINFO = _PATH + "/:;=@[\\]^|"


def _needs(chars: str) -> re.Pattern[str]:
    return re.compile("[\x00-\x20\x7f-\U0010ffff" + re.escape(chars.replace(" ", "")) + "]")


_NEEDS = {_QUERY: _needs(_QUERY), _PATH: _needs(_PATH), _USERINFO: _needs(_USERINFO)}


class _Escapes(dict[int, str]):
    """A part's ``str.translate`` table: every ASCII character mapped (to itself or ``%XX``); any other
    character (every one is encoded) escaped as UTF-8 when first met, a lone surrogate as its bytes."""

    def __missing__(self, code: int) -> str:
        escaped = "".join(f"%{b:02X}" for b in chr(code).encode("utf-8", "surrogatepass"))
        if len(self) < 4096:  # the characters a run meets: a few dozen
            self[code] = escaped
        return escaped


def _escapes(needs: re.Pattern[str]) -> _Escapes:
    return _Escapes({code: f"%{code:02X}" if needs.match(chr(code)) else chr(code) for code in range(128)})


#: per part: how each character is written (``%`` is never encoded: ``%XX`` already there stays, and so does
#: a lone ``%``)
_TABLES = {chars: _escapes(needs) for chars, needs in _NEEDS.items()}


class WireUrl(NamedTuple):
    url: str  # scheme://authority + target (what results show)
    target: str  # path and query, exactly as sent


def with_scheme(url: str) -> str:
    """`url` with ``http://`` in front when it names no scheme (``localhost:3000/x``, ``{{host}}/x``)."""
    url = url.lstrip()
    if not url or _SCHEME.match(url):
        return url
    return "http://" + url.lstrip("/")


def percent_encode(text: str, chars: str) -> str:
    """`text` with the characters of its part's set as ``%XX`` (UTF-8); ``%XX`` already there is kept.

    A lone ``%`` (not followed by two hex digits) is kept as well, as Postman keeps it."""
    if not _NEEDS[chars].search(text):
        return text
    return text.translate(_TABLES[chars])


def _host(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return percent_encode(host, _PATH)


def postman_wire_url(url: str, encode: bool = True) -> WireUrl:
    """The URL and request-target Postman sends for `url` (variables already substituted).

    encode=False is ``protocolProfileBehavior.disableUrlEncoding``: parts are sent as they are."""
    url = with_scheme(url)
    head = url.partition("#")[0]  # the fragment is never sent
    base, qmark, query = head.partition("?")
    scheme, _, rest = base.replace("\\", "/").partition("://")
    authority, slash, path = rest.lstrip("/").partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    if at and encode:
        user, colon, password = userinfo.partition(":")
        userinfo = percent_encode(user, _USERINFO) + colon + percent_encode(password, _USERINFO)
    host, colon, port = hostport.rpartition(":") if ":" in hostport.rsplit("]", 1)[-1] else (hostport, "", "")
    path = "/" + path
    if encode:
        path, query = percent_encode(path, _PATH), percent_encode(query, _QUERY)
    target = path + qmark + query
    authority = f"{userinfo}{at}{_host(host)}{colon}{port}"
    return WireUrl(f"{scheme.lower()}://{authority}{target}", target)

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
#: per part: ``%XX`` (kept as it is) or one character to encode
_ENCODE = {chars: re.compile("%[0-9A-Fa-f]{2}|" + pattern.pattern) for chars, pattern in _NEEDS.items()}


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
    return _ENCODE[chars].sub(_escaped, text)


def _escaped(m: re.Match[str]) -> str:
    found = m.group()
    if len(found) == 3:  # %XX already there
        return found
    escaped = _ESCAPED.get(found)
    if escaped is None:
        escaped = "".join(f"%{b:02X}" for b in found.encode("utf-8", "surrogatepass"))
        if len(_ESCAPED) < 4096:  # the characters a run meets: a few dozen
            _ESCAPED[found] = escaped
    return escaped


_ESCAPED: dict[str, str] = {}  # character -> its %XX form


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

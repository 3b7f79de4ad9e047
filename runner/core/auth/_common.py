"""What every auth scheme needs: its error, reading a spec's options, and editing a Prepared request."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote_plus

import httpx

from runner.errors import AuthError
from runner.model.prepared import Prepared
from runner.transport.http import url_with_params

__all__ = ["AuthError"]  # re-exported for the scheme modules


def text(spec: dict[str, Any], key: str, default: str = "") -> str:
    """Option `key` of a rendered spec as text ("" when absent or null)."""
    value = spec.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def flag(spec: dict[str, Any], key: str) -> bool:
    """Option `key` as a boolean: Postman writes true/false, a template may render "true"."""
    value = spec.get(key)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def need_extra(package: str, extra: str, why: str) -> AuthError:
    return AuthError(f"{why} needs the optional package {package!r}: pip install 'cdp-runner[{extra}]'")


# -- headers ---------------------------------------------------------------------------------------

def header(prepared: Prepared, name: str) -> str | None:
    """The last value of header `name` (any case), or None."""
    found = None
    for key, value in prepared.headers:
        if key.lower() == name.lower():
            found = value
    return found


def remove_headers(prepared: Prepared, *names: str) -> None:
    lowered = {n.lower() for n in names}
    prepared.headers = [(k, v) for k, v in prepared.headers if k.lower() not in lowered]


def set_header(prepared: Prepared, name: str, value: str) -> None:
    """Replace every header `name` (any case) by one: what an auth helper adds wins over the request's own."""
    remove_headers(prepared, name)
    prepared.headers.append((name, value))


def upsert_header(prepared: Prepared, name: str, value: str) -> None:
    """Set the value of header `name` where it is, or add it at the end."""
    for i, (key, _) in enumerate(prepared.headers):
        if key.lower() == name.lower():
            prepared.headers[i] = (key, value)
            return
    prepared.headers.append((name, value))


# -- URL and query ---------------------------------------------------------------------------------

def sent_url(prepared: Prepared) -> httpx.URL:
    """The URL as it goes on the wire (query parameters added by earlier steps included)."""
    try:
        return httpx.URL(url_with_params(prepared))
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise AuthError(f"cannot sign the request: invalid URL ({exc})") from None


def target(url: httpx.URL) -> str:
    """Path and query as sent (``/a/b?x=1``)."""
    return url.raw_path.decode("ascii")


def query_pairs(url: httpx.URL) -> list[tuple[str, str]]:
    """The decoded query parameters of `url` (``+`` is a space, as in a form), blanks kept."""
    query = url.query.decode("ascii")
    pairs = []
    for piece in query.split("&") if query else []:
        key, _, value = piece.partition("=")
        pairs.append((unquote_plus(key), unquote_plus(value)))
    return pairs


def drop_query(prepared: Prepared, names: set[str]) -> None:
    """Remove the query parameters called `names` from the URL and from `params` (others kept as written)."""
    prepared.params = [(k, v) for k, v in prepared.params if k not in names]
    base, hash_, fragment = prepared.url.partition("#")
    path, question, query = base.partition("?")
    if not question:
        return
    kept = [p for p in query.split("&") if unquote_plus(p.partition("=")[0]) not in names]
    prepared.url = path + (("?" + "&".join(kept)) if kept else "") + hash_ + fragment


def percent_encode(value: str) -> str:
    """RFC 3986 encoding: everything but letters, digits and ``-._~``."""
    return quote(value, safe="")


# -- body ------------------------------------------------------------------------------------------

def body_bytes(prepared: Prepared) -> bytes | None:
    """The body as it will be sent; b"" when there is none, None for multipart (not known before sending)."""
    if prepared.files:
        return None
    if prepared.content is not None:
        return prepared.content
    if prepared.data:
        return httpx.Request("POST", "http://body.invalid/", data=dict(prepared.data)).read()
    return b""


def content_type(prepared: Prepared) -> str:
    given = header(prepared, "Content-Type")
    if given is not None:
        return given
    return "application/x-www-form-urlencoded" if prepared.data else ""


_SEPARATORS = re.compile(r"[\W_]+")


def same_header_name(a: str, b: str) -> bool:
    """Header names compared as Postman's apikey helper does: case and separators (-, _, space) ignored."""
    return _SEPARATORS.sub(" ", a).strip().lower() == _SEPARATORS.sub(" ", b).strip().lower()

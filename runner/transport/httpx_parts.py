"""httpx objects for a request without httpx's per-request work that a run has already done.

``httpx.URL(text)`` checks and percent-normalises a URL character by character (~60 us for a
Stream API URL with its JSON ``message``): the largest part of building a request. The URL a
request is sent to is its prepared URL (parsed by httpx, once per distinct URL) plus a query
the run encoded itself, which holds only characters httpx leaves as they are; so the parsed
URL takes that query as it is. Any URL that is not that case is parsed by httpx as before,
and a URL httpx refuses is refused with httpx's own error, as before.

``client.build_request`` merges and normalises a request's headers four times over (~10 us); the
usual request (a parsed absolute URL, a body of bytes or none, no cookie to send) is built with
them merged once, exactly as httpx would build it (``simple_request``; checked against httpx on a
run's first request, else httpx builds every request).

httpx also hands every response to the cookie jar through two ``urllib`` adapter objects (~25 us);
a response without ``Set-Cookie`` gives the jar nothing to do, so it is not handed over.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

#: httpx's limit on a URL's length (httpx._urlparse.MAX_URL_LENGTH): longer URLs go to httpx to refuse
_MAX_URL_LENGTH = 65536
_parsed: dict[str, httpx.URL] = {}  # prepared URL -> httpx's parse of it
_PARSED_KEPT = 256


def _with_query(url: httpx.URL, query: str) -> httpx.URL | None:
    """``url`` with its query replaced by `query`, already in httpx's normal form; None if this
    httpx's URL is not built the way this relies on (then httpx parses the whole URL)."""
    try:
        reference = url._uri_reference._replace(query=query)
        joined = httpx.URL.__new__(httpx.URL)
        joined._uri_reference = reference
    except (AttributeError, TypeError, ValueError):
        return None
    return joined


def _parse_once(url: str) -> httpx.URL | None:
    """httpx's parse of `url`, kept per distinct text (a run sends to a few); None if httpx refuses it."""
    parsed = _parsed.get(url)
    if parsed is None:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError):
            return None
        if len(_parsed) >= _PARSED_KEPT:
            _parsed.clear()
        _parsed[url] = parsed
    return parsed


def request_url(url: str, query: str) -> httpx.URL | str:
    """What to give httpx for `url` (no fragment-only parts moved: the query goes before any
    ``#``) with `query` appended; `query` holds only unreserved characters, ``%XX``, ``=`` and
    ``&`` (as ``urlencode(..., quote_via=quote, safe="")`` writes it). A string when httpx must
    parse it itself."""
    base, hash_, fragment = url.partition("#")
    text = f"{base}{'&' if '?' in base else '?'}{query}{hash_}{fragment}"
    if len(text) > _MAX_URL_LENGTH or not _FAST:
        return text
    parsed = _parse_once(url)
    if parsed is None:
        return text  # refused: by httpx, for the whole URL, with its own message
    own = parsed.query.decode("ascii")
    joined = _with_query(parsed, f"{own}&{query}" if '?' in base else query)
    return text if joined is None else joined


#: what httpx percent-encodes in a query (its QUERY_SAFE leaves every other printable ASCII as it is)
_QUERY_ENCODES = re.compile('[ "<>\x80-\U0010ffff]')
#: what makes httpx refuse a URL (ASCII controls) or that UTF-8 cannot encode (lone surrogates)
_REFUSED = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _utf8_escaped(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))


def parsed_url(url: str) -> httpx.URL | str:
    """What to give httpx for `url`, a URL whose query the run did not encode itself (a Postman
    request's wire URL, a native URL written with its query): its part before the query parsed by
    httpx once per distinct value, its query put in httpx's normal form here (httpx checks and
    quotes it character by character, ~0.1 ms for a Stream API message). A string (httpx parses
    it whole, and refuses it with its own error) for anything else."""
    base, question, query = url.partition("?")
    if not question or "#" in url or len(url) > _MAX_URL_LENGTH or not _FAST or _REFUSED.search(url):
        return url
    parsed = _parse_once(base)
    if parsed is None:
        return url
    joined = _with_query(parsed, _QUERY_ENCODES.sub(_utf8_escaped, query))
    return url if joined is None else joined


def _self_check() -> bool:
    """This httpx builds the same URL as parsing the whole text (else: always parse)."""
    sample = "http://h.example:8080/a/./b/%7e%zz?x=%41%4&y=a%20b#f"
    query = "k=v%7B%22a%22%3A1%7D&m=-._~"
    joined = _with_query(httpx.URL(sample), httpx.URL(sample).query.decode("ascii") + "&" + query)
    whole = httpx.URL("http://h.example:8080/a/./b/%7e%zz?x=%41%4&y=a%20b&" + query + "#f")
    return joined is not None and joined == whole and joined.raw_path == whole.raw_path \
        and str(joined) == str(whole) and joined.fragment == whole.fragment


_FAST = _self_check()


def simple_request(client: httpx.Client, method: str, url: httpx.URL | str, headers: Any, content: bytes | None,
                   extensions: dict[str, Any]) -> httpx.Request | None:
    """The request ``client.build_request(method, url, headers=headers, content=content,
    extensions=extensions)`` builds, for the usual request (an absolute, already parsed URL; a body
    of bytes or none; no cookie to send), built without the work it does for any other: its headers
    are merged and normalised once, not four times over, and its body given as the stream. None
    for any other request (then httpx builds it)."""
    # (an absolute URL: the client's base_url plays no part)
    if not isinstance(url, httpx.URL) or url.is_relative_url or not (content is None or type(content) is bytes) \
            or client.cookies or client.params or not _builds_as_httpx(client):
        return None
    return _build(client, method, url, headers, content, extensions)


def _build(client: httpx.Client, method: str, url: httpx.URL, headers: Any, content: bytes | None,
           extensions: dict[str, Any]) -> httpx.Request:
    merged = httpx.Headers(client.headers)  # the client's defaults, then the request's own over them
    if headers:
        merged.update(headers)
    body = content or b""
    if body and "Content-Length" not in merged:  # what httpx's encode_content sets by default
        merged["Content-Length"] = str(len(body))
    auto: list[tuple[bytes, bytes]] = []  # what httpx's Request._prepare puts first
    if "Host" not in merged:
        auto.append((b"Host", url.netloc))
    if method.upper() in ("POST", "PUT", "PATCH") and "Content-Length" not in merged \
            and "Transfer-Encoding" not in merged:
        auto.append((b"Content-Length", b"0"))
    request = httpx.Request(method, url, headers=httpx.Headers(auto + merged.raw) if auto else merged,
                            stream=httpx.ByteStream(body), extensions=extensions)
    request.read()
    return request


def _builds_as_httpx(client: httpx.Client) -> bool:
    """simple_request builds what this httpx's build_request builds (checked once, on a run's first
    request; else httpx builds every request)."""
    global _BUILDS_AS_HTTPX
    if _BUILDS_AS_HTTPX is None:
        _BUILDS_AS_HTTPX = False  # while checking, and for good if the check fails
        samples: list[tuple[str, list[tuple[str, str]], bytes | None]] = [
            ("GET", [], None), ("POST", [("X-A", "1"), ("accept", "a/b")], b"{}"),
            ("put", [("Host", "h.test:1")], None), ("PATCH", [], b""),
            ("POST", [("Transfer-Encoding", "chunked")], None)]
        try:
            same = all(_same(_build(client, method, _SAMPLE_URL, headers, content, {"timeout": None}),
                             client.build_request(method, _SAMPLE_URL, headers=headers, content=content,
                                                  extensions={"timeout": None}))
                       for method, headers, content in samples)
        except Exception:  # noqa: BLE001 - any surprise from this httpx: it builds every request itself
            same = False
        _BUILDS_AS_HTTPX = same
    return _BUILDS_AS_HTTPX


def _same(ours: httpx.Request, theirs: httpx.Request) -> bool:
    def seen(r: httpx.Request) -> tuple[Any, ...]:
        return r.method, r.url, r.headers.raw, r.content, r.extensions, type(r.stream)

    return seen(ours) == seen(theirs)


_SAMPLE_URL = httpx.URL("http://h.example:8080/p?q=1")
_BUILDS_AS_HTTPX: bool | None = None  # None: not checked yet


class ResponseCookies(httpx.Cookies):
    """The run's cookie jar as httpx's client holds it: a response reaches the jar only if it sets
    a cookie (``CookieJar.extract_cookies`` does nothing else with one that does not)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


def use_jar(client: httpx.Client, jar: Any) -> None:
    """`client` stores and sends cookies in `jar` (the run's, shared by all its clients)."""
    client.cookies = jar  # httpx wraps it, keeping the jar itself
    cookies = ResponseCookies(jar)
    if getattr(client, "_cookies", None) is client.cookies:  # where this httpx keeps it: skip empty responses
        client._cookies = cookies

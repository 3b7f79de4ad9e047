"""Following redirects one hop at a time, as Postman does, so each request controls its own.

A 301/302/303 turns the request into a GET without a body (``followOriginalHttpMethod`` keeps the
method and body); 307/308 keep both. Each hop sends ``Referer`` (the URL it came from). When a
hop leaves the origin (scheme, host, port), credentials stay behind: ``Authorization``,
``Proxy-Authorization``, ``Cookie`` (the cookie jar adds the new host's own) and every header the
request marked as a credential (an API key header, a header holding a secret). Postman drops
``Authorization`` when the host changes; cdp-runner drops every credential when the origin does,
and sends only the origin as ``Referer`` there.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from runner.model.prepared import Prepared
from runner.transport.url import postman_wire_url

REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
ALWAYS_CREDENTIALS = ("authorization", "proxy-authorization", "cookie")
_BODY_HEADERS = ("content-type", "content-length", "transfer-encoding")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def shown_url(request: httpx.Request) -> str:
    """The URL as it went on the wire: the request-target sent as written, when one was set."""
    target = request.extensions.get("target")
    if target is None:
        return str(request.url)
    url = request.url
    return f"{url.scheme}://{url.netloc.decode('ascii')}{target.decode('ascii', 'replace')}"


def location_of(response: httpx.Response) -> str | None:
    """Where a redirect response points (None: not a redirect, or no usable Location)."""
    if response.status_code not in REDIRECT_STATUSES:
        return None
    return response.headers.get("location") or None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def next_request(client: httpx.Client, request: httpx.Request, location: str, status: int,
                 prepared: Prepared) -> httpx.Request:
    """The request that follows `request` to `location` after a redirect with `status`."""
    came_from = shown_url(request)
    to = urljoin(came_from, location.strip())
    method = request.method
    keep_body = status in (307, 308) or prepared.follow_original_method
    if not keep_body and method != "HEAD":
        method = "GET"
    same_origin = _origin(came_from) == _origin(to)
    drop = {"host", "referer", "cookie"}
    if not keep_body:
        drop.update(_BODY_HEADERS)
    if not same_origin:
        drop.update(ALWAYS_CREDENTIALS, prepared.credential_headers)
    headers = [(k, v) for k, v in request.headers.raw if k.decode("latin-1").lower() not in drop]
    if same_origin:  # the request's own Cookie header stays on its origin (the jar adds the rest)
        headers += [(k.encode("latin-1"), v.encode()) for k, v in prepared.headers if k.lower() == "cookie"]
    # Referer: the whole URL on the same origin (as Newman); only the origin across origins, as
    # browsers do, so a credential in the query (an API key) does not travel with it
    referer = came_from if same_origin else "{}://{}/".format(*urlsplit(came_from)[:2])
    headers.append((b"Referer", referer.encode("ascii", "replace")))
    target = None
    if prepared.target is not None:  # the URL as written, Postman's way
        to, target = postman_wire_url(to)
    follow = client.build_request(method, to, headers=headers, content=request.content if keep_body else None)
    if target is not None:
        follow.extensions["target"] = target.encode("ascii")
    follow.extensions["timeout"] = request.extensions.get("timeout")
    return follow

"""Dispatch of method + path to the handler of an API module.

Each module of :mod:`.apis` declares its routes with a :class:`Routes` table::

    routes = Routes()

    @routes("GET|POST", r"/v2/orders")
    def orders(sb: State, request: httpx.Request) -> httpx.Response: ...

and :class:`Router` answers a request with the matching handler, a 405 (known path, other
method), a 404, or a CORS preflight answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from .responses import json_response, stream_error
from .state import State

Handler = Callable[..., httpx.Response]
_SLASHES = re.compile(r"/{2,}")


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    pattern: re.Pattern[str]
    handler: Handler

    def display(self) -> str:
        """``GET|POST /(v2|v2.1)/orders/{ref}``: alternatives shown, other parameters named."""
        path = _GROUP.sub(_shown, self.pattern.pattern.strip("^$")).replace("\\", "")
        return f"{'|'.join(self.methods)} {path}"


_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")


def _shown(m: re.Match[str]) -> str:
    name, body = m.group(1), m.group(2)
    return f"({body})" if "|" in body and re.fullmatch(r"[\w\\.|]+", body) else "{" + name + "}"


class Routes(list):
    """A module's route table; calling it gives a decorator that adds a route."""

    def __call__(self, methods: str, pattern: str) -> Callable[[Handler], Handler]:
        def add(fn: Handler) -> Handler:
            self.append(Route(tuple(methods.split("|")), re.compile("^" + pattern + "$"), fn))
            return fn

        return add


def normalise_path(path: str) -> str:
    """One slash between segments and none at the end (public collections write ``/v2//x`` and
    ``.../ext/``; the sandbox reads them as ``/v2/x`` and ``.../ext``)."""
    path = _SLASHES.sub("/", path)
    return path.rstrip("/") if len(path) > 1 else path


class Router:
    def __init__(self, routes: Iterable[Route]):
        # most specific (longest) patterns first, so ".../extensions/x" beats ".../{ref}"
        self.routes = sorted(routes, key=lambda r: -len(r.pattern.pattern))

    def dispatch(self, sb: State, request: httpx.Request) -> httpx.Response:
        path = normalise_path(request.url.path)
        method = request.method.upper()
        if method == "OPTIONS":  # CORS preflight, so a browser page can call the sandbox
            return httpx.Response(204, headers={
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
                "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers", "*"),
                "Access-Control-Max-Age": "600",
            })
        allowed: list[str] = []
        for route in self.routes:
            m = route.pattern.match(path)
            if not m:
                continue
            if method in route.methods or (method == "HEAD" and "GET" in route.methods):
                return route.handler(sb, request, **m.groupdict())  # url.path is already percent-decoded
            allowed.extend(route.methods)
        if allowed:
            if path.startswith("/v1.2/"):
                return stream_error(request, 405, f"method {method} not allowed on {path}", "method_not_allowed")
            body = {"status": 405, "code": 405, "message": f"method {method} not allowed on {path}",
                    "allowed": sorted(set(allowed))}
            return json_response(405, body, {"Allow": ", ".join(sorted(set(allowed)))})
        if path.startswith("/v1.2/"):
            return stream_error(request, 404, f"no Stream API resource at {path}", "not_found")
        return json_response(404, {"status": 404, "code": 404, "error": "not_found",
                                   "message": f"no sandbox route for {method} {path}"})

    def index(self, sb: State) -> dict[str, Any]:
        return {
            "name": "cdp-runner sandbox",
            "description": "Stateful stand-in for the Sitecore CDP / Personalize APIs. Made-up credentials.",
            "credentials": {"client_key": sb.config.client_key, "api_token": sb.config.api_token,
                            "pos": list(sb.config.points_of_sale),
                            "oauth_client_id": sb.config.oauth_client_id,
                            "oauth_client_secret": sb.config.oauth_client_secret},
            "endpoints": sorted({r.display() for r in self.routes}),
        }

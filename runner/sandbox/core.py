"""The sandbox itself: its :class:`~.state.State` plus a request handler
(``httpx.Request -> httpx.Response``) that dispatches to the APIs of :mod:`.apis`.

Everything here is synchronous and free of I/O; :mod:`.server` adapts the same
:meth:`Sandbox.handle` to ASGI for uvicorn. What is certain about the real APIs is followed;
where the real behaviour is unknown the sandbox is lenient, its choices listed in
``docs/sandbox.md`` and changeable through :class:`SandboxConfig`.
"""

from __future__ import annotations

import traceback

import httpx

from .apis import audience, batch, connections, decisions, destination, edge, flows, guests, oauth, orders, stream
from .responses import HttpError, json_response
from .router import Router, Routes
from .state import Browser, Guest, SandboxConfig, Session, State

__all__ = ["Sandbox", "SandboxConfig", "Browser", "Session", "Guest"]

_index = Routes()


@_index("GET", r"/")
def _describe(sb: State, request: httpx.Request) -> httpx.Response:
    assert isinstance(sb, Sandbox)
    return json_response(200, sb.router.index(sb))


ROUTER = Router([*stream.routes, *edge.routes, *guests.routes, *orders.routes, *batch.routes, *flows.routes,
                 *connections.routes, *decisions.routes, *audience.routes, *oauth.routes,
                 *destination.routes, *_index])


class Sandbox(State):
    """A stateful stand-in for the Sitecore CDP / Personalize APIs.

    ``Sandbox(seed=1)`` makes every ref and token deterministic. Keyword arguments other than
    ``seed`` override fields of ``config`` (``Sandbox(wrong_key_status=403)``).
    """

    router = ROUTER

    def transport(self) -> httpx.MockTransport:
        """An in-process transport (no sockets) for ``httpx.Client(transport=...)`` or mounts."""
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        """The same for ``httpx.AsyncClient`` (``MockTransport`` serves both)."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request. Thread-safe; never does I/O."""
        with self._lock:
            try:
                self.expire_sessions()
                response = self.router.dispatch(self, request)
            except HttpError as e:
                response = e.response
            except Exception as e:  # pragma: no cover - defensive
                if self.config.raise_errors:
                    raise
                response = json_response(
                    500,
                    {"status": 500, "error": "internal_error", "message": f"sandbox bug: {e!r}",
                     "trace": traceback.format_exc().splitlines()[-3:]},
                )
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
            self.request_log.append((request.method, str(request.url), response.status_code))
            return response

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return self.handle(request)

"""Embedded, stateful stand-in for the Sitecore CDP / Personalize APIs.

In-process (no sockets)::

    sandbox = Sandbox()
    client = httpx.Client(mounts={f"https://{SANDBOX_HOST}": sandbox.transport(),
                                  f"http://{SANDBOX_HOST}": sandbox.transport()})

On loopback, for Newman, curl or a browser: ``serve(port=8787)`` (blocking) or, from tests,
``with running() as base_url: ...`` (a background uvicorn on a free port).

Endpoints (every route, its source page and the sandbox's choices: docs/sandbox.md): Stream API
v1.2 with the documented event rules (also on the Cloud SDK edge proxy paths), Guest REST v2.1
and legacy v2 with data extensions, Order REST v2.1 and legacy v2, the Batch API, Personalize
``POST /v2/callFlows`` and the Connection REST API, audience sync jobs and decision models, an
OAuth2 client-credentials ``POST /oauth/token`` and a fake destination
``/destination/emails/<email>`` that requires its Bearer token.
"""

from .constants import (
    API_TOKEN,
    CLIENT_KEY,
    EDGE_CONTEXT_ID,
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    POS,
    SANDBOX_HOST,
)
from .core import Browser, Guest, Sandbox, SandboxConfig, Session
from .server import SandboxURL, asgi_app, running, serve

__all__ = [
    "SANDBOX_HOST",
    "CLIENT_KEY",
    "API_TOKEN",
    "POS",
    "EDGE_CONTEXT_ID",
    "OAUTH_CLIENT_ID",
    "OAUTH_CLIENT_SECRET",
    "Sandbox",
    "SandboxConfig",
    "Browser",
    "Guest",
    "Session",
    "serve",
    "running",
    "asgi_app",
    "SandboxURL",
]

"""Serving a :class:`~runner.sandbox.core.Sandbox` on a socket (uvicorn + a tiny ASGI adapter)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx

from .core import Sandbox, SandboxConfig

__all__ = ["asgi_app", "serve", "running", "SandboxURL"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def asgi_app(sandbox: Sandbox) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """An ASGI application answering every HTTP request with ``sandbox.handle``."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":  # websockets are not part of the sandbox
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        host = next((v for k, v in headers if k.lower() == "host"), None)
        if not host:
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        url = f"{scope.get('scheme', 'http')}://{host}{raw_path.decode('latin-1')}"
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        request = httpx.Request(scope["method"], url, headers=headers, content=b"".join(chunks))
        response = sandbox.handle(request)  # fast, pure, no I/O: fine on the event loop
        await send({
            "type": "http.response.start",
            "status": response.status_code,
            "headers": [(k.lower(), v) for k, v in response.headers.raw],
        })
        await send({"type": "http.response.body", "body": response.content})

    return app


def _uvicorn_config(app: Any, host: str, port: int, certfile: str | None, keyfile: str | None,
                    log_level: str, **extra: Any):
    import uvicorn

    if keyfile and not certfile:
        raise ValueError("keyfile given without certfile")
    return uvicorn.Config(
        app, host=host, port=port, ssl_certfile=certfile, ssl_keyfile=keyfile, log_level=log_level,
        lifespan="off", server_header=False, timeout_graceful_shutdown=2, **extra,
    )


def serve(host: str = "127.0.0.1", port: int = 8787, *, certfile: str | None = None, keyfile: str | None = None,
          sandbox: Sandbox | None = None, config: SandboxConfig | None = None, log_level: str = "info") -> None:
    """Run the sandbox on ``host:port`` until interrupted (HTTPS when ``certfile`` is given;
    ``keyfile`` may be omitted when the key is in the same PEM)."""
    import uvicorn

    sb = sandbox if sandbox is not None else Sandbox(config)
    uvicorn.Server(_uvicorn_config(asgi_app(sb), host, port, certfile, keyfile, log_level)).run()


class SandboxURL(str):
    """The base URL of a running sandbox (a ``str``), with ``.sandbox``, ``.host`` and ``.port``."""

    sandbox: Sandbox
    host: str
    port: int

    def __new__(cls, url: str, sandbox: Sandbox, host: str, port: int) -> SandboxURL:
        obj = super().__new__(cls, url)
        obj.sandbox, obj.host, obj.port = sandbox, host, port
        return obj


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


@contextlib.contextmanager
def running(host: str = "127.0.0.1", port: int = 0, certfile: str | None = None, keyfile: str | None = None, *,
            sandbox: Sandbox | None = None, config: SandboxConfig | None = None, log_level: str = "warning",
            startup_timeout: float = 10.0) -> Iterator[SandboxURL]:
    """Serve a sandbox in a background thread; yields its base URL (``port=0``: a free port).

    The yielded value is a ``str`` such as ``"http://127.0.0.1:54321"`` that also carries
    ``.sandbox`` (the :class:`Sandbox` serving it, for assertions on its state) and ``.port``.
    """
    import uvicorn

    sb = sandbox if sandbox is not None else Sandbox(config)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        actual_port = sock.getsockname()[1]
        server = uvicorn.Server(_uvicorn_config(asgi_app(sb), host, actual_port, certfile, keyfile, log_level))
        errors: list[BaseException] = []

        def run() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as e:  # surfaced to the caller below
                errors.append(e)

        thread = threading.Thread(target=run, name=f"cdp-runner-sandbox-{actual_port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"sandbox server failed to start: {errors[0] if errors else 'exited'}")
            if time.monotonic() > deadline:
                server.should_exit = True
                thread.join(5)
                raise RuntimeError(f"sandbox server did not start within {startup_timeout}s")
            time.sleep(0.01)
        scheme = "https" if certfile else "http"
        try:
            yield SandboxURL(f"{scheme}://{_url_host(host)}:{actual_port}", sb, host, actual_port)
        finally:
            server.should_exit = True
            thread.join(10)
    finally:
        sock.close()

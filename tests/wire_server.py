"""A loopback server for wire tests: it logs each request exactly as received (method, raw target,
headers in order, body) and answers by path:

- ``/redirect?status=N&to=URL``: a redirect to URL (default 302);
- ``/set-cookie?name=value``: sets that cookie (``Path=/``);
- ``/charset?c=NAME``: a text body declared in that charset;
- ``/deep?n=N``: a JSON array nested N deep;
- anything else: ``{"ok": true}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conftest import serving


class WireHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.log.append({"method": self.command, "target": self.path,  # type: ignore[attr-defined]
                                "headers": list(self.headers.items()), "body": body})
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        if url.path == "/redirect":
            self._answer(int(query.get("status", 302)), b"", {"Location": query["to"]})
        elif url.path == "/set-cookie":
            name, value = next(iter(query.items()))
            self._answer(200, b"{}", {"Set-Cookie": f"{name}={value}; Path=/", "Content-Type": "application/json"})
        elif url.path == "/charset":
            self._answer(200, "caf\u00e9".encode(), {"Content-Type": f"text/plain; charset={query['c']}"})
        elif url.path == "/deep":
            n = int(query["n"])
            self._answer(200, b"[" * n + b"]" * n, {"Content-Type": "application/json"})
        else:
            self._answer(200, b'{"ok": true}', {"Content-Type": "application/json"})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def wire_server() -> Iterator[ThreadingHTTPServer]:
    with serving(WireHandler, log=[]) as server:
        yield server


def header(entry: dict[str, Any], name: str) -> str | None:
    """The value of header `name` in a logged request (None: not sent)."""
    return next((v for k, v in entry["headers"] if k.lower() == name.lower()), None)


def header_count(entry: dict[str, Any], name: str) -> int:
    return sum(1 for k, _ in entry["headers"] if k.lower() == name.lower())


def postman(items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"info": {"name": "wire", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": items, **extra}


def write(tmp_path: Any, doc: dict[str, Any], name: str = "c.postman_collection.json") -> Any:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path

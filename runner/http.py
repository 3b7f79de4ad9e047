"""Sending requests: one pooled httpx client per run (per client certificate), faults as reasons."""

from __future__ import annotations

import json
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from .query import QueryError

MAX_BODY_BYTES = 50 * 1024 * 1024  # larger bodies are cut off and the request fails with a reason
DEFAULT_TIMEOUT_MS = 30_000.0


@dataclass(slots=True)
class Prepared:
    """A request ready to send: everything templated and authenticated."""

    method: str
    url: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)
    content: bytes | None = None
    data: list[tuple[str, str]] | None = None
    files: list[tuple[str, Any]] | None = None
    connect_ms: float | None = None
    read_ms: float | None = None
    cert: tuple[str, str] | None = None  # client certificate and key (PEM paths) for mTLS

    def build(self, client: httpx.Client) -> httpx.Request:
        return client.build_request(
            self.method, self.url, headers=self.headers, params=self.params or None,
            content=self.content, data=dict(self.data) if self.data else None, files=self.files,
        )


class Response:
    """The parts of an HTTP response that checks, captures and scripts look at."""

    __slots__ = ("status", "reason", "headers", "content", "time_ms", "_text", "_json")

    def __init__(self, status: int, reason: str, headers: httpx.Headers, content: bytes, time_ms: float) -> None:
        self.status, self.reason, self.headers = status, reason, headers
        self.content, self.time_ms = content, time_ms
        self._text: str | None = None
        self._json: Any = _UNPARSED

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.content.decode(_charset(self.headers), errors="replace")
        return self._text

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json_or_error(self) -> Any:
        """The parsed JSON body, or a QueryError saying why there is none (not raised)."""
        if self._json is _UNPARSED:
            try:
                self._json = json.loads(self.text)
            except ValueError as exc:
                ctype = self.headers.get("content-type", "no content type")
                self._json = QueryError(f"response body is not JSON ({ctype}): {exc.args[0]}")
        return self._json


_UNPARSED = object()


def _charset(headers: httpx.Headers) -> str:
    ctype = headers.get("content-type", "")
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


class HttpSession:
    """Pooled clients for one run. Requests to the sandbox host go to the in-process sandbox."""

    def __init__(
        self,
        *,
        verify: bool | str = True,
        cert: tuple[str, str] | None = None,
        mounts: dict[str, httpx.BaseTransport] | None = None,
        transport: httpx.BaseTransport | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._verify = verify
        self._default_cert = cert
        self._mounts = mounts or {}
        self._transport = transport
        self._clients: dict[tuple[str, str] | None, httpx.Client] = {}
        self.max_body_bytes = max_body_bytes

    def client(self, cert: tuple[str, str] | None = None) -> httpx.Client:
        cert = cert or self._default_cert
        client = self._clients.get(cert)
        if client is None:
            verify: Any = self._verify
            if cert is not None or isinstance(verify, str):
                ctx = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
                if verify is False:
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                if cert is not None:
                    ctx.load_cert_chain(cert[0], cert[1])
                verify = ctx
            client = httpx.Client(
                verify=verify, mounts=self._mounts or None, transport=self._transport,
                follow_redirects=True, timeout=DEFAULT_TIMEOUT_MS / 1000,
            )
            self._clients[cert] = client
        return client

    def send(self, prepared: Prepared) -> tuple[Response | None, str | None, httpx.Request | None]:
        """(response, None, request) or (None, reason, request): faults are reasons, never raised."""
        try:
            client = self.client(prepared.cert)
        except (OSError, ssl.SSLError) as exc:
            return None, f"TLS: cannot load client certificate {prepared.cert[0] if prepared.cert else ''}: {exc}", None
        try:
            request = prepared.build(client)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
            return None, f"invalid request: {exc}", None
        connect = (prepared.connect_ms or DEFAULT_TIMEOUT_MS) / 1000
        read = (prepared.read_ms or DEFAULT_TIMEOUT_MS) / 1000
        request.extensions["timeout"] = httpx.Timeout(connect=connect, read=read, write=read, pool=connect).as_dict()
        started = time.perf_counter()
        try:
            response = client.send(request, stream=True)
            try:
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > self.max_body_bytes:
                        return None, f"response body larger than {self.max_body_bytes} bytes: cut off", request
                    chunks.append(chunk)
            finally:
                response.close()
        except httpx.HTTPError as exc:
            return None, describe_fault(exc, prepared), request
        elapsed = (time.perf_counter() - started) * 1000
        content = b"".join(chunks)
        return Response(response.status_code, response.reason_phrase, response.headers, content, elapsed), None, request

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


def describe_fault(exc: Exception, prepared: Prepared | None = None) -> str:
    """A one-line reason for a network fault, as users read it in every report."""
    text = str(exc) or exc.__class__.__name__
    if isinstance(exc, httpx.ConnectTimeout):
        ms = prepared.connect_ms if prepared and prepared.connect_ms else DEFAULT_TIMEOUT_MS
        return f"connect timeout: no connection within {ms:g} ms"
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout)):
        ms = prepared.read_ms if prepared and prepared.read_ms else DEFAULT_TIMEOUT_MS
        return f"read timeout: no response within {ms:g} ms"
    if isinstance(exc, httpx.PoolTimeout):
        return "timeout waiting for a free connection"
    if isinstance(exc, httpx.ConnectError):
        low = text.lower()
        if "certificate" in low or "ssl" in low or "tls" in low or "handshake" in low:
            return f"TLS error: {text}"
        if "refused" in low:
            return "connection refused"
        if "name or service not known" in low or "nodename nor servname" in low or "name resolution" in low:
            return f"DNS: cannot resolve host ({text})"
        return f"cannot connect: {text}"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return f"connection closed or reset before a complete response: {text}"
    return f"{exc.__class__.__name__}: {text}"

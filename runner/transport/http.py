"""Sending requests: one pooled httpx client per run (per client certificate), faults as reasons."""

from __future__ import annotations

import functools
import re
import ssl
import time
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from runner.errors import FailureKind
from runner.model.collection import Request
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.model.results import Redirect
from runner.transport.base import Sent
from runner.transport.httpx_parts import parsed_url, request_url, simple_request, use_jar
from runner.transport.redirects import location_of, next_request, shown_url

MAX_BODY_BYTES = 50 * 1024 * 1024  # larger bodies are cut off and the request fails with a reason
DEFAULT_TIMEOUT_MS = 30_000.0
# The read timeout is two limits: httpx's, for each read (no byte for that long), and ours, for the
# whole response (headers and body) counted from the start of the send, so a server that trickles
# a byte now and then (slow drip) cannot hold a request forever. Newman's --timeout-request is a
# whole-response limit too. A server trickling the *headers* is bounded by the per-read limit only.


def url_with_params(prepared: Prepared) -> str:
    """The URL with `params` appended, each value percent-encoded (a JSON ``message`` included).

    Done here rather than by httpx's ``params=``, which parses the URL a second time (a third
    of the request-building cost with a Stream API message in the query)."""
    if not prepared.params:
        return prepared.url
    base, hash_, fragment = prepared.url.partition("#")
    return f"{base}{'&' if '?' in base else '?'}{encoded_params(prepared)}{hash_}{fragment}"


def encoded_params(prepared: Prepared) -> str:
    """`params` as the query that url_with_params appends: unreserved characters and ``%XX`` only
    (besides ``=`` and ``&``), as ``urlencode(params, quote_via=quote, safe="")`` writes it."""
    try:
        return "&".join([f"{_quote(k)}={_quote(v)}" for k, v in prepared.params])
    except AttributeError:  # not text (never so from templating): urllib says what to do with it
        return urlencode(prepared.params, quote_via=quote, safe="")


#: what ``quote(..., safe="")`` writes for each byte: an unreserved character as it is, else ``%XX``
_QUOTED = [chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "_.-~") else f"%{b:02X}" for b in range(256)]


def _quote(text: str) -> str:
    """``urllib.parse.quote(text, safe="")``, by one ``str.translate`` of its UTF-8 bytes (each byte
    one character) instead of a Python loop over them: twice as fast for a Stream API message."""
    return text.encode("utf-8").decode("latin-1").translate(_QUOTED)


def build_request(client: httpx.Client, prepared: Prepared, extensions: dict[str, Any] | None = None) -> httpx.Request:
    """The httpx request for `prepared`, built by `client` (its base headers, cookies, mounts), with
    `extensions` (the timeouts: else the client's)."""
    # Non-ASCII header values go as UTF-8 (as Postman sends them); httpx alone would refuse them.
    # Whitespace around a value is not part of it (RFC 9110), and h11 refuses it.
    headers: Any = [(k, v.strip(" \t") if v.isascii() else v.strip(" \t").encode("utf-8")) for k, v in prepared.headers]
    url = request_url(prepared.url, encoded_params(prepared)) if prepared.params else parsed_url(prepared.url)
    request = None
    if prepared.data is None and not prepared.files and extensions is not None:
        request = simple_request(client, prepared.method, url, headers, prepared.content, extensions)
    if request is None:
        request = client.build_request(
            prepared.method, url,
            headers=headers,
            content=prepared.content, data=dict(prepared.data) if prepared.data else None, files=prepared.files,
            extensions=extensions,
        )
    if prepared.files:  # a multipart body is a stream: read it once, so it can be shown and re-sent
        request.read()
    if prepared.target is not None:  # sent as written: httpx would normalise it (dot segments, "??")
        request.extensions["target"] = prepared.target.encode("ascii")
    omit_headers(request, prepared)
    return request


def omit_headers(request: httpx.Request, prepared: Prepared) -> None:
    """Take out the client's default headers the request disabled (its own headers of that name stay)."""
    own = {k.lower() for k, _ in prepared.headers} if prepared.omit_headers else ()
    for name in prepared.omit_headers:
        if name not in own and name in request.headers:
            del request.headers[name]


def _control_char(text: str) -> str:
    """The first control character (other than TAB) in a header name or value, or ""."""
    found = _CONTROL.search(text)
    return found.group() if found else ""


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def check_tls_files(ca_cert: str | None, client_cert: str | None, client_key: str | None,
                    passphrase: str | None = None) -> None:
    """Before anything is sent: the --ca-cert / --client-cert / --client-key files exist and are PEM.

    A bad file is the user's input error (exit 2), not a failure of every request.
    """
    from runner.errors import InputError

    for option, path in (("--ca-cert", ca_cert), ("--client-cert", client_cert), ("--client-key", client_key)):
        if path is None:
            continue
        try:
            with open(path, "rb") as fh:
                fh.read(1)
        except FileNotFoundError:
            raise InputError(f"{option}: file not found", file=path) from None
        except OSError as exc:
            raise InputError(f"{option}: cannot read file: {exc.strerror}", file=path) from None
    if ca_cert is not None:
        try:
            ssl.create_default_context(cafile=ca_cert)
        except (ssl.SSLError, ValueError) as exc:
            raise InputError(f"--ca-cert: not a PEM CA certificate ({exc.__class__.__name__}: {exc})",
                             file=ca_cert) from None
    if client_cert is not None:
        try:
            ssl.create_default_context().load_cert_chain(client_cert, client_key or client_cert,
                                                         password=_password(passphrase))
        except (ssl.SSLError, ValueError, OSError) as exc:
            raise InputError("--client-cert/--client-key: not a PEM certificate and matching private key "
                             "(or the key is encrypted and --ssl-client-passphrase does not open it) "
                             f"({exc.__class__.__name__}: {exc})", file=client_cert) from None


def _password(passphrase: str | None) -> Any:
    """The key's passphrase for ssl; never None, which would make OpenSSL ask on the terminal."""
    return lambda: passphrase or ""


def _h2_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("h2") is not None


class _SchemeTransport(httpx.BaseTransport):
    """httpx's transport, one per scheme, made on first use: a run that only sends ``http://``
    never loads the CA certificates (~50 ms at start-up)."""

    def __init__(self, verify: Any) -> None:
        self._verify = verify
        self._transports: dict[str, httpx.HTTPTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scheme = request.url.scheme
        transport = self._transports.get(scheme)
        if transport is None:  # plain HTTP needs no TLS set-up: verify=False builds a bare context
            if scheme == "https":  # HTTP/2 where the server offers it (ALPN); h2 is imported only here
                transport = httpx.HTTPTransport(verify=self._verify, http2=_h2_installed())
            else:
                transport = httpx.HTTPTransport(verify=False)
            self._transports[scheme] = transport
        return transport.handle_request(request)

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()
        self._transports.clear()


class HttpSession:
    """Pooled clients for one run. Requests to the sandbox host go to the in-process sandbox.

    Redirects are followed here, one hop at a time (``runner.transport.redirects``), so each
    request's own settings apply. Every client shares one cookie jar: the run's."""

    def __init__(
        self,
        *,
        verify: bool | str = True,
        cert: tuple[str, str] | None = None,
        mounts: dict[str, httpx.BaseTransport] | None = None,
        transport: httpx.BaseTransport | None = None,
        max_body_bytes: int | None = None,
        key_password: str | None = None,
        follow_redirects: bool = True,
        cookie_jar: CookieJar | None = None,
    ) -> None:
        self._verify = verify
        self._default_cert = cert
        self._mounts = mounts or {}
        self._transport = transport
        self._key_password = key_password
        self._clients: dict[tuple[tuple[str, str] | None, bool], httpx.Client] = {}
        self.max_body_bytes = MAX_BODY_BYTES if max_body_bytes is None else max_body_bytes
        self.follow_redirects = follow_redirects
        self.cookie_jar = CookieJar() if cookie_jar is None else cookie_jar

    def client(self, cert: tuple[str, str] | None = None, verify: bool | None = None) -> httpx.Client:
        """The client for a client certificate; verify=False: one that skips TLS verification."""
        cert = cert or self._default_cert
        insecure = verify is False and self._verify is not False
        client = self._clients.get((cert, insecure))
        if client is None:
            verify_with: Any = False if insecure else self._verify
            if cert is not None or isinstance(verify_with, str):
                ctx = ssl.create_default_context(cafile=verify_with if isinstance(verify_with, str) else None)
                if verify_with is False:
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                if cert is not None:
                    ctx.load_cert_chain(cert[0], cert[1], password=_password(self._key_password))
                verify_with = ctx
            client = httpx.Client(
                verify=verify_with, mounts=self._mounts or None,
                transport=self._transport or _SchemeTransport(verify_with),
                follow_redirects=False, timeout=DEFAULT_TIMEOUT_MS / 1000,
            )
            use_jar(client, self.cookie_jar)  # one jar for the run, whichever client sends
            self._clients[(cert, insecure)] = client
        return client

    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        """(response, None, request) or (None, reason, request): faults are reasons, never raised."""
        try:
            client = self.client(prepared.cert, prepared.verify)
        except (OSError, ssl.SSLError) as exc:
            where = prepared.cert[0] if prepared.cert else ""
            return Sent(None, f"TLS: cannot load client certificate {where}: {exc}", None)
        for name, value in prepared.headers:  # a templated CR/LF must not start a header of its own
            bad_name, bad_value = _control_char(name), _control_char(value)
            if bad_name or bad_value:
                shown = repr(name) if not bad_name else "name " + repr(name.encode("unicode_escape").decode("ascii"))
                what = "line break (CR/LF)" if (bad_name or bad_value) in "\r\n" else "control character"
                return Sent(None, f"invalid request: header {shown} {'name' if bad_name else 'value'} contains a "
                                  f"{what}: not sent, as it could inject headers", None)
        connect = (prepared.connect_ms or DEFAULT_TIMEOUT_MS) / 1000
        read = (prepared.read_ms or DEFAULT_TIMEOUT_MS) / 1000
        try:
            request = build_request(client, prepared, {"timeout": dict(_timeouts(connect, read))})
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
            return Sent(None, f"invalid request: {exc}", None)
        follow = self.follow_redirects if prepared.follow_redirects is None else prepared.follow_redirects
        started = time.perf_counter()
        deadline = started + read
        hops: list[Redirect] = []
        try:
            while True:
                response = client.send(request, stream=True, auth=prepared.auth_flow if not hops else None)
                location = location_of(response) if follow else None
                if location is None:
                    break
                response.close()
                if len(hops) >= prepared.max_redirects:
                    return Sent(None, f"exceeded maxRedirects ({prepared.max_redirects}): probably stuck in a "
                                      "redirect loop", request, hops=tuple(hops))
                try:
                    following = next_request(client, request, location, response.status_code, prepared)
                except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
                    return Sent(None, f"redirect ({response.status_code}) to an invalid location: {exc}", request,
                                hops=tuple(hops))
                omit_headers(following, prepared)
                hops.append(Redirect(response.status_code, request.method, shown_url(request), shown_url(following)))
                request = following
            try:
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > self.max_body_bytes:
                        return Sent(None, f"response body larger than {self.max_body_bytes} bytes (status "
                                          f"{response.status_code}): cut off, not checked", request, hops=tuple(hops))
                    if time.perf_counter() > deadline:
                        return Sent(None, f"read timeout: response not complete within {read * 1000:g} ms "
                                          f"(status {response.status_code}, {total} bytes of body so far: slow "
                                          "response)", request, FailureKind.TIMEOUT, hops=tuple(hops))
                    chunks.append(chunk)
            finally:
                response.close()
        except httpx.HTTPError as exc:
            return Sent(None, describe_fault(exc, prepared), request, fault_kind(exc), hops=tuple(hops))
        elapsed = (time.perf_counter() - started) * 1000
        content = b"".join(chunks)
        return Sent(Response(response.status_code, response.reason_phrase, response.headers, content, elapsed), None,
                    request, hops=tuple(hops))

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


@functools.lru_cache(maxsize=64)
def _timeouts(connect: float, read: float) -> dict[str, float | None]:
    """httpx's timeout extension for a request's limits (the same few in a run); copied per request."""
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect).as_dict()


def fault_kind(exc: Exception) -> FailureKind:
    return FailureKind.TIMEOUT if isinstance(exc, httpx.TimeoutException) else FailureKind.TRANSPORT


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
        if "[SSL" in text or "alert" in text.lower():  # TLS 1.3: a refused client certificate shows on first read
            return f"TLS error: the server refused the TLS session: {text}"
        return f"connection closed or reset before a complete response: {text}"
    return f"{exc.__class__.__name__}: {text}"

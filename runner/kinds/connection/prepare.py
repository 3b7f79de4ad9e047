"""Loading a connection item into a Request, and preparing it for sending: Personalize's
templating, OAuth2 or Basic auth, mutual TLS from PEM or PKCS#12 files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runner._files import pointer_escape
from runner.core.template import render, render_json
from runner.errors import InputError, TemplateError
from runner.kinds.connection.definition import (
    OUTPUT_TYPES,
    SECRET_FIELDS,
    as_object,
    body_text,
    effective_headers,
    guest_reason,
    is_guest_name,
    is_pkcs12,
    names_in,
    output_subject,
    runner_auth,
    templated_texts,
    timeouts_of,
    unknown_reason,
)
from runner.kinds.connection.lint import lint
from runner.kinds.connection.render import Values, _refuse_guest, render_body, render_text, render_url
from runner.model.collection import Assertion, Body, Request

if TYPE_CHECKING:  # imported lazily at run time: loading a file must not pull in httpx
    from runner.core.prepare import PrepareContext
    from runner.model.prepared import Prepared

def request_from_connection(node: Mapping[str, Any], where: str, file: str) -> Request:
    """The native loader's hook: a connection item -> a Request of kind "connection"."""
    errors = [p for p in lint(node, file, pointer=where) if p.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more; `cdp-runner validate` lists them all)" if len(errors) > 1 else ""
        raise InputError(errors[0].message + more, file=file, place=errors[0].pointer)
    conn = dict(node["connection"])
    spec = conn["request"]
    timeouts = timeouts_of(conn)
    text = body_text(spec)
    req = Request(
        id="", name=node["name"], item=node["name"], folders=(), method=spec["method"].upper(), url=spec["url"],
        pointer=where, headers=effective_headers(spec),
        body=None if text is None else Body(kind="text", value=text, content_type="application/json"),
        auth=runner_auth(conn.get("auth"), timeouts), timeout_ms=timeouts,
        kind="connection", preparer=ConnectionPreparer(conn, dict(node.get("testValues") or {})),
    )
    req.assertions = output_checks(conn, where)
    return req


def output_checks(conn: Mapping[str, Any], where: str) -> list[Assertion]:
    """One check per output mapping: the answer has a value of the mapped type at its path (what
    Personalize maps into a decision or an experience)."""
    checks = []
    for j, out in enumerate(conn.get("outputMappings") or []):
        subject, kind = output_subject(out["outputReference"]), out.get("type", "String")
        checks.append(Assertion(subject, "type", OUTPUT_TYPES[kind],
                                f"output {out['label']!r}: {subject} is a {kind}",
                                f"{where}/connection/outputMappings/{j}"))
    return checks


@dataclass(slots=True)
class ConnectionPreparer:
    """A connection's own preparation: Personalize's templating rules and its auth (a Preparer)."""

    definition: dict[str, Any]  # the item's "connection"
    test_values: dict[str, Any]  # "testValues": the lowest-precedence variables

    def check_names(self, req: Request, known: set[str], file: str) -> None:
        """Before sending anything: Personalize's variable rules for one connection (first problem raised)."""
        names_known = known | set(self.test_values)
        places = [(f"connection{place}", text) for place, text in templated_texts(self.definition)]
        places += [(f"assert/{j}", a.expected) for j, a in enumerate(req.assertions) if isinstance(a.expected, str)]
        for place, text in places:
            for name in names_in(text):
                if is_guest_name(name):
                    raise InputError(guest_reason(name), file=file, place=f"{req.pointer}/{place}")
                if name not in names_known:
                    raise InputError(unknown_reason(name), file=file, place=f"{req.pointer}/{place}")

    def prepare(self, req: Request, ctx: PrepareContext) -> Prepared:
        """Render a connection with Personalize's rules and authenticate it (token call included)."""
        from runner.model.prepared import Prepared

        conn = self.definition
        spec = conn.get("request") or {}
        base = ctx.where(req, "connection")
        values = Values(ctx.variables, self.test_values)
        url = render_url(spec.get("url", ""), values, where=f"{base}/request/url")
        headers = [(render_text(k, values, where=f"{base}/request/headers"),
                    render_text(v, values, where=f"{base}/request/headers/{pointer_escape(k)}"))
                   for k, v in req.headers]
        prepared = Prepared(req.method, url, headers=headers)
        text = body_text(spec)
        if text is not None:
            prepared.content = render_body(text, values, where=f"{base}/request/body").encode("utf-8")
        timeouts = req.timeout_ms or timeouts_of(conn)
        prepared.connect_ms, prepared.read_ms = timeouts["connect"], timeouts["read"]
        auth = as_object(conn.get("auth"))
        prepared.cert = client_cert(auth.get("mtls"), values, where=f"{base}/auth/mtls", masker=ctx.masker)
        if req.auth and req.auth.get("type") != "none":
            for place, text_ in templated_texts({"auth": auth}):
                _refuse_guest(text_, base + place)
            rendered = render_json(req.auth, values, where=f"{base}/auth")
            ctx.masker.add(*(str(rendered.get(k, "")) for k in SECRET_FIELDS))
            ctx.apply_auth(rendered, prepared)
        return prepared


def client_cert(mtls: Any, values: Any, *, where: str, masker: Any = None) -> tuple[str, str] | None:
    """(certfile, keyfile) for mutual TLS, or None. An empty clientCert setting turns mTLS off
    (the embedded sandbox has no TLS); a PKCS#12 file is converted to PEM once."""
    if not isinstance(mtls, Mapping):
        return None
    cert = render(str(mtls.get("clientCert", "")), values, where=f"{where}/clientCert").strip()
    if not cert:
        return None
    if is_pkcs12(cert):
        password = render(str(mtls.get("password", "")), values, where=f"{where}/password")
        if masker is not None:
            masker.add(password)
        return pkcs12_to_pem(cert, password, where=where)
    key = render(str(mtls.get("clientKey", "")), values, where=f"{where}/clientKey").strip()
    return cert, key or cert


_PEM_CACHE: dict[tuple[str, float], tuple[str, str]] = {}


def pkcs12_to_pem(path: str, password: str, *, where: str) -> tuple[str, str]:
    """Write a PKCS#12 bundle's certificate chain and key as PEM files in a private temp folder."""
    import atexit
    import os
    import shutil
    import tempfile

    try:
        stamp = os.path.getmtime(path)
        cached = _PEM_CACHE.get((path, stamp))
        if cached:
            return cached
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise TemplateError(f"TLS: cannot read client certificate {path!r}: {exc.strerror}", where=where) from None
    try:
        from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
    except ImportError:  # pragma: no cover - cryptography comes with the dev and pkcs12 extras
        raise TemplateError("TLS: PKCS#12 client certificates need the 'cryptography' package "
                            "(pip install 'cdp-runner[pkcs12]'); or use PEM files (clientCert + clientKey)",
                            where=where) from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(raw, password.encode() or None)
    except ValueError:
        raise TemplateError(f"TLS: cannot open PKCS#12 client certificate {path!r}: wrong password or "
                            "not a PKCS#12 file", where=where) from None
    if key is None or cert is None:
        raise TemplateError(f"TLS: PKCS#12 file {path!r} holds no certificate and key", where=where)
    folder = tempfile.mkdtemp(prefix="cdp-runner-mtls-")  # mode 0700
    atexit.register(shutil.rmtree, folder, True)
    cert_file, key_file = os.path.join(folder, "client.crt"), os.path.join(folder, "client.key")
    with open(cert_file, "wb") as fh:
        fh.write(cert.public_bytes(Encoding.PEM) + b"".join(c.public_bytes(Encoding.PEM) for c in extra or ()))
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    _PEM_CACHE[(path, stamp)] = (cert_file, key_file)
    return cert_file, key_file

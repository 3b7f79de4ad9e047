"""Personalize connections as a request kind: the wizard's fields (auth, request, timeouts),
Personalize's templating rules, a lint that reports every problem at once, and preparation
for sending (OAuth2 token with optional mutual TLS, Basic, none)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

from runner.errors import InputError, TemplateError
from runner.model.collection import Body, Request
from runner.core.template import render, render_json
from runner.core.variables import MISSING

if TYPE_CHECKING:  # imported lazily at run time: loading a file must not pull in httpx
    from runner.core.prepare import PrepareContext
    from runner.model.prepared import Prepared

METHODS = ("POST", "PUT", "PATCH", "DELETE")
AUTH_TYPES = ("oauth2", "basic", "none")
DEFAULT_HEADERS: dict[str, str] = {
    "Accept": "application/json", "Accept-Encoding": "gzip", "Content-Type": "application/json",
}
DEFAULT_TIMEOUT_MS = 1000.0
SECRET_FIELDS = ("clientSecret", "password")

#: ``${name}`` (FreeMarker, as Personalize writes it) or ``{{name}}`` (Postman).
VARIABLE = re.compile(r"\$\{\s*([^{}]+?)\s*\}|\{\{\s*([^{}]+?)\s*\}\}")

NONE_AUTH_WARNING = ("auth type 'none' suits public APIs only; use OAuth 2 (recommended) or Basic "
                     "for a destination such as an ESP")


def guest_reason(name: str) -> str:
    """Personalize's reason for refusing a guest data variable in a connection."""
    return (f"${{{name}}} reads the guest data object, which a connection cannot see: Personalize's "
            "FreeMarker does not know the guest object in a connection's URL, headers or body and "
            f"the request fails at runtime; use a request variable such as ${{{_leaf(name)}}} instead "
            "and map the guest value to it where the connection is used")


def unknown_reason(name: str) -> str:
    return (f"unknown variable {name!r}: not in the environment, --env-var, the collection's variables, "
            "the item's testValues, nor captured by an earlier request")


def _leaf(name: str) -> str:
    leaf = re.split(r"[.\[\]'\"]+", name.strip("]'\""))[-1]
    return leaf or "value"


def is_guest_name(name: str) -> bool:
    return name == "guest" or name.startswith(("guest.", "guest["))


@dataclass(frozen=True, slots=True)
class Problem:
    """One lint finding: file, JSON pointer, what is wrong; severity error or warning."""

    file: str
    pointer: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: {self.file} at {self.pointer or '/'}: {self.message}"


# ---------------------------------------------------------------------------- reading the definition

def names_in(text: str) -> list[str]:
    """Variable names used in `text` (dynamic ``$guid`` and friends excluded), in order."""
    out = []
    for m in VARIABLE.finditer(text):
        name = m.group(1) if m.group(1) is not None else m.group(2)
        if not name.startswith("$") and name not in out:
            out.append(name)
    return out


def body_text(request: Mapping[str, Any]) -> str | None:
    """The sample body as Personalize keeps it: a string (an object given in the file is dumped)."""
    body = request.get("body")
    if body is None or isinstance(body, str):
        return body
    return json.dumps(body, indent=2, ensure_ascii=False)


def effective_headers(request: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Default headers (overridable; an empty value drops one) followed by the extra headers."""
    defaults = dict(DEFAULT_HEADERS)
    for name, value in (request.get("defaultHeaders") or {}).items():
        canon = next((d for d in defaults if d.lower() == str(name).lower()), None)
        if canon is not None:
            defaults[canon] = value
    extra = dict(request.get("headers") or {})
    lowered = {k.lower() for k in extra}
    out = [(k, v) for k, v in defaults.items() if v != "" and k.lower() not in lowered]
    return out + list(extra.items())


def runner_auth(auth: Mapping[str, Any] | None, timeouts: Mapping[str, float]) -> dict[str, Any] | None:
    """The connection's auth in runner.auth's shape (mTLS is applied separately, as Prepared.cert)."""
    if not isinstance(auth, Mapping):
        return None
    kind = auth.get("type")
    if kind == "oauth2":
        return {"type": "oauth2", "accessTokenUrl": auth.get("accessTokenUrl", ""),
                "clientId": auth.get("clientId", ""), "clientSecret": auth.get("clientSecret", ""),
                "credentials": auth.get("credentials", "header"), "headers": dict(auth.get("headers") or {}),
                "form": dict(auth.get("form") or {}),
                "connectMs": timeouts["connect"], "readMs": timeouts["read"]}
    if kind == "basic":
        return {"type": "basic", "username": auth.get("username", ""), "password": auth.get("password", "")}
    return {"type": "none"}


def _esc(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def templated_texts(conn: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer under the connection, text) for every place a connection may use variables."""
    req = conn.get("request") if isinstance(conn.get("request"), Mapping) else {}
    if isinstance(req.get("url"), str):
        yield "/request/url", req["url"]
    for group in ("headers", "defaultHeaders"):
        for k, v in (req.get(group) or {}).items():
            yield f"/request/{group}/{_esc(k)}", f"{k}\n{v}"
    text = body_text(req)
    if isinstance(text, str):
        yield "/request/body", text
    auth = conn.get("auth") if isinstance(conn.get("auth"), Mapping) else {}
    for key in ("accessTokenUrl", "clientId", "clientSecret", "username", "password"):
        if isinstance(auth.get(key), str):
            yield f"/auth/{key}", auth[key]
    for group in ("headers", "form"):
        for k, v in (auth.get(group) or {}).items():
            yield f"/auth/{group}/{_esc(k)}", f"{k}\n{v}"
    mtls = auth.get("mtls") if isinstance(auth.get("mtls"), Mapping) else {}
    for key in ("clientCert", "clientKey", "password"):
        if isinstance(mtls.get(key), str):
            yield f"/auth/mtls/{key}", mtls[key]


# ---------------------------------------------------------------------------- Personalize's templating

@dataclass(frozen=True, slots=True)
class BodyVariable:
    name: str
    start: int
    end: int
    quoted: bool  # inside a JSON string literal


def body_variables(text: str) -> list[BodyVariable]:
    """Every variable of a sample body, and whether it sits inside double quotes."""
    found: list[BodyVariable] = []
    in_string = escaped = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "${":
            m = VARIABLE.match(text, i)
            if m:
                name = m.group(1) if m.group(1) is not None else m.group(2)
                found.append(BodyVariable(name, m.start(), m.end(), in_string))
                i = m.end()
                escaped = False
                continue
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        i += 1
    return found


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def outside_quotes_message(var: BodyVariable, text: str) -> str:
    line, col = line_col(text, var.start)
    return (f"${{{var.name}}} is outside double quotes in the sample body (line {line}, column {col}); "
            f"Personalize inserts values only inside JSON strings: write \"${{{var.name}}}\"")


def _json_escape(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _url_encode(value: str) -> str:
    return quote(value, safe="")


def _in_path(prefix: str) -> bool:
    """Has the rendered URL reached its path or query (past scheme and host)?"""
    i = prefix.find("://")
    return i >= 0 and any(c in prefix[i + 3:] for c in "/?#")


class Values:
    """The run's variables over the item's testValues (test values have the lowest precedence)."""

    __slots__ = ("_variables", "_test")

    def __init__(self, variables: Any, test_values: Mapping[str, Any]) -> None:
        self._variables, self._test = variables, test_values

    def lookup(self, name: str) -> Any:
        value = self._variables.lookup(name)
        return self._test.get(name, MISSING) if value is MISSING else value


def _refuse_guest(text: str, where: str) -> None:
    for name in names_in(text):
        if is_guest_name(name):
            raise TemplateError(guest_reason(name), where=where)


def render_url(template: str, values: Any, *, where: str) -> str:
    """Values in the path or query are URL-encoded; a base URL or host setting is inserted as written."""
    _refuse_guest(template, where)
    out: list[str] = []
    last = 0
    for m in VARIABLE.finditer(template):
        out.append(template[last:m.start()])
        encode = _url_encode if _in_path("".join(out)) else None
        out.append(render(m.group(0), values, where=where, encode=encode))
        last = m.end()
    out.append(template[last:])
    return "".join(out)


def render_text(template: str, values: Any, *, where: str) -> str:
    """Headers: values inserted as text."""
    _refuse_guest(template, where)
    return render(template, values, where=where)


def render_body(text: str, values: Any, *, where: str) -> str:
    """Values go only inside double quotes, JSON-escaped; the result must be valid JSON."""
    _refuse_guest(text, where)
    out: list[str] = []
    last = 0
    for var in body_variables(text):
        if not var.quoted:
            raise TemplateError(outside_quotes_message(var, text), where=where)
        out.append(text[last:var.start])
        out.append(render(text[var.start:var.end], values, where=where, encode=_json_escape))
        last = var.end
    out.append(text[last:])
    result = "".join(out)
    try:
        json.loads(result)
    except ValueError as exc:
        line, col = line_col(result, exc.pos) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise TemplateError(f"the request body is not valid JSON after substitution: {msg} "
                            f"(line {line}, column {col} of the body)", where=where) from None
    return result


# ---------------------------------------------------------------------------- the lint

def lint(item: Mapping[str, Any], file: str, *, pointer: str = "", known: set[str] | None = None,
         values: Mapping[str, Any] | None = None) -> list[Problem]:
    """Every problem of one connection item. `known`: names defined by the environment, the
    collection and earlier captures (None skips the unknown-variable rule); `values`: settings
    used to resolve the token URL before checking it."""
    problems: list[Problem] = []

    def add(place: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(file, pointer + place, message, severity))

    conn = item.get("connection")
    if not isinstance(conn, Mapping):
        add("/connection", "connection must be an object with auth and request")
        return problems
    c = "/connection"
    _lint_request(conn.get("request"), c, add)
    _lint_auth(conn.get("auth"), c, add, values)
    test_values = item.get("testValues") if isinstance(item.get("testValues"), Mapping) else {}
    for place, text in templated_texts(conn):
        for name in names_in(text):
            if is_guest_name(name):
                add(c + place, guest_reason(name))
            elif known is not None and name not in known and name not in test_values:
                add(c + place, unknown_reason(name))
    return problems


def _lint_request(req: Any, c: str, add: Callable[..., None]) -> None:
    if not isinstance(req, Mapping):
        add(c, "request is required (method, url, optional headers and body)")
        return
    method = req.get("method")
    if not method:
        add(c + "/request", "request.method is required: POST, PUT, PATCH or DELETE")
    elif not isinstance(method, str) or method.upper() not in METHODS:
        add(c + "/request/method", f"method {method!r} is not allowed for a connection; use POST, PUT, PATCH or DELETE")
    if not req.get("url"):
        add(c + "/request", "request.url is required")
    for name in (req.get("defaultHeaders") or {}):
        if str(name).lower() not in {d.lower() for d in DEFAULT_HEADERS}:
            add(f"{c}/request/defaultHeaders/{_esc(name)}",
                f"defaultHeaders overrides only Accept, Accept-Encoding and Content-Type; put {name!r} in headers")
    text = body_text(req)
    if not isinstance(text, str):
        return
    variables = body_variables(text)
    padded = text
    for var in variables:
        if not var.quoted:
            add(c + "/request/body", outside_quotes_message(var, text))
            width = var.end - var.start  # keep columns: replace by a JSON value of the same width
            padded = padded[:var.start] + "null".ljust(width) + padded[var.end:]
    try:
        json.loads(padded)
    except json.JSONDecodeError as exc:
        line, col = line_col(padded, exc.pos)
        add(c + "/request/body", f"the sample body is not valid JSON: {exc.msg} (line {line}, column {col} of the body)")


def _lint_auth(auth: Any, c: str, add: Callable[..., None], values: Mapping[str, Any] | None) -> None:
    if not isinstance(auth, Mapping):
        add(c, "auth is required: {\"type\": \"oauth2\" | \"basic\" | \"none\", ...}")
        return
    kind = auth.get("type")
    a = c + "/auth"
    if kind not in AUTH_TYPES:
        add(a + "/type" if "type" in auth else a, f"auth.type must be oauth2, basic or none; got {kind!r}")
        return
    if kind == "none":
        add(a, NONE_AUTH_WARNING, "warning")
        return
    required = ("accessTokenUrl", "clientId", "clientSecret") if kind == "oauth2" else ("username", "password")
    label = "OAuth 2" if kind == "oauth2" else "Basic auth"
    for key in required:
        if not auth.get(key):
            add(a, f"auth.{key} is required for {label}")
    if kind != "oauth2":
        return
    url = auth.get("accessTokenUrl")
    if isinstance(url, str) and url:
        resolved = _resolve(url, values or {})
        if "${" not in resolved and "{{" not in resolved:
            from runner.core.auth import check_token_url

            problem = check_token_url(resolved, insecure=False)
            if problem:
                add(a + "/accessTokenUrl", problem)
    mtls = auth.get("mtls")
    if mtls is not None:
        if not isinstance(mtls, Mapping):
            add(a + "/mtls", "auth.mtls must be an object: {\"clientCert\": PEM or PKCS#12 path, \"clientKey\": PEM path}")
        elif not mtls.get("clientCert"):
            add(a + "/mtls", "auth.mtls.clientCert is required for mutual TLS")
        elif not mtls.get("clientKey") and not _is_pkcs12(str(mtls["clientCert"])):
            add(a + "/mtls", "auth.mtls.clientKey is required for a PEM client certificate "
                             "(a PKCS#12 .p12/.pfx file holds both)")


def _resolve(text: str, values: Mapping[str, Any]) -> str:
    from runner.core.template import stringify

    def one(m: re.Match[str]) -> str:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        return stringify(values[name]) if name in values else m.group(0)

    return VARIABLE.sub(one, text)


def _is_pkcs12(path: str) -> bool:
    return path.lower().endswith((".p12", ".pfx"))


def lint_file(path: str, environment: Any = None) -> list[Problem]:
    """Lint every connection item of a native collection file (others: nothing to say).
    Unknown variables are reported only when an environment is given (settings live there)."""
    from runner._files import read_json
    from runner.load import is_postman_collection

    try:
        data = read_json(path)
    except InputError:
        return []  # loading reports it, with its place
    if not isinstance(data, dict) or is_postman_collection(data) or not isinstance(data.get("items"), list):
        return []
    settings = dict(data.get("variables") or {}) if isinstance(data.get("variables"), dict) else {}
    if environment is not None:
        settings.update(environment.values)
    known = set(settings)
    problems: list[Problem] = []

    def walk(items: list[Any], pointer: str) -> None:
        for i, node in enumerate(items):
            where = f"{pointer}/{i}"
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("items"), list):
                walk(node["items"], where + "/items")
                continue
            if "connection" in node:
                problems.extend(lint(node, path, pointer=where, values=settings,
                                     known=set(known) if environment is not None else None))
            messages = (node.get("prerequest") or {}).get("messages") if isinstance(node.get("prerequest"), dict) else None
            known.update(messages or {})
            if isinstance(node.get("capture"), dict):
                known.update(node["capture"])

    walk(data["items"], "/items")
    return problems


# ---------------------------------------------------------------------------- load and prepare

def timeouts_of(conn: Mapping[str, Any]) -> dict[str, float]:
    return {"connect": float(conn.get("connectionTimeoutMs") or DEFAULT_TIMEOUT_MS),
            "read": float(conn.get("readTimeoutMs") or DEFAULT_TIMEOUT_MS)}


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
    return Request(
        id="", name=node["name"], item=node["name"], folders=(), method=spec["method"].upper(), url=spec["url"],
        pointer=where, headers=effective_headers(spec),
        body=None if text is None else Body(kind="text", value=text, content_type="application/json"),
        auth=runner_auth(conn.get("auth"), timeouts), timeout_ms=timeouts,
        kind="connection", preparer=ConnectionPreparer(conn, dict(node.get("testValues") or {})),
    )


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
                    render_text(v, values, where=f"{base}/request/headers/{_esc(k)}")) for k, v in req.headers]
        prepared = Prepared(req.method, url, headers=headers)
        text = body_text(spec)
        if text is not None:
            prepared.content = render_body(text, values, where=f"{base}/request/body").encode("utf-8")
        timeouts = req.timeout_ms or timeouts_of(conn)
        prepared.connect_ms, prepared.read_ms = timeouts["connect"], timeouts["read"]
        auth = conn.get("auth") if isinstance(conn.get("auth"), Mapping) else {}
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
    if _is_pkcs12(cert):
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

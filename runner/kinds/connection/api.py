"""Connection files <-> the JSON of Personalize's connections REST API (``/v2/connections``).

Export resolves environment settings (``${ESP_BASE_URL}``), keeps request variables
(``${email}``) as FreeMarker, and never prints a secret: a secret field or a secret setting
stays a variable reference, a literal secret becomes ``*****``. Import reads that JSON back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from runner.core.secrets import MASK, SECRET_HEADERS, is_secret_name
from runner.core.template import stringify
from runner.kinds.connection.definition import (
    DEFAULT_TIMEOUT_MS,
    OUTPUT_TYPES,
    VARIABLE,
    body_text,
    default_headers,
    effective_headers,
    names_in,
)
from runner.kinds.connection.render import body_variables
from runner.kinds.connection.settings import mtls_of

_REFERENCE = re.compile(r"^\s*(?:\$\{\s*([^{}]+?)\s*\}|\{\{\s*([^{}]+?)\s*\}\})\s*$")
_AUTH_TYPES = {"oauth2": "OAUTH", "basic": "BASIC", "none": "NONE"}
_PLACEHOLDERS = {"clientSecret": "${CLIENT_SECRET}", "password": "${PASSWORD}"}


class _Resolver:
    """Replaces settings by their values; everything else is written back as ``${name}``."""

    def __init__(self, settings: Mapping[str, Any], secret_names: set[str]) -> None:
        self.settings, self.secret_names = settings, secret_names

    def is_setting(self, name: str) -> bool:
        """Resolved unless secret (by its name, see runner.core.secrets, or marked with --secret)."""
        if name not in self.settings:
            return False
        return not (name in self.secret_names or is_secret_name(name))

    def __call__(self, text: str, escape: Any = None, *, paths: bool = False) -> str:
        def one(m: re.Match[str]) -> str:
            name = m.group(1) if m.group(1) is not None else m.group(2)
            if self.is_setting(name) or (paths and name in self.settings):
                value = stringify(self.settings[name])
                return escape(value) if escape else value
            return "${" + name + "}"

        return VARIABLE.sub(one, text)

    def secret(self, value: Any) -> str:
        """A secret field: a variable reference is kept as written, a literal secret is masked."""
        m = _REFERENCE.match(value or "") if isinstance(value, str) else None
        if m:
            return "${" + (m.group(1) if m.group(1) is not None else m.group(2)) + "}"
        return MASK if value else ""

    def body(self, text: str) -> str:
        import json

        out, last = [], 0
        for var in body_variables(text):
            out.append(text[last:var.start])
            piece = text[var.start:var.end]
            out.append(self(piece, (lambda v: json.dumps(v, ensure_ascii=False)[1:-1]) if var.quoted else None))
            last = var.end
        out.append(text[last:])
        return "".join(out)


def to_personalize(item: Mapping[str, Any], settings: Mapping[str, Any] | None = None,
                   secret_names: set[str] | None = None) -> dict[str, Any]:
    """One connection item -> the connections REST API JSON."""
    r = _Resolver(settings or {}, set(secret_names or ()))
    conn = item["connection"]
    auth = conn.get("auth") or {}
    kind = auth.get("type", "none")
    out_auth: dict[str, Any] = {"authType": _AUTH_TYPES.get(kind, str(kind).upper())}
    if kind == "oauth2":
        out_auth.update({
            "accessTokenUrl": r(auth.get("accessTokenUrl", "")),
            "authenticationOption": str(auth.get("credentials", "header")).upper(),
            "clientId": r(auth.get("clientId", "")),
            "clientSecret": r.secret(auth.get("clientSecret")),
            "headers": [{"name": r(k), "value": _header_value(r, k, v)}
                        for k, v in (auth.get("headers") or {}).items()],
            "formItems": [{"name": r(k), "value": _header_value(r, k, v)} for k, v in (auth.get("form") or {}).items()],
        })
        # an empty clientCert after resolving the settings turns mutual TLS off, as in a run
        mtls = auth.get("mtls") or {}
        out_auth["mutualTls"] = bool(mtls) and mtls_of(auth, settings or {}).state != "off"
        if out_auth["mutualTls"]:
            out_auth["clientCertificate"] = r(mtls.get("clientCert", ""))
            if mtls.get("clientKey"):  # a file path, not the key itself
                out_auth["clientKey"] = r(mtls["clientKey"], paths=True)
            if mtls.get("password"):
                out_auth["clientCertificatePassword"] = r.secret(mtls["password"])
    elif kind == "basic":
        out_auth.update({"username": r(auth.get("username", "")), "password": r.secret(auth.get("password"))})
    spec = conn.get("request") or {}
    # connectionUrl: the name the current Connection REST API documentation uses (import reads
    # the older webServiceUrl too)
    request: dict[str, Any] = {"requestType": str(spec.get("method", "")).upper(),
                               "connectionUrl": r(spec.get("url", ""))}
    text = body_text(spec)
    if text is not None and request["requestType"] != "GET":
        request["requestBody"] = r.body(text)
    out: dict[str, Any] = {
        "name": item["name"],
        "description": conn.get("description", ""),
        "icon": conn.get("icon", ""),
        "systemType": conn.get("systemType", "DESTINATION"),
        "auth": out_auth,
        "request": request,
        "customHeaders": [{"name": r(k), "value": _header_value(r, k, v)} for k, v in effective_headers(spec)],
        "connectionTimeout": _number(conn.get("connectionTimeoutMs") or DEFAULT_TIMEOUT_MS),
        "socketTimeout": _number(conn.get("readTimeoutMs") or DEFAULT_TIMEOUT_MS),
    }
    test_values = item.get("testValues") or {}
    variables = []
    for name in _request_variables(out):
        entry: dict[str, Any] = {"name": name}
        if name in test_values:
            entry["exampleValue"] = test_values[name]
        variables.append(entry)
    out["inputMappings"] = variables
    out["outputMappings"] = [{"label": m["label"], "outputReference": m["outputReference"],
                              "type": m.get("type", "String")} for m in conn.get("outputMappings") or []]
    return out


def _header_value(r: _Resolver, name: str, value: str) -> str:
    if name.lower() in SECRET_HEADERS or is_secret_name(name):
        return r.secret(value) if _REFERENCE.match(value or "") else (MASK if value else "")
    return r(value)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _request_variables(exported: Mapping[str, Any]) -> list[str]:
    """Variables still in the exported URL, headers and body: the connection's inputs."""
    texts = [exported["request"]["connectionUrl"], exported["request"].get("requestBody") or ""]
    texts += [h["name"] + "\n" + h["value"] for h in exported["customHeaders"]]
    names: list[str] = []
    for text in texts:
        names += [n for n in names_in(text) if n not in names]
    return names


# ---------------------------------------------------------------------------- import

def from_personalize(data: Mapping[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    """The connections REST API JSON of one connection -> a connection item."""
    notes = notes if notes is not None else []
    name = str(data.get("name") or "connection")
    src_auth = data.get("auth") or {}
    kind = {"OAUTH": "oauth2", "OAUTH2": "oauth2", "BASIC": "basic", "NONE": "none"}.get(
        str(src_auth.get("authType") or src_auth.get("type") or "NONE").upper(), "none")
    auth: dict[str, Any] = {"type": kind}
    if kind == "oauth2":
        auth["accessTokenUrl"] = src_auth.get("accessTokenUrl", "")
        auth["credentials"] = str(src_auth.get("authenticationOption") or "header").lower()
        auth["clientId"] = src_auth.get("clientId", "")
        auth["clientSecret"] = _unmask(src_auth.get("clientSecret", ""), "clientSecret", name, notes)
        if src_auth.get("headers"):
            auth["headers"] = _pairs(src_auth["headers"])
        if src_auth.get("formItems") or src_auth.get("form"):
            auth["form"] = _pairs(src_auth.get("formItems") or src_auth.get("form"))
        if src_auth.get("mutualTls") or src_auth.get("clientCertificate"):
            mtls = {"clientCert": src_auth.get("clientCertificate", "")}
            if src_auth.get("clientKey"):
                mtls["clientKey"] = src_auth["clientKey"]
            if src_auth.get("clientCertificatePassword"):
                mtls["password"] = _unmask(src_auth["clientCertificatePassword"], "password", name, notes)
            auth["mtls"] = mtls
    elif kind == "basic":
        auth["username"] = src_auth.get("username", "")
        auth["password"] = _unmask(src_auth.get("password", ""), "password", name, notes)
    src_req = data.get("request") or {}
    request: dict[str, Any] = {
        "method": str(src_req.get("requestType") or "POST").upper(),
        "url": src_req.get("webServiceUrl") or src_req.get("connectionUrl") or "",
    }
    custom = data.get("customHeaders") if data.get("customHeaders") is not None else src_req.get("customHeaders")
    headers = _pairs(custom or [])
    defaults, extra = _split_headers(headers, default_headers(request))
    if defaults:
        request["defaultHeaders"] = defaults
    if extra:
        request["headers"] = extra
    body = src_req.get("requestBody") if "requestBody" in src_req else data.get("requestBody")
    if body not in (None, ""):
        request["body"] = body
    conn: dict[str, Any] = {}
    for key in ("description", "icon"):
        if data.get(key):
            conn[key] = data[key]
    conn["systemType"] = str(data.get("systemType") or "DESTINATION").upper()
    conn["auth"] = auth
    conn["request"] = request
    conn["connectionTimeoutMs"] = data.get("connectionTimeout") or DEFAULT_TIMEOUT_MS
    conn["readTimeoutMs"] = data.get("socketTimeout") or DEFAULT_TIMEOUT_MS
    outputs = [{"label": str(m.get("label") or m.get("outputReference")), "outputReference": str(m["outputReference"]),
                "type": _output_type(m.get("type"))}
               for m in data.get("outputMappings") or [] if isinstance(m, Mapping) and m.get("outputReference")]
    if outputs:
        conn["outputMappings"] = outputs
    item: dict[str, Any] = {"name": name, "connection": conn}
    examples = {m["name"]: m["exampleValue"] for m in data.get("inputMappings") or []
                if isinstance(m, Mapping) and "name" in m and "exampleValue" in m}
    if examples:
        item["testValues"] = examples
    return item


def _unmask(value: Any, field: str, name: str, notes: list[str]) -> str:
    if value == MASK:
        placeholder = _PLACEHOLDERS[field]
        notes.append(f"{name}: {field} was masked in the export; it is now {placeholder}: "
                     "define that in your environment")
        return placeholder
    return value or ""


def _pairs(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): stringify(v) for k, v in value.items()}
    return {str(h.get("name") or h.get("key")): stringify(h.get("value", "")) for h in value if isinstance(h, Mapping)}


def _output_type(value: Any) -> str:
    """An output type as the connection format writes it (String, Number, ...); unknown: String."""
    by_lower = {k.lower(): k for k in OUTPUT_TYPES}
    return by_lower.get(str(value or "String").lower(), "String")


def _split_headers(headers: dict[str, str], wizard: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """customHeaders -> (overrides of the default headers, extra headers). If the JSON lists no
    default header at all it is taken to omit them (defaults kept); otherwise a missing one was removed."""
    lowered = {k.lower(): k for k in headers}
    listed = [d for d in wizard if d.lower() in lowered]
    defaults: dict[str, str] = {}
    for d, value in wizard.items():
        if d.lower() in lowered:
            given = headers[lowered[d.lower()]]
            if given != value:
                defaults[d] = given
        elif listed:
            defaults[d] = ""
    extra = {k: v for k, v in headers.items() if k.lower() not in {d.lower() for d in wizard}}
    return defaults, extra


def normalize(item: Mapping[str, Any]) -> dict[str, Any]:
    """A connection item with every default written out (to compare two definitions)."""
    conn = dict(item["connection"])
    conn.setdefault("systemType", "DESTINATION")
    conn["connectionTimeoutMs"] = float(conn.get("connectionTimeoutMs") or DEFAULT_TIMEOUT_MS)
    conn["readTimeoutMs"] = float(conn.get("readTimeoutMs") or DEFAULT_TIMEOUT_MS)
    auth = dict(conn.get("auth") or {"type": "none"})
    if auth.get("type") == "oauth2":
        auth.setdefault("credentials", "header")
        for key in ("headers", "form"):
            if not auth.get(key):
                auth.pop(key, None)
    conn["auth"] = auth
    if conn.get("outputMappings"):
        conn["outputMappings"] = [{**m, "type": m.get("type", "String")} for m in conn["outputMappings"]]
    else:
        conn.pop("outputMappings", None)
    req = dict(conn.get("request") or {})
    req["method"] = str(req.get("method", "")).upper()
    text = body_text(req)
    if text is None:
        req.pop("body", None)
    else:
        req["body"] = text
    headers = effective_headers(req)
    req.pop("defaultHeaders", None)
    req.pop("headers", None)
    req["effectiveHeaders"] = headers
    conn["request"] = req
    for key in ("description", "icon"):
        if not conn.get(key):
            conn.pop(key, None)
    return {"name": item["name"], "connection": conn, "testValues": dict(item.get("testValues") or {})}

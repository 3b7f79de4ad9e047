"""A Personalize connection's definition: the wizard's fields, their defaults, where variables
may stand, and Personalize's rules for guest data and unknown names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from runner._files import pointer_escape as _esc

METHODS = ("POST", "PUT", "PATCH", "DELETE")  # a destination's
#: A data system (or AI model) is read with GET, or sent a POST or PUT, and its answer mapped.
DATA_SYSTEM_METHODS = ("GET", "POST", "PUT")
SYSTEM_TYPES = ("DESTINATION", "DATA_SYSTEM")
#: Types of an output mapping (cdp-runner's choice where the documentation shows only "String").
OUTPUT_TYPES = {"String": "string", "Number": "number", "Boolean": "boolean", "Object": "object", "Array": "array"}
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


def as_object(value: Any) -> Mapping[str, Any]:
    """`value` where it is a JSON object, else an empty one (the lint reports what is wrong)."""
    return value if isinstance(value, Mapping) else {}


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


def methods_for(conn: Mapping[str, Any]) -> tuple[str, ...]:
    """The request methods the connection's system type allows."""
    return DATA_SYSTEM_METHODS if conn.get("systemType") == "DATA_SYSTEM" else METHODS


def default_headers(request: Mapping[str, Any]) -> dict[str, str]:
    """The wizard's default headers: a GET sends no body, so no Content-Type."""
    if str(request.get("method", "")).upper() == "GET":
        return {k: v for k, v in DEFAULT_HEADERS.items() if k != "Content-Type"}
    return dict(DEFAULT_HEADERS)


def output_subject(reference: str) -> str:
    """An output mapping's ``outputReference`` as a check subject: a path into the JSON answer
    (``current.temp`` or ``$.current.temp``)."""
    reference = reference.strip()
    if reference.startswith("$"):
        return reference
    return "$" + ("" if reference.startswith("[") else ".") + reference


def effective_headers(request: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Default headers (overridable; an empty value drops one) followed by the extra headers."""
    defaults = default_headers(request)
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


def templated_texts(conn: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer under the connection, text) for every place a connection may use variables."""
    req = as_object(conn.get("request"))
    if isinstance(req.get("url"), str):
        yield "/request/url", req["url"]
    for group in ("headers", "defaultHeaders"):
        for k, v in (req.get(group) or {}).items():
            yield f"/request/{group}/{_esc(k)}", f"{k}\n{v}"
    text = body_text(req)
    if isinstance(text, str):
        yield "/request/body", text
    auth = as_object(conn.get("auth"))
    for key in ("accessTokenUrl", "clientId", "clientSecret", "username", "password"):
        if isinstance(auth.get(key), str):
            yield f"/auth/{key}", auth[key]
    for group in ("headers", "form"):
        for k, v in (auth.get(group) or {}).items():
            yield f"/auth/{group}/{_esc(k)}", f"{k}\n{v}"
    mtls = as_object(auth.get("mtls"))
    for key in ("clientCert", "clientKey", "password"):
        if isinstance(mtls.get(key), str):
            yield f"/auth/mtls/{key}", mtls[key]


def timeouts_of(conn: Mapping[str, Any]) -> dict[str, float]:
    return {"connect": float(conn.get("connectionTimeoutMs") or DEFAULT_TIMEOUT_MS),
            "read": float(conn.get("readTimeoutMs") or DEFAULT_TIMEOUT_MS)}


def is_pkcs12(path: str) -> bool:
    return path.lower().endswith((".p12", ".pfx"))



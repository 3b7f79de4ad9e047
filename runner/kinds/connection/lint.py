"""The connection lint: every problem of a connection item at once (``cdp-runner validate``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from runner._files import line_col
from runner._files import pointer_escape as _esc
from runner.errors import InputError
from runner.kinds.connection.definition import (
    AUTH_TYPES,
    DEFAULT_HEADERS,
    NONE_AUTH_WARNING,
    OUTPUT_TYPES,
    VARIABLE,
    Problem,
    as_object,
    body_text,
    guest_reason,
    is_guest_name,
    is_pkcs12,
    methods_for,
    names_in,
    output_subject,
    templated_texts,
    unknown_reason,
)
from runner.kinds.connection.render import body_variables, outside_quotes_message
from runner.kinds.connection.settings import check_settings


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
    system = conn.get("systemType", "DESTINATION")
    _lint_request(conn.get("request"), c, add, methods_for(conn), system)
    _lint_outputs(conn.get("outputMappings"), c, add)
    if system == "DATA_SYSTEM" and "-" in str(item.get("name", "")):
        add("/name", "a data system's name should have no hyphens: Personalize warns that they break a "
                     "reference to the connection in a programmable decision", "warning")
    _lint_auth(conn.get("auth"), c, add, values)
    test_values = as_object(item.get("testValues"))
    for place, text in templated_texts(conn):
        for name in names_in(text):
            if is_guest_name(name):
                add(c + place, guest_reason(name))
            elif known is not None and name not in known and name not in test_values:
                add(c + place, unknown_reason(name))
    # with an environment (`known`): empty settings, certificate files, mutual TLS turned off
    problems += check_settings(item, file, pointer=pointer, values=values or {}, environment=known is not None)
    return problems


def _lint_request(req: Any, c: str, add: Callable[..., None], methods: tuple[str, ...], system: str) -> None:
    if not isinstance(req, Mapping):
        add(c, "request is required (method, url, optional headers and body)")
        return
    method = req.get("method")
    allowed = ", ".join(methods[:-1]) + " or " + methods[-1]
    kind = "a data system" if system == "DATA_SYSTEM" else "a destination"
    if not method:
        add(c + "/request", f"request.method is required: {allowed}")
    elif not isinstance(method, str) or method.upper() not in methods:
        hint = "; a GET that reads data is a data system (\"systemType\": \"DATA_SYSTEM\")" if (
            isinstance(method, str) and method.upper() == "GET") else ""
        add(c + "/request/method", f"method {method!r} is not allowed for {kind}; use {allowed}{hint}")
    elif method.upper() == "GET" and req.get("body") is not None:
        add(c + "/request/body", "a GET request has no body: put its inputs in the URL (${name} variables)")
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
    except ValueError as exc:  # JSONDecodeError, or a number too long to read
        line, col = line_col(padded, exc.pos) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.args[0].split(";")[0]
        add(c + "/request/body",
            f"the sample body is not valid JSON: {msg} (line {line}, column {col} of the body)")


def _lint_outputs(outputs: Any, c: str, add: Callable[..., None]) -> None:
    """outputMappings: how the answer is mapped into Personalize (label, outputReference, type)."""
    from runner.core.query import compile_subject

    labels: set[str] = set()
    for j, out in enumerate(outputs or []):
        where = f"{c}/outputMappings/{j}"
        label = out.get("label")
        if label in labels:
            add(where + "/label", f"output label {label!r} is used twice; each output needs its own label")
        labels.add(label)
        try:
            compile_subject(output_subject(str(out.get("outputReference", ""))))
        except ValueError as exc:
            add(where + "/outputReference", f"outputReference is not a path into the JSON answer: {exc}")
        kind = out.get("type", "String")
        if kind not in OUTPUT_TYPES:
            add(where + "/type", f"output type {kind!r} is not one of {', '.join(OUTPUT_TYPES)}")


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
            add(a + "/mtls",
                "auth.mtls must be an object: {\"clientCert\": PEM or PKCS#12 path, \"clientKey\": PEM path}")
        elif not mtls.get("clientCert"):
            add(a + "/mtls", "auth.mtls.clientCert is required for mutual TLS")
        elif not mtls.get("clientKey") and not is_pkcs12(str(mtls["clientCert"])):
            add(a + "/mtls", "auth.mtls.clientKey is required for a PEM client certificate "
                             "(a PKCS#12 .p12/.pfx file holds both)")


def _resolve(text: str, values: Mapping[str, Any]) -> str:
    from runner.core.template import stringify

    def one(m: re.Match[str]) -> str:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        return stringify(values[name]) if name in values else m.group(0)

    return VARIABLE.sub(one, text)


def lint_file(path: str, environment: Any = None) -> list[Problem]:
    """Lint every connection item of a native collection file (others: nothing to say).
    Unknown variables are reported only when an environment is given (settings live there)."""
    from runner._files import read_json
    from runner.load import is_postman_collection
    from runner.load.native import as_collection, item_pointer

    try:
        data = read_json(path)
    except InputError:
        return []  # loading reports it, with its place
    if is_postman_collection(data):
        return []
    data, base = as_collection(data)  # a single connection item file is a one-item collection
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return []
    settings = dict(data.get("variables") or {}) if isinstance(data.get("variables"), dict) else {}
    if environment is not None:
        settings.update(environment.values)
    known = set(settings)
    problems: list[Problem] = []

    def walk(items: list[Any], pointer: str) -> None:
        for i, node in enumerate(items):
            where = item_pointer(pointer, i)
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("items"), list):
                walk(node["items"], where + "/items")
                continue
            if "connection" in node:
                problems.extend(lint(node, path, pointer=where, values=settings,
                                     known=set(known) if environment is not None else None))
            prerequest = node.get("prerequest")
            messages = prerequest.get("messages") if isinstance(prerequest, dict) else None
            known.update(messages or {})
            if isinstance(node.get("capture"), dict):
                known.update(node["capture"])

    walk(data["items"], base)
    return problems



"""Personalize Connection REST API: ``GET|POST /v2/connections``, ``GET|PUT /v2/connections/{ref}``,
``POST /v2/connections/testConnection`` (``{"connection": {...}}``) and the older
``POST /v2/connections/testWebService`` (``{"webService": {...}, "webServiceContext": {}}``).

Source: personalize/en/developers/api/connection-rest-api.html and test-a-connection.html
(Bearer access token); the connection JSON (``name``, ``systemType``, ``auth.authType``,
``request.requestType`` with ``webServiceUrl`` or ``connectionUrl``, ``customHeaders``,
``connectionTimeout``/``socketTimeout``, ``inputMappings``/``outputMappings``).

The sandbox makes no outbound calls: a test request is answered by the sandbox itself when the
connection's URL names the sandbox host (its fake destination and token endpoint), else 502."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..auth import rest_auth
from ..constants import SANDBOX_HOST
from ..responses import JSON, base_url, iso, json_body, json_response, rest_error
from ..router import Routes
from ..state import Record, State

routes = Routes()

SYSTEM_TYPES = ("DESTINATION", "DATA_SYSTEM")
AUTH_TYPES = ("NONE", "BASIC", "OAUTH")
REQUEST_TYPES = ("GET", "POST", "PUT", "PATCH", "DELETE")
_VARIABLE = re.compile(r"\$\{\s*([^{}]+?)\s*\}")
_READ_ONLY = ("ref", "href", "createdAt", "modifiedAt", "revision")


def validate_connection(body: Any) -> JSON:
    if not isinstance(body, dict):
        raise rest_error(400, "a connection is a JSON object")
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise rest_error(400, "name is required")
    if str(body.get("systemType", "DESTINATION")).upper() not in SYSTEM_TYPES:
        raise rest_error(400, f"systemType must be one of {', '.join(SYSTEM_TYPES)}")
    auth = body.get("auth") or {"authType": "NONE"}
    if not isinstance(auth, dict) or str(auth.get("authType", "")).upper() not in AUTH_TYPES:
        raise rest_error(400, f"auth.authType must be one of {', '.join(AUTH_TYPES)} (lower case is accepted)")
    request = body.get("request")
    if not isinstance(request, dict):
        raise rest_error(400, "request is required (requestType and webServiceUrl or connectionUrl)")
    if str(request.get("requestType", "")).upper() not in REQUEST_TYPES:
        raise rest_error(400, f"request.requestType must be one of {', '.join(REQUEST_TYPES)}")
    url = request.get("connectionUrl") or request.get("webServiceUrl")
    if not isinstance(url, str) or not url.strip():
        raise rest_error(400, "request.connectionUrl (or the older webServiceUrl) is required")
    if "requestBody" in request and not isinstance(request["requestBody"], str):
        raise rest_error(400, "request.requestBody is a string (JSON text)")
    headers = body.get("customHeaders", [])
    if not isinstance(headers, list) or not all(isinstance(h, dict) and h.get("name") for h in headers):
        raise rest_error(400, "customHeaders is a list of {name, value}")
    for key in ("inputMappings", "outputMappings"):
        mappings = body.get(key, [])
        if not isinstance(mappings, list) or not all(isinstance(m, dict) for m in mappings):
            raise rest_error(400, f"{key} is a list of objects")
    if not all(isinstance(m.get("outputReference"), str) and m["outputReference"].strip()
               for m in body.get("outputMappings", [])):
        raise rest_error(400, "each of outputMappings needs an outputReference (a path into the answer)")
    for name in ("connectionTimeout", "socketTimeout"):
        if name in body and not isinstance(body[name], (int, float)):
            raise rest_error(400, f"{name} is a number of milliseconds")
    return {k: v for k, v in body.items() if k not in _READ_ONLY}


def _json(request: httpx.Request, record: Record) -> JSON:
    return {"href": f"{base_url(request)}/v2/connections/{record.ref}", "ref": record.ref, **record.data,
            "revision": len(record.revisions), "createdAt": iso(record.created_at),
            "modifiedAt": iso(record.modified_at)}


@routes("GET|POST", r"/v2/connections")
def connections(sb: State, request: httpx.Request) -> httpx.Response:
    rest_auth(sb, request, bearer=True)
    store = sb.records["connection"]
    if request.method in ("GET", "HEAD"):
        items = [_json(request, r) for r in store.values()]
        return json_response(200, {"href": str(request.url), "offset": 0, "limit": len(items),
                                   "total": len(items), "items": items})
    data = validate_connection(json_body(request))
    if any(r.data.get("name") == data["name"] for r in store.values()):
        raise rest_error(409, f"a connection named {data['name']!r} already exists")
    record = sb.add_record("connection", data)
    record.revisions.append(dict(data))
    out = _json(request, record)
    return json_response(201, out, {"Location": out["href"]})


@routes("GET|PUT", r"/v2/connections/(?P<ref>[^/]+)")
def connection(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request, bearer=True)
    record = sb.record("connection", ref, "connection")
    if request.method == "PUT":
        record.data = validate_connection(json_body(request))
        record.revisions.append(dict(record.data))
        record.modified_at = sb.now()
    return json_response(200, _json(request, record))


@routes("POST", r"/v2/connections/(?P<kind>testConnection|testWebService)")
def test_connection(sb: State, request: httpx.Request, kind: str) -> httpx.Response:
    rest_auth(sb, request, bearer=True)
    body = json_body(request)
    key, context_key = ("connection", "connectionContext") if kind == "testConnection" else ("webService",
                                                                                             "webServiceContext")
    conn = validate_connection(body.get(key))
    values = {str(m.get("key") or m.get("name")): m.get("exampleValue")
              for m in conn.get("inputMappings") or [] if isinstance(m, dict)}
    context = body.get(context_key)
    if isinstance(context, dict):
        values.update({str(k): v for k, v in context.items()})
    handle: Callable[[httpx.Request], httpx.Response] | None = getattr(sb, "handle", None)
    outgoing = _outgoing(sb, request, conn, values, handle)
    if handle is None or not _is_sandbox(request, outgoing.url):
        raise rest_error(502, f"the sandbox makes no outbound calls: {outgoing.url.host} is not the sandbox "
                              f"host (point the connection at {base_url(request)})")
    answer = handle(outgoing)
    return json_response(200, {"request": {"method": outgoing.method, "url": str(outgoing.url)},
                               "response": {"status": answer.status_code, "headers": dict(answer.headers),
                                            "body": answer.text},
                               "outputs": _outputs(conn.get("outputMappings") or [], answer)})


def _outputs(mappings: list[JSON], answer: httpx.Response) -> JSON:
    """Sandbox choice (the documentation shows no answer): each output mapping's label with the
    value at its outputReference (``current.temp`` or ``$.current.temp``) in the JSON answer, null
    when the answer has nothing there."""
    try:
        data: Any = json.loads(answer.content) if answer.content else None
    except ValueError:
        data = None
    out: JSON = {}
    for m in mappings:
        value = data
        for part in re.findall(r"[^.\[\]]+", str(m["outputReference"]).strip().lstrip("$")):
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                value = None
        out[str(m.get("label") or m["outputReference"])] = value
    return out


def _fill(text: str, values: dict[str, Any]) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise rest_error(400, f"no test value for ${{{m.group(1)}}}")
        return str(values[m.group(1)])

    return _VARIABLE.sub(one, text)


def _is_sandbox(request: httpx.Request, url: httpx.URL) -> bool:
    return url.host in (SANDBOX_HOST, request.url.host) and (url.host == SANDBOX_HOST or url.port == request.url.port)


def _outgoing(sb: State, request: httpx.Request, conn: JSON, values: dict[str, Any],
              handle: Callable[[httpx.Request], httpx.Response] | None) -> httpx.Request:
    spec = conn["request"]
    url = _fill(spec.get("connectionUrl") or spec["webServiceUrl"], values)
    if not urlsplit(url).scheme:
        raise rest_error(400, f"request URL {url!r} is not absolute")
    headers = {str(h["name"]): _fill(str(h.get("value", "")), values) for h in conn.get("customHeaders") or []}
    auth = conn.get("auth") or {}
    kind = str(auth.get("authType", "NONE")).upper()
    if kind == "BASIC":
        pair = f"{auth.get('username', '')}:{auth.get('password', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    elif kind == "OAUTH":
        headers["Authorization"] = "Bearer " + _token(request, auth, handle)
    body = spec.get("requestBody")
    content = _fill(body, values).encode() if isinstance(body, str) else b""
    return httpx.Request(str(spec["requestType"]).upper(), url, headers=headers, content=content)


def _token(request: httpx.Request, auth: JSON, handle: Callable[[httpx.Request], httpx.Response] | None) -> str:
    token_url = httpx.URL(str(auth.get("accessTokenUrl") or ""))
    if handle is None or not _is_sandbox(request, token_url):
        raise rest_error(502, f"the sandbox makes no outbound calls: cannot fetch a token from {token_url}")
    form = {"grant_type": "client_credentials", "client_id": str(auth.get("clientId", "")),
            "client_secret": str(auth.get("clientSecret", ""))}
    for item in auth.get("formItems") or []:
        if isinstance(item, dict) and item.get("name"):
            form[str(item["name"])] = str(item.get("value", ""))
    answer = handle(httpx.Request("POST", token_url, data=form))
    try:
        return str(json.loads(answer.content)["access_token"])
    except (ValueError, KeyError, TypeError):
        raise rest_error(502, f"the token endpoint answered {answer.status_code}: {answer.text[:200]}") from None

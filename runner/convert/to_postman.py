"""The native format -> Postman v2.1 (``cdp-runner export``).

Scripts do what the native declarative parts do: message builders become a pre-request script,
assertions and captures generated test code (runner.convert.checks); what Postman cannot say
goes into ``x-cdp-runner`` fields, which Postman and Newman ignore and import reads back.
"""

from __future__ import annotations

import json
import re
import uuid
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from runner._files import json_text
from runner.convert.checks import assert_js, capture_js
from runner.convert.jsbuilders import MARKER, write_builders
from runner.convert.notation import postman_notation as _pm
from runner.convert.notation import postman_notation_deep as _pm_deep
from runner.errors import InputError

POSTMAN_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _postman_id(name: str) -> str:
    """A stable id from the collection's name; a lone UTF-16 surrogate in it (uuid5 hashes UTF-8) as its escape."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cdp-runner:" + json_text(name)))


def native_to_postman(data: dict[str, Any], file: str) -> dict[str, Any]:
    """A (schema-valid) native collection as Postman v2.1."""
    info: dict[str, Any] = {"_postman_id": _postman_id(data["name"]),
                            "name": data["name"], "schema": POSTMAN_V21}
    if data.get("description"):
        info["description"] = data["description"]
    out: dict[str, Any] = {"info": info}
    variables = data.get("variables") or {}
    secrets = list(data.get("secrets") or [])
    if variables:
        out["variable"] = [{"key": k, "value": _pm_deep(v), **({"type": "secret"} if k in secrets else {})}
                           for k, v in variables.items()]
    _level(data, out, "")
    extra: dict[str, Any] = {k: data[k] for k in ("tags", "timeout", "headers", "independentIterations", "mocks")
                             if k in data}
    loose = [s for s in secrets if s not in variables]
    if loose:
        extra["secrets"] = loose
    if extra:
        out["x-cdp-runner"] = extra
    headers = dict(data.get("headers") or {})
    out["item"] = [_item(node, f"/items/{i}", headers, file) for i, node in enumerate(data["items"])]
    return out


def _level(node: dict[str, Any], out: dict[str, Any], where: str) -> None:
    if "auth" in node:
        out["auth"] = _auth(node["auth"])
    events = []
    pre = node.get("prerequest") or {}
    if pre.get("messages"):
        builders = write_builders(_pm_deep(pre["messages"]))
        script = _exec(pre.get("script"), [builders], separator=MARKER)
    else:
        script = _exec(pre.get("script"), [])
    if script:
        events.append({"listen": "prerequest", "script": {"type": "text/javascript", "exec": script}})
    captures = (node.get("capture") or {}).items()
    generated = [capture_js(var, subject, f"{where}/capture/{var}") for var, subject in captures]
    generated += [assert_js(a, f"{where}/assert/{j}") for j, a in enumerate(node.get("assert") or [])]
    tests = _exec(node.get("tests"), generated)
    if tests:
        events.append({"listen": "test", "script": {"type": "text/javascript", "exec": tests}})
    if events:
        out["event"] = events


def _exec(script: str | list[str] | None, generated: list[str], separator: str | None = None) -> str | list[str]:
    """A script's ``exec``: the user's own script, then generated code (after `separator`, if any).

    A list of lines, as Postman stores scripts; but a native script written as one string of
    several lines stays one string (Postman accepts both), so that import gives it back as it was.
    """
    own = "\n".join(script) if isinstance(script, list) else (script or "")
    text = own
    if generated:
        mine = [own.rstrip() if separator else own.rstrip("\n")] if own.strip() else []
        text = "\n".join(mine + ([separator] if mine and separator else []) + generated)
    if not text:
        return ""
    return text if isinstance(script, str) and "\n" in script else text.split("\n")


def _item(node: dict[str, Any], where: str, headers: dict[str, str], file: str) -> dict[str, Any]:
    if "connection" in node:
        raise InputError("a Personalize connection item cannot be exported to Postman "
                         "(use `cdp-runner connection export` for it)", file=file, place=where)
    out: dict[str, Any] = {"name": node["name"]}
    if node.get("description"):
        out["description"] = node["description"]
    extra: dict[str, Any] = {k: node[k] for k in ("tags", "headers") if k in node and ("items" in node or k == "tags")}
    if "items" in node:
        inner = {**headers, **(node.get("headers") or {})}
        out["item"] = [_item(n, f"{where}/items/{i}", inner, file) for i, n in enumerate(node["items"])]
        _level(node, out, where)
    else:
        try:
            _level(node, out, where)
        except InputError as exc:
            raise InputError(exc.message, file=file, place=where + (exc.place or "")) from None
        out["request"] = _request(node["request"], headers, extra)
        mock = node.get("mock")
        if mock is not None:
            out["response"] = [_example(m, node["name"], i, out["request"])
                               for i, m in enumerate(mock if isinstance(mock, list) else [mock])]
    if extra:
        out["x-cdp-runner"] = extra
    return out


def _request(r: dict[str, Any], inherited: dict[str, str], extra: dict[str, Any]) -> dict[str, Any]:
    own_headers = r.get("headers") or {}
    headers = {**inherited, **own_headers}
    if inherited:
        extra["inherited headers"] = sorted(k for k in inherited if k not in own_headers)
    out: dict[str, Any] = {"method": r["method"],
                           "header": [{"key": _pm(k), "value": _pm(v)} for k, v in headers.items()]}
    if r["url"] is not None:  # null: no URL, and the Postman item has none either
        query = [(k, _pm(v if isinstance(v, str) else json.dumps(v))) for k, v in (r.get("query") or {}).items()]
        out["url"] = _url(_pm(r["url"]), query)
    body = r.get("body")
    if body is not None:
        out["body"] = _body(body)
    if "auth" in r:
        out["auth"] = _auth(r["auth"])
    if "timeout" in r:
        extra["timeout"] = r["timeout"]
    return out


def _url(url: str, query: list[tuple[str, str]]) -> str | dict[str, Any]:
    raw = url + (("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in query) if query else "")
    if "?" in url or "#" in url:
        return raw  # a query written in the URL itself: Postman parses the raw text
    parts = urlsplit(url) if "://" in url else None
    if parts is None:  # "{{baseUrl}}/path": the host is a variable
        host, _, path = url.partition("/")
        return {"raw": raw, "host": [host], "path": path.split("/") if path else [],
                **({"query": [{"key": k, "value": v} for k, v in query]} if query else {})}
    host, _, port = parts.netloc.rpartition(":") if re.search(r":\d+$", parts.netloc) else (parts.netloc, "", "")
    url_obj: dict[str, Any] = {"raw": raw, "protocol": parts.scheme, "host": host.split(".")}
    if port:
        url_obj["port"] = port
    url_obj["path"] = parts.path.split("/")[1:]
    if query:
        url_obj["query"] = [{"key": k, "value": v} for k, v in query]
    return url_obj


def _body(body: dict[str, Any]) -> dict[str, Any]:
    (kind, value), = body.items()
    if kind == "json":
        return {"mode": "raw", "raw": json.dumps(_pm_deep(value), indent=2, ensure_ascii=False),
                "options": {"raw": {"language": "json"}}}
    if kind == "text":
        return {"mode": "raw", "raw": _pm(value)}
    if kind == "form":
        return {"mode": "urlencoded", "urlencoded": [{"key": _pm(k), "value": _pm(v), "type": "text"}
                                                     for k, v in value.items()]}
    if kind == "multipart":
        return {"mode": "formdata", "formdata": [
            {"key": p["name"], "type": "file", "src": p["file"]} if "file" in p
            else {"key": _pm(p["name"]), "value": _pm(p.get("value", "")), "type": "text"}
            for p in value]}
    g = {"query": _pm(value.get("query", ""))}
    if "variables" in value:
        v = value["variables"]
        g["variables"] = _pm(v) if isinstance(v, str) else json.dumps(_pm_deep(v), indent=2)
    return {"mode": "graphql", "graphql": g}


def _params(pairs: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": k, "value": v, "type": "string"} for k, v in pairs.items() if v is not None]


def _auth(spec: dict[str, Any]) -> dict[str, Any]:
    spec = _pm_deep(spec)
    kind = spec["type"]
    if kind == "none":
        return {"type": "noauth"}
    if kind == "basic":
        return {"type": "basic", "basic": _params({"username": spec["username"], "password": spec["password"]})}
    if kind == "bearer":
        return {"type": "bearer", "bearer": _params({"token": spec["token"]})}
    if kind == "apikey":
        return {"type": "apikey", "apikey": _params({"key": spec["key"], "value": spec["value"],
                                                     "in": spec.get("in", "header")})}
    if kind != "oauth2":  # the other schemes keep Postman's option names (runner.core.auth)
        return {"type": kind, kind: [{"key": k, "value": v, "type": "boolean" if isinstance(v, bool) else "string"}
                                     for k, v in spec.items() if k != "type" and v is not None]}
    if "accessTokenUrl" in spec:
        pairs: dict[str, Any] = {
            "grant_type": "client_credentials", "accessTokenUrl": spec["accessTokenUrl"],
            "clientId": spec.get("clientId", ""), "clientSecret": spec.get("clientSecret", ""),
            "client_authentication": spec.get("credentials", "header"), "scope": spec.get("scope"),
            "audience": spec.get("audience"), "addTokenTo": "header",
        }
        for key in ("headers", "form"):
            if key in spec:
                pairs[f"cdpRunner_{key}"] = json.dumps(spec[key])
        return {"type": "oauth2", "oauth2": _params(pairs)}
    return {"type": "oauth2", "oauth2": _params({"accessToken": spec.get("accessToken", ""), "addTokenTo": "header",
                                                 "tokenType": "Bearer"})}


def _example(mock: dict[str, Any], name: str, index: int, request: dict[str, Any]) -> dict[str, Any]:
    """A native mock as a Postman saved example."""
    headers = dict(mock.get("headers") or {})
    if "json" in mock:
        body = json.dumps(mock["json"], indent=2, ensure_ascii=False)
        headers = {"Content-Type": "application/json", **headers}
    else:
        body = mock.get("text", "")
    status = int(mock.get("status", 200))
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    example: dict[str, Any] = {"name": f"{name} (mock {index + 1})", "originalRequest": request, "status": reason,
                               "code": status, "_postman_previewlanguage": "json" if "json" in mock else "text",
                               "header": [{"key": k, "value": v} for k, v in headers.items()], "body": body}
    if "delayMs" in mock:
        example["x-cdp-runner"] = {"delayMs": mock["delayMs"]}
    return example

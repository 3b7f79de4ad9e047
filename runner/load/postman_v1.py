"""Postman v1 collections, converted on load into the v2 shape the Postman loader reads (as Newman
does with postman-collection-transformer).

A v1 collection is a flat list of ``requests`` put in order by ``order`` (top level), ``folders``
(each with its own ``order`` and ``folders_order`` for sub-folders) and ``folders_order``. Folders
come first, then the top-level requests, as Newman runs them. Requests carry ``headers`` as
``"Key: value"`` lines (``//`` disables one) or ``headerData``, the body as ``dataMode`` with
``rawModeData`` or ``data``, scripts as ``preRequestScript``/``tests`` (or ``events``), and auth as
``auth`` or the older ``currentHelper`` + ``helperAttributes``.
"""

from __future__ import annotations

import re
from typing import Any

_BODY_MODES = {"raw": "raw", "urlencoded": "urlencoded", "params": "formdata", "binary": "file", "graphql": "graphql"}
_HEADER_LINE = re.compile(r"^((?://\s*)?\S+):(.*)$", re.M)
_HELPERS = {"apikeyAuth": "apikey", "basicAuth": "basic", "bearerAuth": "bearer", "digestAuth": "digest",
            "hawkAuth": "hawk", "oAuth1": "oauth1", "oAuth2": "oauth2", "ntlmAuth": "ntlm", "awsSigV4": "awsv4"}
# v1 helper attribute -> v2 auth parameter, where the names differ
_RENAMED = {"oAuth1": {"header": "addParamsToHeader", "auto": "autoAddParam", "includeEmpty": "addEmptyParamsToSign"},
            "hawkAuth": {"hawk_id": "authId", "hawk_key": "authKey", "ext": "extraData", "app": "appId",
                         "dlg": "delegation"}}


def is_v1_collection(data: Any) -> bool:
    """Newman's test: a ``name``, an ``order`` and ``requests``."""
    return isinstance(data, dict) and bool(data.get("name")) and "order" in data and "requests" in data


def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """The v2.0 collection Newman would run for this v1 collection."""
    requests = {r["id"]: r for r in data.get("requests") or [] if isinstance(r, dict) and "id" in r}
    folders = {f["id"]: f for f in data.get("folders") or [] if isinstance(f, dict) and "id" in f}
    nested = {sub for f in folders.values() for sub in f.get("folders_order") or []}

    def folder(f: dict[str, Any]) -> dict[str, Any]:
        group: dict[str, Any] = {"name": f.get("name") or "", "item": []}
        group["item"] += [folder(folders[i]) for i in f.get("folders_order") or [] if i in folders]
        group["item"] += [_item(requests[i]) for i in f.get("order") or [] if i in requests]
        _common(f, group)
        return group

    top = data.get("folders_order") or list(folders)
    items = [folder(folders[i]) for i in dict.fromkeys(top) if i in folders and i not in nested]
    items += [_item(requests[i]) for i in data.get("order") or [] if i in requests]
    out: dict[str, Any] = {"info": {"name": data["name"], "_postman_id": data.get("id"),
                                    "description": data.get("description"),
                                    "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
                           "item": items}
    _common(data, out)
    if isinstance(out.get("auth"), dict) and out["auth"].get("type") == "noauth":
        del out["auth"]  # as the converter: "noauth" at the collection level is no auth at all
    return out


def _common(entity: dict[str, Any], into: dict[str, Any]) -> None:
    """What collections, folders and requests share: auth, scripts, variables, protocol behaviour."""
    auth = _auth(entity)
    if auth is not None:
        into["auth"] = auth
    events = _events(entity)
    if events:
        into["event"] = events
    variables = entity.get("variables") or entity.get("variable")
    if isinstance(variables, list) and variables:
        into["variable"] = [{"key": v.get("key") or v.get("id"), "value": v.get("value"),
                             **({"disabled": True} if v.get("disabled") else {})}
                            for v in variables if isinstance(v, dict)]
    if isinstance(entity.get("protocolProfileBehavior"), dict):
        into["protocolProfileBehavior"] = entity["protocolProfileBehavior"]


def _item(r: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {"method": r.get("method") or "GET", "header": _headers(r), "url": _url(r)}
    body = _body(r)
    if body is not None:
        request["body"] = body
    if r.get("description"):
        request["description"] = r["description"]
    item: dict[str, Any] = {"name": r.get("name") or "", "id": r.get("id"), "request": request}
    _common(r, item)
    if "auth" in item:
        request["auth"] = item.pop("auth")
    return item


def _events(entity: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(entity.get("events"), list) and entity["events"]:
        events = []
        for event in entity["events"]:
            if isinstance(event, dict):
                script = dict(event.get("script") or {})
                if isinstance(script.get("exec"), str):
                    script["exec"] = script["exec"].split("\n")
                events.append({**event, "listen": event.get("listen") or "test", "script": script})
        return events
    found = []
    for listen, key in (("test", "tests"), ("prerequest", "preRequestScript")):
        source = entity.get(key)
        if source:
            lines = source.split("\n") if isinstance(source, str) else source
            found.append({"listen": listen, "script": {"type": "text/javascript", "exec": lines}})
    return found


def _auth(entity: dict[str, Any]) -> dict[str, Any] | None:
    if isinstance(entity.get("auth"), dict):
        return entity["auth"]
    helper = entity.get("currentHelper")
    if not helper or helper == "normal":
        return None
    kind = _HELPERS.get(helper, helper)
    attributes = entity.get("helperAttributes")
    if not isinstance(attributes, dict):
        return {"type": kind}
    renamed = _RENAMED.get(helper, {})
    params = {renamed.get(k, k): v for k, v in attributes.items() if k != "id"}
    return {"type": kind, kind: params}


def _headers(r: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(r.get("headers"), list):
        return r["headers"]
    headers, seen = [], set()
    for h in r.get("headerData") or []:
        if isinstance(h, dict) and h.get("key") is not None:
            key = str(h["key"])
            disabled = key.startswith("//") or h.get("enabled") is False
            key = key.removeprefix("//").strip()
            headers.append({"key": key, "value": h.get("value"), **({"disabled": True} if disabled else {})})
            seen.add(key)
    text = r.get("headers")
    if isinstance(text, str):
        for match in _HEADER_LINE.finditer(text.replace("\r", "")):
            key, value = match.group(1).strip(), match.group(2).strip()
            disabled = key.startswith("//")
            key = key.removeprefix("//").strip()
            if key not in seen:
                headers.append({"key": key, "value": value, **({"disabled": True} if disabled else {})})
    return headers


def _url(r: dict[str, Any]) -> Any:
    raw = "" if r.get("url") is None else str(r["url"])
    query = [{**{k: v for k, v in q.items() if k not in ("enabled", "equals")},
              **({"disabled": True} if q.get("enabled") is False else {})}
             for q in r.get("queryParams") or [] if isinstance(q, dict)]
    variables = [dict(v) for v in r.get("pathVariableData") or [] if isinstance(v, dict)]
    known = {v.get("key") for v in variables}
    if isinstance(r.get("pathVariables"), dict):
        variables += [{"key": k, "value": v} for k, v in r["pathVariables"].items() if k not in known]
    if not query and not variables:
        return raw
    return {"raw": raw, **({"query": query} if query else {}), **({"variable": variables} if variables else {})}


def _body(r: dict[str, Any]) -> dict[str, Any] | None:
    data, raw_data = r.get("data"), r.get("rawModeData")
    if isinstance(raw_data, list) and len(raw_data) == 1 and isinstance(raw_data[0], str):
        raw_data = raw_data[0]
    mode = _BODY_MODES.get(r.get("dataMode") or "")
    if "dataMode" in r and r["dataMode"] is None or not mode and not data and not raw_data:
        return None
    if not mode:
        mode = "formdata" if not isinstance(raw_data, str) and isinstance(data or raw_data, list) else "raw"
    body: dict[str, Any] = {"mode": mode}
    if mode == "raw":
        body["raw"] = raw_data if isinstance(raw_data, str) else data if isinstance(data, str) else ""
    elif mode == "file":
        body["file"] = {"src": raw_data}
    elif mode == "graphql":
        body["graphql"] = r.get("graphqlModeData") or data
    else:
        fields = data or raw_data or []
        body[mode] = [_form_field(p) for p in fields if isinstance(p, dict) and p.get("key") is not None]
    options = {_BODY_MODES[k]: v for k, v in (r.get("dataOptions") or {}).items() if k in _BODY_MODES and v}
    if options:
        body["options"] = options
    if r.get("dataDisabled"):
        body["disabled"] = True
    return body


def _form_field(p: dict[str, Any]) -> dict[str, Any]:
    field = {k: v for k, v in p.items() if k != "enabled"}
    if p.get("enabled") is False:
        field["disabled"] = True
    if field.get("type") == "file" and not field.get("src") and field.get("value"):
        field["src"] = field.pop("value")
    return field

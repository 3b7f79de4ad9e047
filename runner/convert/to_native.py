"""Postman v2.0/v2.1 -> the native format (``cdp-runner import``).

Postman's own structures are read by the Postman loader (runner.load.postman: URLs, headers,
bodies, auth, event scripts), so import reads a file exactly as ``run`` does; this module only
writes what was read in the native shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from runner.convert.checks import split_checks
from runner.convert.jsbuilders import MARKER, parse_builders
from runner.convert.pm_tests import take_checks
from runner.errors import InputError
from runner.load.native import schema, validate
from runner.load.postman import as_text, auth_spec, body_model, event_scripts, from_postman, header_pairs, url_text


def _native_methods() -> tuple[str, ...]:
    return tuple(schema()["$defs"]["request"]["properties"]["method"]["enum"])


def _native_auth_types() -> tuple[str, ...]:
    """Postman's names of the auth types the native format has (``none`` is Postman's ``noauth``)."""
    native = schema()["$defs"]["auth"]["properties"]["type"]["enum"]
    return tuple("noauth" if kind == "none" else kind for kind in native)


def postman_to_native(data: dict[str, Any], file: str, warnings: list[str] | None = None) -> dict[str, Any]:
    """A Postman v2.0/v2.1 collection as a native collection (a dict that passes the schema).

    What ``run`` accepts but cannot send (an item without a URL) is imported as it is and
    described in `warnings`.
    """
    from_postman(data, file)  # what run refuses, import refuses with the same message
    try:
        return _collection(data, file, [] if warnings is None else warnings)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise InputError(f"not a valid Postman v2.x collection: unexpected structure ({exc.__class__.__name__}: "
                         f"{exc})", file=file, place="/") from None


def _collection(data: dict[str, Any], file: str, warnings: list[str]) -> dict[str, Any]:
    info = data.get("info") or {}
    out: dict[str, Any] = {"name": str(info.get("name") or Path(file).stem)}
    description = as_text(info.get("description"))
    if description:
        out["description"] = description
    variables: dict[str, Any] = {}
    secrets: list[str] = []
    for i, v in enumerate(data.get("variable") or []):
        if not isinstance(v, dict) or "key" not in v:
            raise InputError("expected {\"key\": ..., \"value\": ...}", file=file, place=f"/variable/{i}")
        if v.get("disabled"):
            continue
        value = v.get("value", "")
        variables[str(v["key"])] = value if isinstance(value, (str, int, float, bool)) or value is None \
            else json.dumps(value)
        if v.get("type") == "secret":
            secrets.append(str(v["key"]))
    if variables:
        out["variables"] = variables
    if secrets:
        out["secrets"] = secrets
    _level(data, out, "", file, top=True)
    top = dict(out.get("headers") or {})
    out["items"] = [_item(node, f"/item/{i}", file, top, (), warnings) for i, node in enumerate(data["item"])]
    validate(out, file + " (imported)")
    return out


def _level(node: dict[str, Any], out: dict[str, Any], where: str, file: str, *, top: bool = False,
           request: bool = False) -> None:
    """auth and scripts of a collection, folder or request item."""
    auth_node = (node.get("request") or {}).get("auth") if request and isinstance(node.get("request"), dict) \
        else node.get("auth")
    if auth_node is not None:
        out_auth = _auth(auth_node, file, (where + "/request/auth") if request else (where + "/auth"))
        if out_auth is not None:
            if request:
                out.setdefault("request", {})["auth"] = out_auth
            else:
                out["auth"] = out_auth
    scripts = _scripts(node)
    if "prerequest" in scripts:
        pre, as_lines = scripts["prerequest"]
        out["prerequest"] = _prerequest(pre, request, as_lines)
    if "test" in scripts:
        tests, as_lines = scripts["test"]
        script, checks, captures = split_checks(tests) if request else (tests, [], {})
        if request:  # the common pm.* checks at its end become native assertions
            script, converted = take_checks(script)
            checks = converted + checks
        if script.strip():
            out["tests"] = _script(script, as_lines)
        if checks:
            out["assert"] = checks
        if captures:
            out["capture"] = captures
    extra = node.get("x-cdp-runner")
    if isinstance(extra, dict):  # what Postman cannot say, kept by our export
        keys = ("tags", "timeout", "headers", "secrets", "independentIterations", "mocks") if top \
            else ("tags",) if request else ("tags", "headers")
        for key in keys:
            if key in extra:
                out[key] = extra[key]
        if request and "timeout" in extra:
            out["request"]["timeout"] = extra["timeout"]


def _prerequest(source: str, request: bool, as_lines: bool) -> dict[str, Any]:
    """A pre-request script: message builders where it only builds messages (requests only)."""
    if not request:
        return {"script": _script(source, as_lines)}
    builders = parse_builders(source)
    if builders is not None:
        return {"messages": builders}
    own, sep, marked = source.partition(MARKER)  # our export: the user's script, then builders
    builders = parse_builders(marked) if sep else None
    if builders is None:
        return {"script": _script(source, as_lines)}
    own = own.rstrip("\n")
    return {"messages": builders, **({"script": _script(own, as_lines)} if own.strip() else {})}


def _scripts(node: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """listen -> (the level's scripts joined into one source, stored as lines?)."""
    found: dict[str, tuple[str, bool]] = {}
    for listen, source, as_lines in event_scripts(node):
        if listen in found:
            joined, lines = found[listen]
            found[listen] = (joined + "\n" + source, lines or as_lines)
        else:
            found[listen] = (source, as_lines)
    return found


def _script(source: str, as_lines: bool) -> str | list[str]:
    """Kept as Postman stored it: a list of lines (one line: a string), or one string."""
    return source.split("\n") if as_lines and "\n" in source else source


def _item(node: Any, where: str, file: str, inherited: dict[str, str], folders: tuple[str, ...],
          warnings: list[str]) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise InputError("expected an item object", file=file, place=where)
    name = str(node.get("name") or "item")
    if "item" in node:
        folder: dict[str, Any] = {"name": name}
        description = as_text(node.get("description"))
        if description:
            folder["description"] = description
        _level(node, folder, where, file)
        inner = {**inherited, **(folder.get("headers") or {})}
        folder["items"] = [_item(n, f"{where}/item/{i}", file, inner, folders + (name,), warnings)
                           for i, n in enumerate(node.get("item") or [])]
        return folder
    if "request" not in node:
        raise InputError("an item needs \"request\" (a request) or \"item\" (a folder)", file=file, place=where)
    item: dict[str, Any] = {"name": name}
    description = as_text(node.get("description"))
    if description:
        item["description"] = description
    item["request"] = _request(node["request"], where + "/request", file)
    if item["request"]["url"] is None:
        warnings.append(f"{file} at {where}/request/url: item {'/'.join(folders + (name,))!r} has no URL; "
                        "imported as a request that fails when run, as it does when the Postman file is run")
    _level(node, item, where, file, request=True)
    extra: dict[str, Any] = node["x-cdp-runner"] if isinstance(node.get("x-cdp-runner"), dict) else {}
    headers = item["request"].get("headers", {})
    for key in extra.get("inherited headers") or []:  # pushed down by our export: inherited again
        if key in headers and headers[key] == inherited.get(key):
            del headers[key]
    if "headers" in item["request"] and not headers:
        del item["request"]["headers"]
    mocks = [_mock(e) for e in node.get("response") or [] if isinstance(e, dict)]
    if mocks:
        item["mock"] = mocks[0] if len(mocks) == 1 else mocks
    return item


def _request(r: Any, where: str, file: str) -> dict[str, Any]:
    if isinstance(r, str):
        r = {"method": "GET", "url": r}
    if not isinstance(r, dict):
        raise InputError("expected a request object or a URL string", file=file, place=where)
    method = str(r.get("method") or "GET").upper()
    methods = _native_methods()
    if method not in methods:
        raise InputError(f"method {method!r} is not supported (one of: {', '.join(methods)})",
                         file=file, place=where + "/method")
    url, query = _url_and_query(r.get("url"))
    out: dict[str, Any] = {"method": method, "url": url or None}  # None: no URL, as the loader reads it
    if query:
        out["query"] = query
    headers = dict(header_pairs(r.get("header")))
    if headers:
        out["headers"] = headers
    body = _body(r.get("body"), headers, where + "/body", file)
    if body is not None:
        out["body"] = body
    return out


def _url_and_query(url: Any) -> tuple[str, dict[str, str]]:
    """The URL, with its query as a native ``query`` object when that says the same thing."""
    if isinstance(url, dict) and isinstance(url.get("query"), list):
        params = [q for q in url["query"] if isinstance(q, dict) and not q.get("disabled") and q.get("key") is not None]
        keys = [str(q["key"]) for q in params]
        plain = all(q.get("value") is not None and "%" not in str(q.get("value")) and "%" not in str(q["key"])
                    and "#" not in str(q.get("value")) for q in params)
        base = url_text({k: v for k, v in url.items() if k != "query"}).split("?", 1)[0]
        if plain and len(set(keys)) == len(keys) and base:
            return base, {str(q["key"]): as_text(q.get("value")) for q in params}
    return url_text(url), {}


def _body(body: Any, headers: dict[str, str], where: str, file: str) -> dict[str, Any] | None:
    """The native body for a Postman one: read by the Postman loader, then written natively."""
    model = body_model(body, file, where.rsplit("/", 2)[0])  # where: ITEM/request/body
    if model is None:
        return None
    if model.kind == "text":
        content_type = model.content_type or next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if "json" in content_type.lower():
            try:
                parsed = json.loads(model.value)
            except ValueError:
                parsed = None
            if isinstance(parsed, (dict, list)):
                return {"json": parsed}
        return {"text": model.value}
    if model.kind == "form":
        keys = [k for k, _ in model.value]
        if len(set(keys)) != len(keys):  # the native form is an object: repeated keys go as text
            return {"text": "&".join(f"{quote(str(k), safe='{}$')}={quote(v, safe='{}$')}" for k, v in model.value)}
        return {"form": {str(k): v for k, v in model.value}}
    if model.kind == "multipart":
        parts = [{"name": str(k), "file": str(v["file"] or "")} if isinstance(v, dict) and "file" in v
                 else {"name": str(k), "value": v["text"] if isinstance(v, dict) else v} for k, v in model.value]
        return {"multipart": parts} if parts else None
    g = model.value  # graphql
    out: dict[str, Any] = {"query": as_text(g.get("query"))}
    variables = g.get("variables")
    if isinstance(variables, str) and variables.strip():
        try:
            variables = json.loads(variables)
        except ValueError:
            pass
    if variables not in (None, ""):
        out["variables"] = variables
    return {"graphql": out}


def _auth(auth: Any, file: str, where: str) -> dict[str, Any] | None:
    if not isinstance(auth, dict):
        return None
    kind = auth.get("type", "noauth")
    if kind == "inherit":
        return None
    supported = _native_auth_types()
    if kind not in supported:
        raise InputError(f"auth type {kind!r} is not supported ({', '.join(supported)})",
                         file=file, place=where + "/type")
    return auth_spec(auth)


def _mock(example: dict[str, Any]) -> dict[str, Any]:
    """A saved example as a native mock."""
    mock: dict[str, Any] = {"status": int(example.get("code") or 200)}
    headers = dict(header_pairs(example.get("header")))
    body = as_text(example.get("body"))
    json_like = example.get("_postman_previewlanguage") == "json" or any(
        k.lower() == "content-type" and "json" in v.lower() for k, v in headers.items())
    if json_like and body.strip():
        try:
            mock["json"] = json.loads(body)
            headers = {k: v for k, v in headers.items() if not (k.lower() == "content-type" and
                                                                 v.lower() == "application/json")}
        except ValueError:
            mock["text"] = body
    elif body:
        mock["text"] = body
    if headers:
        mock["headers"] = headers
    extra = example.get("x-cdp-runner")
    if isinstance(extra, dict) and isinstance(extra.get("delayMs"), (int, float)):
        mock["delayMs"] = extra["delayMs"]
    return mock

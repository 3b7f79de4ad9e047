"""Postman collections v2.0 / v2.1, loaded into the same model as native ones.

Scripts run outside-in (collection, folders, request) as Postman does; auth is inherited
down the tree until a level sets its own (``noauth`` included); disabled entries are dropped.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from runner.errors import InputError
from runner.model.collection import Body, Collection, Request, Script


def from_postman(data: dict[str, Any], file: str) -> Collection:
    """Load a Postman collection; a shape the loader does not expect is bad input, never a crash."""
    from runner.load.postman_schema import is_valid

    valid = is_valid(data)  # before loading reads it: the data as in the file
    try:
        collection = _from_postman(data, file)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise unexpected_structure(data, file, exc) from None
    collection.schema_valid = valid
    return collection


def unexpected_structure(data: Any, file: str, exc: Exception) -> InputError:
    """The error for a Postman file of a shape nothing can read: where it first breaks the Postman
    schema, when it does."""
    from runner.load.postman_schema import violations

    found = violations(data)
    if not found:
        return InputError(f"not a valid Postman v2.x collection: unexpected structure ({exc.__class__.__name__}: "
                          f"{exc})", file=file, place="/")
    more = f" (and {len(found) - 1} more: 'cdp-runner validate' lists them)" if len(found) > 1 else ""
    return InputError(f"not a valid Postman v2.x collection: {found[0].message}{more}", file=file,
                      place=found[0].pointer)


def _from_postman(data: dict[str, Any], file: str) -> Collection:
    if not isinstance(data.get("item"), list):
        raise InputError("Postman collection without an \"item\" list", file=file, place="/item")
    info = data.get("info") or {}
    variables, secrets = {}, set()
    for i, v in enumerate(data.get("variable") or []):
        if not isinstance(v, dict) or "key" not in v:
            raise InputError("expected {\"key\": ..., \"value\": ...}", file=file, place=f"/variable/{i}")
        if v.get("disabled") or v["key"] is None:  # a variable without a name: nothing can use it
            continue
        key = as_text(v["key"])
        variables[key] = v.get("value", "")
        if v.get("type") == "secret":
            secrets.add(key)
    requests: list[Request] = []
    pre, tests = _scripts(data, "/", file)
    _walk(data["item"], "/item", (), auth_spec(data.get("auth")), pre, tests, requests, file,
          behavior(data, {}))
    return Collection(name=info.get("name") or "Postman collection", path=file, format="postman",
                      requests=requests, variables=variables, secret_names=secrets,
                      description=as_text(info.get("description")))


def behavior(node: dict[str, Any], inherited: dict[str, Any]) -> dict[str, Any]:
    """A node's ``protocolProfileBehavior`` over its parents' (collection < folders < item), as Postman
    resolves it; ``disabledSystemHeaders`` merges name by name."""
    own = node.get("protocolProfileBehavior")
    if not isinstance(own, dict) or not own:
        return inherited
    merged = {**inherited, **own}
    headers = own.get("disabledSystemHeaders")
    if isinstance(headers, dict) and isinstance(inherited.get("disabledSystemHeaders"), dict):
        merged["disabledSystemHeaders"] = {**inherited["disabledSystemHeaders"], **headers}
    return merged


def _walk(items: list[Any], pointer: str, folders: tuple[str, ...], auth: dict[str, Any] | None,
          pre: list[Script], tests: list[Script], out: list[Request], file: str,
          inherited: dict[str, Any]) -> None:
    for i, node in enumerate(items):
        where = f"{pointer}/{i}"
        if not isinstance(node, dict):
            raise InputError("expected an item object", file=file, place=where)
        name = str(node.get("name") or f"item {i + 1}")
        own_pre, own_tests = _scripts(node, where, file)
        own_auth = auth_spec(node.get("auth"))
        node_auth = auth if own_auth is None else own_auth
        if "item" in node:
            _walk(node["item"] or [], where + "/item", folders + (name,), node_auth,
                  pre + own_pre, tests + own_tests, out, file, behavior(node, inherited))
        elif "request" in node:
            request = _request(node, where, folders, name, len(out), file)
            own_auth = auth_spec(node["request"].get("auth")) if isinstance(node["request"], dict) else None
            request.auth = node_auth if own_auth is None else own_auth
            request.prerequest, request.tests = pre + own_pre, tests + own_tests
            request.behavior = behavior(node, inherited)
            out.append(request)
        else:
            raise InputError("an item needs \"request\" (a request) or \"item\" (a folder)", file=file, place=where)


class EventScript(NamedTuple):
    listen: str  # "prerequest" | "test" | ...
    source: str
    as_lines: bool  # stored as a list of lines (Postman's own form), not as one string


def event_scripts(node: dict[str, Any]) -> list[EventScript]:
    """The enabled, non-empty scripts of an item, folder or collection, in order."""
    found = []
    for event in node.get("event") or []:
        if not isinstance(event, dict) or event.get("disabled"):
            continue
        script = event.get("script") or {}
        source = script.get("exec", "") if isinstance(script, dict) else script
        as_lines = isinstance(source, list)
        if isinstance(source, list):
            try:
                source = "\n".join(source)  # lines of text, as Postman writes them
            except TypeError:  # a null or a number among them
                source = "\n".join(line if isinstance(line, str) else "" if line is None else str(line)
                                   for line in source)
        if isinstance(source, str) and source.strip():
            found.append(EventScript(str(event.get("listen")), source, as_lines))
    return found


def _scripts(node: dict[str, Any], where: str, file: str) -> tuple[list[Script], list[Script]]:
    pre: list[Script] = []
    tests: list[Script] = []
    for listen, source, _ in event_scripts(node):
        label = f"{node.get('name') or 'collection'} [{listen}]"
        if listen == "prerequest":
            pre.append(Script(source, label))
        elif listen == "test":
            tests.append(Script(source, label))
    return pre, tests


def _request(node: dict[str, Any], where: str, folders: tuple[str, ...], name: str, index: int, file: str) -> Request:
    r = node["request"]
    if isinstance(r, str):  # v2 allows a bare URL string
        r = {"method": "GET", "url": r}
    headers = header_pairs(r.get("header"))
    mocks = []
    for example in node.get("response") or []:
        code = example.get("code") or 200 if isinstance(example, dict) else None
        if type(code) is int and 100 <= code <= 599:  # an example with any other code cannot answer offline
            mocks.append({
                "status": code,
                "headers": {as_text(h["key"]): as_text(h.get("value")) for h in example.get("header") or []
                            if isinstance(h, dict) and h.get("key")},
                "text": as_text(example.get("body")),
                "name": example.get("name"),
                "request": example.get("originalRequest"),
            })
    return Request(
        id=str(node.get("id") or node.get("_postman_id") or index), name=name,
        item="/".join(folders + (name,)), folders=folders,
        method=str(r.get("method") or "GET").upper(), url=url_text(r.get("url")), pointer=where,
        headers=headers, body=body_model(r.get("body"), file, where), mocks=mocks,
    )


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """(name, value) of a Postman header list, disabled and nameless entries dropped."""
    return [(as_text(h["key"]), as_text(h.get("value"))) for h in headers or []
            if isinstance(h, dict) and not h.get("disabled") and h.get("key")]


def url_text(url: Any) -> str:
    """A request's URL as text. As in Newman, a URL that is neither text nor an object is empty (the
    request fails when run), and an object's parts are used when its ``raw`` is not text; values of
    other types in the parts (numbers, booleans) read as JavaScript's String() shows them."""
    if isinstance(url, str):
        return url
    if not isinstance(url, dict):
        return ""
    given = url.get("raw")
    query = url.get("query")
    built = not isinstance(given, str)  # no "raw" text (hand-written, generated, or not text): the parts are the URL
    raw = given if isinstance(given, str) else ""
    if built:
        host = url.get("host") or []
        path = url.get("path") or []
        raw = (f"{as_text(url['protocol'])}://" if url.get("protocol") else "") + \
            (".".join(map(as_text, host)) if isinstance(host, list) else as_text(host))
        if url.get("port"):
            raw += f":{as_text(url['port'])}"
        if path:
            raw += "/" + ("/".join(as_text(p.get("value")) if isinstance(p, dict) else as_text(p) for p in path)
                          if isinstance(path, list) else as_text(path).lstrip("/"))
    if isinstance(query, list) and (built or any(isinstance(q, dict) and q.get("disabled") for q in query)):
        base = raw.split("?", 1)[0]
        parts = [as_text(q["key"]) if q.get("value") is None else f"{as_text(q['key'])}={as_text(q['value'])}"
                 for q in query if isinstance(q, dict) and not q.get("disabled") and q.get("key") is not None]
        raw = base + ("?" + "&".join(parts) if parts else "")
    return _path_variables(raw, url.get("variable"))


def _path_variables(raw: str, variables: Any) -> str:
    """``:name`` path segments replaced by the URL object's ``variable`` values, as Newman does (a
    segment with no such variable stays as written; the value may hold ``{{variables}}``)."""
    values = {as_text(v["key"]): as_text(v.get("value"))
              for v in variables or [] if isinstance(v, dict) and v.get("key")} if isinstance(variables, list) else {}
    if not values:
        return raw
    head, mark, tail = raw.partition("?")
    scheme, sep, rest = head.rpartition("://")
    segments = rest.split("/")
    segments[1:] = [values.get(seg[1:], seg) if seg.startswith(":") else seg for seg in segments[1:]]
    return scheme + sep + "/".join(segments) + mark + tail


#: the Content-Type Postman sends with a raw body of each language (none: text/plain, unless set)
RAW_CONTENT_TYPES = {"json": "application/json", "xml": "application/xml", "html": "text/html",
                     "javascript": "application/javascript", "text": "text/plain"}


def body_model(body: Any, file: str, where: str) -> Body | None:
    if not isinstance(body, dict) or body.get("disabled"):
        return None
    mode = body.get("mode")
    if mode == "raw":
        raw = as_text(body.get("raw"))
        if not raw:
            return None
        language = ((body.get("options") or {}).get("raw") or {}).get("language")
        return Body("text", raw, RAW_CONTENT_TYPES.get(language, "text/plain") if language else None)
    if mode == "urlencoded":
        return Body("form", [(as_text(f["key"]), as_text(f.get("value"))) for f in body.get("urlencoded") or []
                             if isinstance(f, dict) and not f.get("disabled") and f.get("key") is not None])
    if mode == "formdata":
        return Body("multipart", [part for f in body.get("formdata") or [] for part in _form_parts(f)])
    if mode == "graphql":
        return Body("graphql", dict(body.get("graphql") or {}))
    if mode in (None, "none", "file"):
        return None
    raise InputError(f"unsupported body mode {mode!r} (raw, urlencoded, formdata, graphql, none)",
                     file=file, place=f"{where}/request/body/mode")


def _form_parts(field: Any) -> list[tuple[str, Any]]:
    """One form-data entry -> its parts: text ``{"text", "contentType"}``, or one ``{"file",
    "contentType"}`` per file (``src`` may list several); a file entry without a file is kept
    (``{"file": None}``) so the run can warn about it, as Newman does."""
    if not isinstance(field, dict) or field.get("disabled") or field.get("key") is None:
        return []
    key, ctype = as_text(field["key"]), field.get("contentType") or None
    if field.get("type") == "file":
        src = field.get("src")
        sources = [s for s in src if isinstance(s, str)] if isinstance(src, list) else [src]
        return [(key, {"file": s if isinstance(s, str) and s else None, "contentType": ctype})
                for s in sources or [None]]
    value = as_text(field.get("value"))
    return [(key, {"text": value, "contentType": ctype} if ctype else value)]


def auth_spec(auth: Any) -> dict[str, Any] | None:
    """Postman auth (v2.1 key/value lists or v2.0 objects) -> the native auth spec; None means "inherit
    from the parent" (no auth object, or one without a type, as Newman reads it)."""
    if not isinstance(auth, dict):
        return None
    kind = auth.get("type")
    if not isinstance(kind, str) or kind in ("", "type"):
        return None
    if kind in ("noauth", "inherit"):  # Newman has no "inherit" scheme: such a request goes without auth
        return {"type": "none"}
    params = auth.get(kind) or {}
    if isinstance(params, list):
        params = {p.get("key"): p.get("value") for p in params if isinstance(p, dict) and isinstance(p.get("key"), str)}
    if not isinstance(params, dict):  # settings of a shape Postman does not write: none
        params = {}
    if kind == "basic":
        return {"type": "basic", "username": as_text(params.get("username")),
                "password": as_text(params.get("password"))}
    if kind == "bearer":
        return {"type": "bearer", "token": as_text(params.get("token"))}
    if kind == "apikey":
        return {"type": "apikey", "key": as_text(params.get("key") or "x-api-key"),
                "value": as_text(params.get("value")),
                "in": "query" if params.get("in") == "query" else "header"}
    if kind == "oauth2":
        spec: dict[str, Any] = {"type": "oauth2"}
        if params.get("grant_type") == "client_credentials" and params.get("accessTokenUrl"):
            spec.update(accessTokenUrl=as_text(params["accessTokenUrl"]), clientId=as_text(params.get("clientId")),
                        clientSecret=as_text(params.get("clientSecret")),
                        credentials="body" if params.get("client_authentication") == "body" else "header")
            for key in ("scope", "audience"):
                if params.get(key):
                    spec[key] = as_text(params[key])
            for key in ("headers", "form"):  # written by our export (Postman has no place for them)
                extra = params.get(f"cdpRunner_{key}")
                if extra:
                    spec[key] = json.loads(extra) if isinstance(extra, str) else extra
        else:
            spec["accessToken"] = as_text(params.get("accessToken"))
        if params.get("addTokenTo") == "queryParams":
            spec["addTokenTo"] = "queryParams"
        if params.get("headerPrefix") is not None and as_text(params["headerPrefix"]).strip() != "Bearer":
            spec["headerPrefix"] = as_text(params["headerPrefix"])
        return spec
    # every other scheme takes Postman's option names as they are (see runner.core.auth)
    return {**{k: _option(v) for k, v in params.items() if k != "type"}, "type": kind}


def _option(value: Any) -> Any:
    """An auth option's value: text, booleans and numbers as given (null as ""), JSON kept."""
    return "" if value is None else value


def as_text(value: Any) -> str:
    """A value where Postman expects text, as JavaScript's String() reads it (``5``, ``true``)."""
    if value is None:
        return ""
    if isinstance(value, dict):  # v2.0 descriptions may be {"content": ...}
        return as_text(value.get("content", ""))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(as_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)

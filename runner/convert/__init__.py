"""``cdp-runner import`` / ``export``: Postman v2.0/v2.1 <-> the native format, environments -> dotenv.

Import keeps what Postman means: folders, requests, auth at every level, collection variables,
saved examples (-> ``mock``), message-building pre-request scripts (-> native builders) and
other scripts as JavaScript. Export writes Postman v2.1 whose scripts do what the native
declarative parts do; each generated check carries a ``// cdp-runner:`` line so importing
the export gives the native collection back (normalisations: docs/postman.md).
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

from runner.errors import InputError
from runner.convert.jsbuilders import MARKER, parse_builders, write_builders
from runner._files import read_json
from runner.load import POSTMAN_SCHEMA_MARKERS
from runner.load.postman import as_text as _text
from runner.core.auth import SCHEMES as AUTH_SCHEMES, scheme as auth_scheme
from runner.load.postman import auth_spec as _postman_auth
from runner.load.postman import body_model, event_sources
from runner.load.postman import url_text as _url

POSTMAN_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_CHECK = re.compile(r"^// cdp-runner: (assert|capture) (\{.*\})$")
_FREEMARKER = re.compile(r"\$\{\s*([^{}]+?)\s*\}")
_SIMPLE_PATH = re.compile(r"""^\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\['[^'\\]*'\]|\["[^"\\]*"\])*)$""")
_PATH_PART = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\]""")


def convert_command(args: Any) -> int:
    """Dispatch ``import`` and ``export``; writes ``-o`` or prints to stdout."""
    if args.command == "import":
        data = read_json(args.path)
        if isinstance(data, dict) and isinstance(data.get("values"), list) and "item" not in data:
            text = environment_to_dotenv(data, args.path, keep_secrets=getattr(args, "keep_secrets", False))
        elif _is_postman(data):
            text = _dump(postman_to_native(data, args.path))
        else:
            raise InputError("not a Postman collection (info.schema) nor a Postman environment (values list)",
                             file=args.path, place="/info/schema")
    else:
        from runner.load.native import validate

        data = read_json(args.path)
        if _is_postman(data):
            raise InputError("already a Postman collection; export takes a native collection", file=args.path,
                             place="/info/schema")
        validate(data, args.path)
        text = _dump(native_to_postman(data, args.path))
    if args.output:
        out = Path(args.output)
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _is_postman(data: Any) -> bool:
    schema = str(((data or {}).get("info") or {}).get("schema", "")) if isinstance(data, dict) else ""
    return any(m in schema for m in POSTMAN_SCHEMA_MARKERS)


# ============================================================== Postman -> native
def postman_to_native(data: dict[str, Any], file: str) -> dict[str, Any]:
    """A Postman v2.0/v2.1 collection as a native collection (a dict that passes the schema)."""
    from runner.load.native import validate

    if not isinstance(data.get("item"), list):
        raise InputError("Postman collection without an \"item\" list", file=file, place="/item")
    info = data.get("info") or {}
    out: dict[str, Any] = {"name": str(info.get("name") or Path(file).stem)}
    description = _text(info.get("description"))
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
    _level_from_postman(data, out, "", file, top=True)
    top = dict(out.get("headers") or {})
    out["items"] = [_item_from_postman(node, f"/item/{i}", file, top) for i, node in enumerate(data["item"])]
    validate(out, file + " (imported)")
    return out


def _level_from_postman(node: dict[str, Any], out: dict[str, Any], where: str, file: str, *, top: bool = False,
                        request: bool = False) -> None:
    """auth and scripts of a collection, folder or request item."""
    auth_node = (node.get("request") or {}).get("auth") if request and isinstance(node.get("request"), dict) \
        else node.get("auth")
    if auth_node is not None:
        out_auth = _auth_from_postman(auth_node, file, (where + "/request/auth") if request else (where + "/auth"))
        if out_auth is not None:
            if request:
                out.setdefault("request", {})["auth"] = out_auth
            else:
                out["auth"] = out_auth
    pre, tests = _event_sources(node)
    if pre is not None:
        prerequest: dict[str, Any] = {}
        builders = parse_builders(pre) if request else None
        if builders is not None:
            prerequest["messages"] = builders
        else:
            own, marked = _split_marker(pre) if request else (pre, None)
            builders = parse_builders(marked) if marked is not None else None
            if builders is not None:
                prerequest["messages"] = builders
                if own.strip():
                    prerequest["script"] = own
            else:
                prerequest["script"] = pre
        out["prerequest"] = prerequest
    if tests is not None:
        script, checks, captures = _split_checks(tests) if request else (tests, [], {})
        if script.strip():
            out["tests"] = script
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


def _split_marker(source: str) -> tuple[str, str | None]:
    head, sep, tail = source.partition(MARKER)
    return (head.rstrip("\n"), tail) if sep else (source, None)


def _event_sources(node: dict[str, Any]) -> tuple[str | None, str | None]:
    """A level's pre-request and test scripts, each joined into one source (None when absent)."""
    found: dict[str, list[str]] = {}
    for listen, source in event_sources(node):
        found.setdefault(listen, []).append(source)
    pre, tests = found.get("prerequest"), found.get("test")
    return ("\n".join(pre) if pre else None), ("\n".join(tests) if tests else None)


def _item_from_postman(node: Any, where: str, file: str, inherited: dict[str, str]) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise InputError("expected an item object", file=file, place=where)
    name = str(node.get("name") or "item")
    if "item" in node:
        folder: dict[str, Any] = {"name": name}
        description = _text(node.get("description"))
        if description:
            folder["description"] = description
        _level_from_postman(node, folder, where, file)
        inner = {**inherited, **(folder.get("headers") or {})}
        folder["items"] = [_item_from_postman(n, f"{where}/item/{i}", file, inner)
                           for i, n in enumerate(node.get("item") or [])]
        return folder
    if "request" not in node:
        raise InputError("an item needs \"request\" (a request) or \"item\" (a folder)", file=file, place=where)
    item: dict[str, Any] = {"name": name}
    description = _text(node.get("description"))
    if description:
        item["description"] = description
    item["request"] = _request_from_postman(node["request"], where + "/request", file)
    _level_from_postman(node, item, where, file, request=True)
    extra = node.get("x-cdp-runner") if isinstance(node.get("x-cdp-runner"), dict) else {}
    headers = item["request"].get("headers", {})
    for key in extra.get("inherited headers") or []:  # pushed down by our export: inherited again
        if key in headers and headers[key] == inherited.get(key):
            del headers[key]
    if "headers" in item["request"] and not headers:
        del item["request"]["headers"]
    mocks = [_mock_from_example(e) for e in node.get("response") or [] if isinstance(e, dict)]
    if mocks:
        item["mock"] = mocks[0] if len(mocks) == 1 else mocks
    return item


def _request_from_postman(r: Any, where: str, file: str) -> dict[str, Any]:
    if isinstance(r, str):
        r = {"method": "GET", "url": r}
    if not isinstance(r, dict):
        raise InputError("expected a request object or a URL string", file=file, place=where)
    method = str(r.get("method") or "GET").upper()
    if method not in _METHODS:
        raise InputError(f"method {method!r} is not supported (one of: {', '.join(_METHODS)})",
                         file=file, place=where + "/method")
    url, query = _url_and_query(r.get("url"))
    if not url:
        raise InputError("request without a URL", file=file, place=where + "/url")
    out: dict[str, Any] = {"method": method, "url": url}
    if query:
        out["query"] = query
    headers = {str(h["key"]): _text(h.get("value")) for h in r.get("header") or []
               if isinstance(h, dict) and not h.get("disabled") and h.get("key")}
    if headers:
        out["headers"] = headers
    body = _body_from_postman(r.get("body"), headers, where + "/body", file)
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
        if plain and len(set(keys)) == len(keys):
            base = _url({k: v for k, v in url.items() if k != "query"}).split("?", 1)[0]
            return base, {str(q["key"]): _text(q.get("value")) for q in params}
    return _url(url), {}


def _body_from_postman(body: Any, headers: dict[str, str], where: str, file: str) -> dict[str, Any] | None:
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
            from urllib.parse import quote

            return {"text": "&".join(f"{quote(str(k), safe='{}$')}={quote(v, safe='{}$')}" for k, v in model.value)}
        return {"form": {str(k): v for k, v in model.value}}
    if model.kind == "multipart":
        parts = [{"name": str(k), "file": str(v["file"] or "")} if isinstance(v, dict) else {"name": str(k), "value": v}
                 for k, v in model.value]
        return {"multipart": parts} if parts else None
    g = model.value  # graphql
    out: dict[str, Any] = {"query": _text(g.get("query"))}
    variables = g.get("variables")
    if isinstance(variables, str) and variables.strip():
        try:
            variables = json.loads(variables)
        except ValueError:
            pass
    if variables not in (None, ""):
        out["variables"] = variables
    return {"graphql": out}


def _auth_from_postman(auth: Any, file: str, where: str) -> dict[str, Any] | None:
    """The native auth of a Postman auth object, as the loader reads it; None where it inherits (no type)."""
    if not isinstance(auth, dict):
        return None
    kind = auth.get("type")
    if isinstance(kind, str) and kind not in ("", "type", "inherit") and auth_scheme(kind) is None:
        raise InputError(f"auth type {kind!r} is not supported ({', '.join(AUTH_SCHEMES)})",
                         file=file, place=where + "/type")
    return _postman_auth(auth)


def _mock_from_example(example: dict[str, Any]) -> dict[str, Any]:
    mock: dict[str, Any] = {"status": int(example.get("code") or 200)}
    headers = {str(h["key"]): _text(h.get("value")) for h in example.get("header") or []
               if isinstance(h, dict) and h.get("key") and not h.get("disabled")}
    body = _text(example.get("body"))
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


# ---------------------------------------------- generated checks (export) and their recognition
def _split_checks(source: str) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """(user script, assertions, captures): generated checks are taken back only if unedited."""
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if _CHECK.match(line)), None)
    if start is None:
        return source, [], {}
    checks: list[dict[str, Any]] = []
    captures: dict[str, Any] = {}
    rest = "\n".join(lines[start:])
    rebuilt: list[str] = []
    try:
        for line in lines[start:]:
            m = _CHECK.match(line)
            if m is None:
                continue
            spec = json.loads(m.group(2))
            if m.group(1) == "assert":
                checks.append(spec)
                rebuilt.append(_assert_js(spec, "-"))
            else:
                (var, subject), = spec.items()
                if var in captures:
                    return source, [], {}
                captures[var] = subject
                rebuilt.append(_capture_js(var, subject, "-"))
    except (ValueError, InputError):
        return source, [], {}
    if "\n".join(rebuilt) != rest.rstrip("\n"):
        return source, [], {}  # edited in Postman: keep the JavaScript as it is
    return "\n".join(lines[:start]).rstrip("\n"), checks, captures


def _subject_js(subject: str, where: str) -> str:
    if subject == "status":
        return "pm.response.code"
    if subject == "body":
        return "pm.response.text()"
    if subject == "durationMs":
        return "pm.response.responseTime"
    if subject.startswith("header "):
        return f"pm.response.headers.get({json.dumps(subject[7:].strip())})"
    m = _SIMPLE_PATH.match(subject)
    if m is None:
        raise InputError(f"JSON path {subject!r} cannot be exported (only $.a.b, $.a[0], $['a'] paths)",
                         place=where)
    expr = "pm.response.json()"
    for part in _PATH_PART.finditer(m.group(1)):
        name, index, q1, q2 = part.groups()
        expr += f"?.[{index}]" if index is not None else f"?.[{json.dumps(name if name is not None else q1 if q1 is not None else q2)}]"
    return expr


def _value_js(value: Any) -> str:
    if isinstance(value, str) and "{{" in _freemarker(value):
        return f"pm.variables.replaceIn({json.dumps(_freemarker(value))})"
    return json.dumps(_freemarker_deep(value))


def _assert_js(spec: dict[str, Any], where: str) -> str:
    from runner.core.assertion import default_name

    if "status" in spec:
        subject, op, expected = "status", "equals", spec["status"]
    else:
        subject = spec["that"]
        op = next(k for k in spec if k not in ("that", "name"))
        expected = spec[op]
    x = _subject_js(subject, where)
    v = _value_js(expected)
    chai = {
        "equals": f"pm.expect({x}).to.eql({v});",
        "notEquals": f"pm.expect({x}).to.not.eql({v});",
        "exists": f"pm.expect({x}).to.{'not.' if expected else ''}equal(undefined);",
        "matches": f"pm.expect({x}).to.be.a(\"string\").and.match(new RegExp({v}));",
        "contains": f"pm.expect({x}).to.include({v});",
        "in": f"pm.expect({x}).to.be.oneOf({v});",
        "greaterThan": f"pm.expect({x}).to.be.above({v});",
        "greaterThanOrEqual": f"pm.expect({x}).to.be.at.least({v});",
        "lessThan": f"pm.expect({x}).to.be.below({v});",
        "lessThanOrEqual": f"pm.expect({x}).to.be.at.most({v});",
        "length": f"pm.expect({x}).to.have.lengthOf({v});",
    }
    if op == "type":
        line = (f"pm.expect({x}).to.be.a(\"number\").and.satisfy(Number.isInteger);" if expected == "integer"
                else f"pm.expect({x}).to.be.a({json.dumps(expected)});")
    else:
        line = chai[op]
    name = spec.get("name") or default_name(subject, op, expected)
    return "\n".join([f"// cdp-runner: assert {json.dumps(spec, ensure_ascii=False)}",
                      f"pm.test({json.dumps(_freemarker(name), ensure_ascii=False)}, function () {{",
                      f"    {line}", "});"])


def _capture_js(var: str, subject: Any, where: str) -> str:
    source = subject if isinstance(subject, str) else subject["from"]
    x = _subject_js(source, where)
    if isinstance(subject, dict) and subject.get("regex") is not None:
        x = (f"(function (m) {{ return m ? m[m.length > 1 ? 1 : 0] : undefined; }})"
             f"(String({x}).match(new RegExp({json.dumps(subject['regex'])})))")
    return "\n".join([f"// cdp-runner: capture {json.dumps({var: subject}, ensure_ascii=False)}",
                      f"pm.variables.set({json.dumps(var)}, {x});"])


# ============================================================== native -> Postman
def _freemarker(text: str) -> str:
    """``${name}`` -> ``{{name}}``: Postman only knows its own notation."""
    return _FREEMARKER.sub(lambda m: "{{" + m.group(1) + "}}", text) if "${" in text else text


def _freemarker_deep(value: Any) -> Any:
    if isinstance(value, str):
        return _freemarker(value)
    if isinstance(value, list):
        return [_freemarker_deep(v) for v in value]
    if isinstance(value, dict):
        return {_freemarker(k): _freemarker_deep(v) for k, v in value.items()}
    return value


def native_to_postman(data: dict[str, Any], file: str) -> dict[str, Any]:
    """A (schema-valid) native collection as Postman v2.1."""
    info: dict[str, Any] = {"_postman_id": str(uuid.uuid5(uuid.NAMESPACE_URL, "cdp-runner:" + data["name"])),
                            "name": data["name"], "schema": POSTMAN_V21}
    if data.get("description"):
        info["description"] = data["description"]
    out: dict[str, Any] = {"info": info}
    variables = data.get("variables") or {}
    secrets = list(data.get("secrets") or [])
    if variables:
        out["variable"] = [{"key": k, "value": _freemarker_deep(v), **({"type": "secret"} if k in secrets else {})}
                           for k, v in variables.items()]
    _level_to_postman(data, out, "", file)
    extra = {k: data[k] for k in ("tags", "timeout", "headers", "independentIterations", "mocks") if k in data}
    loose = [s for s in secrets if s not in variables]
    if loose:
        extra["secrets"] = loose
    if extra:
        out["x-cdp-runner"] = extra
    headers = dict(data.get("headers") or {})
    out["item"] = [_item_to_postman(node, f"/items/{i}", headers, file) for i, node in enumerate(data["items"])]
    return out


def _level_to_postman(node: dict[str, Any], out: dict[str, Any], where: str, file: str) -> None:
    if "auth" in node:
        out["auth"] = _auth_to_postman(node["auth"])
    events = []
    pre = node.get("prerequest") or {}
    script = pre.get("script")
    if pre.get("messages"):
        builders = write_builders(_freemarker_deep(pre["messages"]))
        script = f"{script.rstrip()}\n{MARKER}\n{builders}" if script and script.strip() else builders
    if script:
        events.append({"listen": "prerequest", "script": {"type": "text/javascript", "exec": script.split("\n")}})
    tests = node.get("tests")
    generated = [_capture_js(var, subject, f"{where}/capture/{var}") for var, subject in (node.get("capture") or {}).items()]
    generated += [_assert_js(a, f"{where}/assert/{j}") for j, a in enumerate(node.get("assert") or [])]
    if generated:
        tests = "\n".join(([tests.rstrip("\n")] if tests and tests.strip() else []) + generated)
    if tests:
        events.append({"listen": "test", "script": {"type": "text/javascript", "exec": tests.split("\n")}})
    if events:
        out["event"] = events


def _item_to_postman(node: dict[str, Any], where: str, headers: dict[str, str], file: str) -> dict[str, Any]:
    if "connection" in node:
        raise InputError("a Personalize connection item cannot be exported to Postman "
                         "(use `cdp-runner connection export` for it)", file=file, place=where)
    out: dict[str, Any] = {"name": node["name"]}
    if node.get("description"):
        out["description"] = node["description"]
    extra = {k: node[k] for k in ("tags", "headers") if k in node and ("items" in node or k == "tags")}
    if "items" in node:
        inner = {**headers, **(node.get("headers") or {})}
        out["item"] = [_item_to_postman(n, f"{where}/items/{i}", inner, file) for i, n in enumerate(node["items"])]
        _level_to_postman(node, out, where, file)
    else:
        try:
            _level_to_postman(node, out, where, file)
        except InputError as exc:
            raise InputError(exc.message, file=file, place=where + (exc.place or "")) from None
        out["request"] = _request_to_postman(node["request"], headers, extra)
        mock = node.get("mock")
        if mock is not None:
            out["response"] = [_mock_to_example(m, node["name"], i, out["request"])
                               for i, m in enumerate(mock if isinstance(mock, list) else [mock])]
    if extra:
        out["x-cdp-runner"] = extra
    return out


def _request_to_postman(r: dict[str, Any], inherited: dict[str, str], extra: dict[str, Any]) -> dict[str, Any]:
    from urllib.parse import urlsplit

    url = _freemarker(r["url"])
    own_headers = r.get("headers") or {}
    headers = {**inherited, **own_headers}
    if inherited:
        extra["inherited headers"] = sorted(k for k in inherited if k not in own_headers)
    out: dict[str, Any] = {"method": r["method"],
                           "header": [{"key": _freemarker(k), "value": _freemarker(v)} for k, v in headers.items()]}
    query = [(k, _freemarker(v if isinstance(v, str) else json.dumps(v))) for k, v in (r.get("query") or {}).items()]
    raw = url + (("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in query) if query else "")
    parts = urlsplit(url) if "://" in url else None
    if "?" in url or "#" in url:
        out["url"] = raw  # a query written in the URL itself: Postman parses the raw text
    elif parts is None:  # "{{baseUrl}}/path": the host is a variable
        host, _, path = url.partition("/")
        out["url"] = {"raw": raw, "host": [host], "path": path.split("/") if path else [],
                      **({"query": [{"key": k, "value": v} for k, v in query]} if query else {})}
    else:
        host, _, port = parts.netloc.rpartition(":") if re.search(r":\d+$", parts.netloc) else (parts.netloc, "", "")
        url_obj: dict[str, Any] = {"raw": raw, "protocol": parts.scheme, "host": host.split(".")}
        if port:
            url_obj["port"] = port
        url_obj["path"] = parts.path.split("/")[1:]
        if query:
            url_obj["query"] = [{"key": k, "value": v} for k, v in query]
        out["url"] = url_obj
    body = r.get("body")
    if body is not None:
        out["body"] = _body_to_postman(body)
    if "auth" in r:
        out["auth"] = _auth_to_postman(r["auth"])
    if "timeout" in r:
        extra["timeout"] = r["timeout"]
    return out


def _body_to_postman(body: dict[str, Any]) -> dict[str, Any]:
    (kind, value), = body.items()
    if kind == "json":
        return {"mode": "raw", "raw": json.dumps(_freemarker_deep(value), indent=2, ensure_ascii=False),
                "options": {"raw": {"language": "json"}}}
    if kind == "text":
        return {"mode": "raw", "raw": _freemarker(value)}
    if kind == "form":
        return {"mode": "urlencoded", "urlencoded": [{"key": _freemarker(k), "value": _freemarker(v), "type": "text"}
                                                     for k, v in value.items()]}
    if kind == "multipart":
        return {"mode": "formdata", "formdata": [
            {"key": p["name"], "type": "file", "src": p["file"]} if "file" in p
            else {"key": _freemarker(p["name"]), "value": _freemarker(p.get("value", "")), "type": "text"}
            for p in value]}
    g = {"query": _freemarker(value.get("query", ""))}
    if "variables" in value:
        v = value["variables"]
        g["variables"] = _freemarker(v) if isinstance(v, str) else json.dumps(_freemarker_deep(v), indent=2)
    return {"mode": "graphql", "graphql": g}


def _auth_to_postman(spec: dict[str, Any]) -> dict[str, Any]:
    spec = _freemarker_deep(spec)
    kind = spec["type"]
    if kind == "none":
        return {"type": "noauth"}

    def params(pairs: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"key": k, "value": v, "type": "string"} for k, v in pairs.items() if v is not None]

    if kind == "basic":
        return {"type": "basic", "basic": params({"username": spec["username"], "password": spec["password"]})}
    if kind == "bearer":
        return {"type": "bearer", "bearer": params({"token": spec["token"]})}
    if kind == "apikey":
        return {"type": "apikey", "apikey": params({"key": spec["key"], "value": spec["value"],
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
        return {"type": "oauth2", "oauth2": params(pairs)}
    return {"type": "oauth2", "oauth2": params({"accessToken": spec.get("accessToken", ""), "addTokenTo": "header",
                                                "tokenType": "Bearer"})}


def _mock_to_example(mock: dict[str, Any], name: str, index: int, request: dict[str, Any]) -> dict[str, Any]:
    headers = dict(mock.get("headers") or {})
    if "json" in mock:
        body = json.dumps(mock["json"], indent=2, ensure_ascii=False)
        headers = {"Content-Type": "application/json", **headers}
    else:
        body = mock.get("text", "")
    from http import HTTPStatus

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


# ============================================================== environments
_DOTENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def environment_to_dotenv(data: dict[str, Any], file: str, *, keep_secrets: bool = False) -> str:
    """A Postman environment as a dotenv file python-dotenv reads back to the same values.

    Values are single-quoted (no ``${}`` interpolation, only ``\\\\`` and ``\\'`` escapes).
    Secret-type values are left empty with a comment unless ``keep_secrets``; disabled
    entries are written as comments.
    """
    lines = [f"# imported from the Postman environment {data.get('name') or Path(file).stem!r}"]
    for i, entry in enumerate(data["values"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]:
            raise InputError("expected {\"key\": ..., \"value\": ...}", file=file, place=f"/values/{i}")
        key = entry["key"]
        if not _DOTENV_KEY.match(key):
            raise InputError(f"variable name {key!r} cannot be written to a dotenv file", file=file,
                             place=f"/values/{i}/key")
        value = entry.get("value", "")
        value = "" if value is None else value if isinstance(value, str) else json.dumps(value)
        if entry.get("enabled", True) is False:
            lines.append(f"# {key}: disabled in Postman")
            continue
        if entry.get("type") == "secret" and not keep_secrets and value:
            lines.append(f"# {key}: a secret in Postman; fill it in here (or import with --keep-secrets)")
            value = ""
        if "${" in value:  # python-dotenv has no escape for it
            lines.append(f"# {key}: check this value: the dotenv reader expands ${{NAME}} in it")
        quoted = value.replace("\\", "\\\\").replace("'", "\\'")
        lines.append(f"{key}='{quoted}'")
    return "\n".join(lines) + "\n"

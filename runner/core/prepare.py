"""A collection request and the run's variables -> a Prepared request: templating, body encoding,
timeouts and auth. Plug-in kinds (``Request.preparer``) build theirs their own way."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from runner._files import json_text, utf8
from runner.core import auth as _auth
from runner.core.bodies import FileRules, form_parts, strip_json_comments, urlencode
from runner.core.postman_wire import add_system_headers, apply_behavior, prunes_body
from runner.core.secrets import SECRET_HEADERS, Masker, is_secret_name
from runner.core.template import compact_json, render, render_json
from runner.core.usage import Usage
from runner.core.variables import Variables
from runner.model.collection import Body, Collection, Request
from runner.model.prepared import Prepared
from runner.transport.http import url_with_params
from runner.transport.url import postman_wire_url, with_scheme


@dataclass(slots=True)
class PrepareContext:
    """What preparing one request needs from its run, and nothing else."""

    collection: Collection
    variables: Variables
    masker: Masker
    tokens: _auth.TokenCache
    timeout_ms: float | None = None  # --timeout-request: the default for both connect and read
    deadline: float | None = None  # perf_counter() time the whole run must end by (--timeout)
    usage: Usage = field(default_factory=Usage)  # names left as written, empty values used: for warnings
    files: FileRules = field(default_factory=FileRules)  # where form-data files may be read from

    def render(self, text: str, where: str) -> str:
        c = self.collection
        return render(text, self.variables, where=where, strict=c.strict_variables, braces_only=c.braces_only,
                      seen=self.usage)

    def render_json(self, value: Any, where: str) -> Any:
        c = self.collection
        return render_json(value, self.variables, where=where, strict=c.strict_variables, braces_only=c.braces_only,
                           seen=self.usage)

    def where(self, req: Request, place: str) -> str:
        return f"{self.collection.path}#{req.pointer}/{place}"

    def apply_timeouts(self, prepared: Prepared, own: dict[str, float] | None = None) -> None:
        """The request's own connect/read limits, else --timeout-request; never past the run's deadline."""
        own = own or {}
        prepared.connect_ms = own.get("connect") or self.timeout_ms
        prepared.read_ms = own.get("read") or self.timeout_ms
        if self.deadline is not None:
            left = max((self.deadline - time.perf_counter()) * 1000, 1.0)
            prepared.connect_ms = min(prepared.connect_ms or left, left)
            prepared.read_ms = min(prepared.read_ms or left, left)

    def apply_auth(self, spec: dict[str, Any], prepared: Prepared) -> None:
        """Credentials onto `prepared`; every credential value it used becomes a secret to mask."""
        self.masker.add(*_auth.secret_values(spec))
        _auth.apply(spec, prepared, self.tokens)  # the headers it sets: see note_credentials


def request_view(req: Request) -> dict[str, Any]:
    """The request as scripts see it (pm.request); templates are not yet rendered."""
    body = None
    if req.body is not None and req.body.kind in ("json", "text"):
        body = req.body.value if isinstance(req.body.value, str) else json.dumps(req.body.value)
    return {"id": req.id, "name": req.name, "method": req.method, "url": req.url,
            "headers": [[k, v] for k, v in req.headers], "body": body}


def prepare(req: Request, view: dict[str, Any], ctx: PrepareContext) -> Prepared:
    """`req` as scripts left it (`view`), rendered with the run's variables, ready to send; the
    credentials it carries are secrets from now on."""
    prepared = req.preparer.prepare(req, ctx) if req.preparer is not None else _prepare(req, view, ctx)
    note_credentials(prepared, ctx.masker)
    return prepared


def note_credentials(prepared: Prepared, masker: Masker) -> None:
    """Credentials a request carries, whoever wrote them (auth, a hand-written header, a script),
    become secrets: credential header values (an ``Authorization`` header's token part too),
    the password of the URL's user info and the Basic header an HTTP client derives from it,
    and the parts of a secret the URL cuts apart."""
    note_headers(prepared.headers, masker)
    masker.add_user_info(prepared.url)
    masker.add_url_parts(prepared.url)


def note_headers(headers: Iterable[tuple[str, str]], masker: Masker) -> None:
    """The values of credential headers (request or response) become secrets."""
    for name, value in headers:
        lower = name.lower()
        if lower in ("authorization", "proxy-authorization"):
            masker.add_credential(value)
        elif lower in ("cookie", "set-cookie"):
            masker.add_cookies(value, set_cookie=lower == "set-cookie")
        elif lower in SECRET_HEADERS:
            masker.add(value)


def _prepare(req: Request, view: dict[str, Any], ctx: PrepareContext) -> Prepared:
    base = ctx.where(req, "request")

    def r(text: str, place: str) -> str:
        if "{{" not in text and "${" not in text:  # nothing to render: no place to build
            return text
        return ctx.render(text, f"{base}/{place}")

    postman = ctx.collection.format == "postman"
    url = with_scheme(r(view["url"], "url"))
    headers = [(r(k, "headers"), r(v, f"headers/{k}")) for k, v in view["headers"]]
    prepared = Prepared(req.method if view.get("method") is None else view["method"], url, headers=headers,
                        params=[(r(k, "query"), r(v, f"query/{k}")) for k, v in req.query])
    if req.body is not None and not (postman and prunes_body(prepared.method, req.behavior)):
        script_changed_body = req.body.kind == "json" and view.get("body") != request_view(req)["body"]
        if script_changed_body:  # a script replaced the JSON body: send its text as written
            _text_body(Body("text", view["body"] or "", req.body.content_type or "application/json"), prepared, r)
        elif req.body.kind == "multipart":
            prepared.files = form_parts(req.body.value, r, ctx.files, prepared.warnings.append)
        else:
            ENCODERS[req.body.kind](req.body, prepared, r if req.body.kind != "json" else _json_renderer(ctx, base))
            if postman and req.body.kind == "text" and prepared.content and _json_type(req.body, prepared):
                # Newman strips comments from raw JSON (language json, or none and a JSON Content-Type)
                prepared.content = strip_json_comments(prepared.content.decode()).encode()
    ctx.apply_timeouts(prepared, req.timeout_ms)
    own = {k.lower() for k, _ in prepared.headers}
    if req.auth:
        ctx.apply_auth(ctx.render_json(req.auth, f"{base}/auth"), prepared)
    # credentials, dropped if a redirect leaves the origin: what auth added, and secret-looking headers
    prepared.credential_headers = tuple({k.lower() for k, v in prepared.headers if k.lower() not in own
                                         or k.lower() in SECRET_HEADERS or is_secret_name(k) or ctx.masker(v) != v})
    if postman:
        _postman_wire(prepared, req.behavior)
    return prepared


def _json_type(body: Body, prepared: Prepared) -> bool:
    if body.content_type is not None:
        return body.content_type == "application/json"
    ctype = next((v for k, v in reversed(prepared.headers) if k.lower() == "content-type"), "")
    return "json" in ctype.lower()


def _postman_wire(prepared: Prepared, behavior: dict[str, Any]) -> None:
    """The URL, default headers and redirect/TLS settings as Newman sends a Postman request."""
    prepared.url, prepared.target = postman_wire_url(url_with_params(prepared),
                                                     encode=not behavior.get("disableUrlEncoding"))
    prepared.params = []
    if prepared.data is not None:  # urlencoded as Newman does (a space is %20), after auth signed the fields
        prepared.content, prepared.data = urlencode(prepared.data), None
        default_header(prepared, "Content-Type", "application/x-www-form-urlencoded")
    add_system_headers(prepared, behavior)
    apply_behavior(prepared, behavior)


Render = Callable[[str, str], str]


def _json_renderer(ctx: PrepareContext, base: str) -> Any:
    return lambda value, place: ctx.render_json(value, f"{base}/{place}")


def _text_body(body: Body, prepared: Prepared, r: Render) -> None:
    prepared.content = utf8(r(body.value or "", "body"))
    default_header(prepared, "Content-Type", body.content_type or "text/plain")


def _json_body(body: Body, prepared: Prepared, r: Any) -> None:
    # rendered value by value, so the result stays valid JSON
    prepared.content = json.dumps(r(body.value, "body/json")).encode()
    default_header(prepared, "Content-Type", "application/json")


def _form_body(body: Body, prepared: Prepared, r: Render) -> None:
    pairs = list(body.value.items()) if isinstance(body.value, dict) else list(body.value)
    prepared.data = [(r(k, "body/form"), r(v, f"body/form/{k}")) for k, v in pairs]


def _graphql_body(body: Body, prepared: Prepared, r: Render) -> None:
    """The GraphQL request as Postman builds it: ``query`` and ``operationName`` as JSON strings and
    ``variables`` text spliced in as written (not parsed, so a malformed or huge one is the server's
    to judge); variables given as an object (or none) make the whole payload one JSON value."""
    g = body.value
    variables = g.get("variables")
    if not isinstance(variables, str):
        payload = {k: r(g[k], f"body/graphql/{k}") if isinstance(g[k], str) else g[k]
                   for k in ("query", "operationName", "variables") if k in g}
        prepared.content = utf8(_js_json(payload))
    else:
        parts = [f'"{k}":' + _js_json(r(v, f"body/graphql/{k}"))
                 for k in ("query", "operationName") if isinstance(v := g.get(k), str)]
        if (text := r(variables, "body/graphql/variables")) != "":  # an empty editor sends no variables
            parts.append('"variables":' + text)
        prepared.content = utf8("{" + ",".join(parts) + "}")
    default_header(prepared, "Content-Type", "application/json")


def _js_json(value: Any) -> str:
    """JSON text as JavaScript's JSON.stringify writes it: compact, non-ASCII as is, a lone UTF-16
    surrogate escaped (``\\ud800``)."""
    return json_text(compact_json(value))


#: Body.kind -> how its content goes onto the Prepared request
ENCODERS: dict[str, Callable[[Body, Prepared, Any], None]] = {
    "text": _text_body, "json": _json_body, "form": _form_body,
    "graphql": _graphql_body,
}


def default_header(prepared: Prepared, name: str, value: str) -> None:
    if not any(k.lower() == name.lower() for k, _ in prepared.headers):
        prepared.headers.append((name, value))

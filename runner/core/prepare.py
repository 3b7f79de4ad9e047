"""A collection request and the run's variables -> a Prepared request: templating, body encoding,
timeouts and auth. Plug-in kinds (``Request.preparer``) build theirs their own way."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from runner.core import auth as _auth
from runner.core.secrets import Masker
from runner.core.template import render, render_json
from runner.core.usage import Usage
from runner.core.variables import Variables
from runner.errors import TemplateError
from runner.model.collection import Body, Collection, Request
from runner.model.prepared import Prepared


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
        _auth.apply(spec, prepared, self.tokens)
        for name, value in prepared.headers:
            if name.lower() == "authorization":  # the whole credential and its token part
                self.masker.add(value, value.partition(" ")[2])


def request_view(req: Request) -> dict[str, Any]:
    """The request as scripts see it (pm.request); templates are not yet rendered."""
    body = None
    if req.body is not None and req.body.kind in ("json", "text"):
        body = req.body.value if isinstance(req.body.value, str) else json.dumps(req.body.value)
    return {"id": req.id, "name": req.name, "method": req.method, "url": req.url,
            "headers": [[k, v] for k, v in req.headers], "body": body}


def prepare(req: Request, view: dict[str, Any], ctx: PrepareContext) -> Prepared:
    """`req` as scripts left it (`view`), rendered with the run's variables, ready to send."""
    if req.preparer is not None:
        return req.preparer.prepare(req, ctx)
    base = ctx.where(req, "request")

    def r(text: str, place: str) -> str:
        if "{{" not in text and "${" not in text:  # nothing to render: no place to build
            return text
        return ctx.render(text, f"{base}/{place}")

    url = r(view["url"], "url")
    headers = [(r(k, "headers"), r(v, f"headers/{k}")) for k, v in view["headers"]]
    prepared = Prepared(req.method if view.get("method") is None else view["method"], url, headers=headers,
                        params=[(r(k, "query"), r(v, f"query/{k}")) for k, v in req.query])
    if req.body is not None:
        script_changed_body = req.body.kind == "json" and view.get("body") != request_view(req)["body"]
        if script_changed_body:  # a script replaced the JSON body: send its text as written
            _text_body(Body("text", view["body"] or "", req.body.content_type or "application/json"), prepared, r)
        else:
            ENCODERS[req.body.kind](req.body, prepared, r if req.body.kind != "json" else _json_renderer(ctx, base))
    ctx.apply_timeouts(prepared, req.timeout_ms)
    if req.auth:
        ctx.apply_auth(ctx.render_json(req.auth, f"{base}/auth"), prepared)
    return prepared


Render = Callable[[str, str], str]


def _json_renderer(ctx: PrepareContext, base: str) -> Any:
    return lambda value, place: ctx.render_json(value, f"{base}/{place}")


def _text_body(body: Body, prepared: Prepared, r: Render) -> None:
    prepared.content = r(body.value or "", "body").encode()
    default_header(prepared, "Content-Type", body.content_type or "text/plain")


def _json_body(body: Body, prepared: Prepared, r: Any) -> None:
    # rendered value by value, so the result stays valid JSON
    prepared.content = json.dumps(r(body.value, "body/json")).encode()
    default_header(prepared, "Content-Type", "application/json")


def _form_body(body: Body, prepared: Prepared, r: Render) -> None:
    pairs = list(body.value.items()) if isinstance(body.value, dict) else list(body.value)
    prepared.data = [(r(k, "body/form"), r(v, f"body/form/{k}")) for k, v in pairs]


def _multipart_body(body: Body, prepared: Prepared, r: Render) -> None:
    prepared.files = [(r(k, "body/formdata"), _part(v, r)) for k, v in body.value]


def _graphql_body(body: Body, prepared: Prepared, r: Render) -> None:
    payload: dict[str, Any] = {"query": r(body.value.get("query", ""), "body/graphql/query")}
    variables = body.value.get("variables")
    if isinstance(variables, str) and variables.strip():
        variables = json.loads(r(variables, "body/graphql/variables"))
    if variables:
        payload["variables"] = variables
    prepared.content = json.dumps(payload).encode()
    default_header(prepared, "Content-Type", "application/json")


#: Body.kind -> how its content goes onto the Prepared request
ENCODERS: dict[str, Callable[[Body, Prepared, Any], None]] = {
    "text": _text_body, "json": _json_body, "form": _form_body, "multipart": _multipart_body,
    "graphql": _graphql_body,
}


def default_header(prepared: Prepared, name: str, value: str) -> None:
    if not any(k.lower() == name.lower() for k, _ in prepared.headers):
        prepared.headers.append((name, value))


def _part(value: Any, r: Render) -> Any:
    if isinstance(value, dict) and "file" in value:
        path = value["file"]
        try:
            with open(path, "rb") as fh:
                return (path.rsplit("/", 1)[-1], fh.read())
        except OSError as exc:
            raise TemplateError(f"form file {path!r} cannot be read: {exc.strerror}", where="body/formdata") from None
    return (None, r(value, "body/formdata").encode())

"""The run: plan the requests, then for each one scripts -> templating -> auth -> send ->
captures -> assertions, yielding an Execution per request. Failures are results, never raised."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from runner.core import auth as _auth
from runner.core.assertion import check
from runner.core.capture import take
from runner.load.environment import Environment
from runner.errors import InputError, TemplateError
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.transport.http import HttpSession
from runner.model.collection import Collection, Request
from runner.model.options import RunOptions
from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest, Summary
from runner.core.secrets import Masker, is_secret_name
from runner.core.template import find_names, render, render_json, stringify
from runner.core.variables import Variables

BODY_KEEP_BYTES = 64 * 1024  # bodies kept in results for reports; the rest is cut


def plan(collection: Collection, folders: list[str]) -> list[Request]:
    """The requests to run: all, or those under/named by --folder (in collection order)."""
    if not folders:
        return list(collection.requests)
    wanted = set(folders)
    chosen = [r for r in collection.requests if r.name in wanted or wanted & set(r.folders) or r.item in wanted]
    missing = [f for f in folders if not any(f == r.name or f in r.folders or f == r.item for r in collection.requests)]
    if missing:
        raise InputError(f"--folder {missing[0]!r}: no folder or request of that name", file=collection.path)
    return chosen


class Run:
    """One run of one collection. Iterate it to get Executions as they happen."""

    def __init__(self, collection: Collection, environment: Environment | None = None,
                 options: RunOptions | None = None, *, session: HttpSession | None = None) -> None:
        self.collection = collection
        self.options = options or RunOptions()
        self.environment = environment
        self.requests = plan(collection, self.options.folders)
        env_values = dict(environment.values) if environment else {}
        env_values.update(self.options.env_vars)
        self.variables = Variables(globals=self.options.globals, collection=collection.variables,
                                   environment=env_values)
        self.rows = self.options.data or [{}] * (self.options.iterations or 1)
        if self.options.data and self.options.iterations:
            self.rows = [self.options.data[i % len(self.options.data)] for i in range(self.options.iterations)]
        self.secret_names = set(collection.secret_names) | set(self.options.secrets)
        if environment:
            self.secret_names |= environment.secret_names
        self.secret_names |= {k for k in self.variables.merged() if is_secret_name(k)}
        self.masker = Masker(stringify(v) for k, v in self.variables.merged().items() if k in self.secret_names)
        self.summary = Summary(iterations=len(self.rows))
        if collection.strict_variables and not collection.has_scripts:
            check_variables(collection, self.requests, self.variables, self.rows)
        self._mocks: Any = None  # offline: the respx router of runner.mocks (set before the session uses it)
        self._session = session or self._new_session()
        self._tokens = _auth.TokenCache(self._session, insecure=self.options.insecure, on_token=self.masker.add)
        self._scripts: Any = None
        self.stopped_early = False
        self._deadline: float | None = None  # perf_counter() time the whole run must end by (--timeout)
        self._first_iteration = 0  # a run of one independent iteration knows its place in the whole
        self._iteration_count = len(self.rows)

    # -- set-up -----------------------------------------------------------------------------
    def _new_session(self) -> HttpSession:
        o = self.options
        if o.offline:  # nothing over the network, OAuth2 token requests included
            from runner.transport.offline import mocks_for, offline_transport

            mocks_for(self)  # bad --mocks files are input errors before anything runs
            return HttpSession(transport=offline_transport(self))
        mounts = {}
        if o.sandbox:
            from runner.sandbox import SANDBOX_HOST, Sandbox

            transport = Sandbox().transport()
            mounts = {f"https://{SANDBOX_HOST}": transport, f"http://{SANDBOX_HOST}": transport}
        verify: bool | str = False if o.insecure else (o.ca_cert or True)
        cert = (o.client_cert, o.client_key or o.client_cert) if o.client_cert else None
        return HttpSession(verify=verify, cert=cert, mounts=mounts, max_body_bytes=o.max_body_bytes)

    @property
    def scripts(self) -> Any:
        """The JavaScript engine, created on first use only (collections without scripts never pay)."""
        if self._scripts is None:
            from runner.scripting import get_engine

            self._scripts = get_engine(self.options.js_engine, time_limit_ms=self.options.script_time_limit_ms,
                                       memory_limit_mb=self.options.script_memory_limit_mb,
                                       send_request=self._script_send)
        return self._scripts

    def _script_send(self, spec: dict[str, Any]) -> dict[str, Any]:
        """pm.sendRequest: through the run's HttpSession (TLS options, sandbox, offline mocks) and masker."""
        body = spec.get("body")
        prepared = Prepared(str(spec.get("method") or "GET").upper(), str(spec.get("url") or ""),
                            headers=[(str(k), str(v)) for k, v in spec.get("headers") or []],
                            content=None if body is None else str(body).encode(),
                            connect_ms=self.options.timeout_request_ms, read_ms=self.options.timeout_request_ms)
        response, reason, _ = self._session.send(prepared)
        if response is None:
            raise ConnectionError(self.masker(reason) or "request failed")
        for name, value in prepared.headers:  # credentials a script sent are secrets from now on
            if name.lower() == "authorization":
                self.masker.add(value, value.partition(" ")[2])
        return {"code": response.status, "status": response.reason,
                "headers": [list(h) for h in _raw_headers(response.headers)],
                "body": response.text, "responseTime": response.time_ms, "responseSize": response.size}

    def close(self) -> None:
        self._session.close()

    # -- the run ----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Execution]:
        if self.collection.independent_iterations and self.options.jobs > 1 and len(self.rows) > 1:
            yield from self._concurrent_iterations()
            return
        started = time.perf_counter()
        if self.options.timeout_ms is not None:
            self._deadline = started + self.options.timeout_ms / 1000
        try:
            for iteration, row in enumerate(self.rows, start=self._first_iteration):
                self.variables.scopes["data"] = dict(row)
                self.masker.add(*(stringify(v) for k, v in row.items() if k in self.secret_names))
                index = 0
                while index < len(self.requests):
                    req = self.requests[index]
                    if self._deadline is not None and time.perf_counter() >= self._deadline:
                        # --timeout: the run is out of time; the request not sent is the failure shown
                        self.stopped_early = True
                        ex = Execution(item=req.item, name=req.name, iteration=iteration, request=None,
                                       response=None, error="run timeout: the time limit for the whole run "
                                       "(--timeout) was exceeded; stopped before this request")
                        self.summary.add(ex)
                        yield ex
                        return
                    ex, jump = self.execute(req, iteration)
                    self.summary.add(ex, scripts=len(req.prerequest) + len(req.tests))
                    yield ex
                    if self.options.bail and ex.failed:
                        self.stopped_early = True
                        return
                    index = self._next_index(index, jump)
                    if index is None:
                        break
                    if self.options.delay_request_ms:
                        time.sleep(self.options.delay_request_ms / 1000)
        finally:
            self.summary.duration_ms = (time.perf_counter() - started) * 1000
            self.close()

    def _concurrent_iterations(self) -> Iterator[Execution]:
        """--jobs N on a collection whose data iterations share nothing: one Run per iteration
        (own variables, HTTP session and sandbox), up to N at once, reported in iteration order."""
        from dataclasses import replace

        from runner.core.jobs import in_order

        started = time.perf_counter()
        self.close()  # each iteration has its own session
        children = []
        for i, row in enumerate(self.rows):
            child = Run(self.collection, self.environment, replace(self.options, data=[row], iterations=None, jobs=1))
            child._first_iteration, child._iteration_count = i, len(self.rows)
            children.append(child)
        streams = in_order(children, self.options.jobs, lambda run: None)
        try:
            for child, executions in streams:
                for ex in executions:
                    yield ex
                    if self.options.bail and ex.failed:
                        self.stopped_early = True
                        break
                self.summary.merge(child.summary)
                if self.stopped_early or child.stopped_early:
                    self.stopped_early = True
                    break
        finally:
            streams.close()
            self.summary.duration_ms = (time.perf_counter() - started) * 1000

    def _next_index(self, index: int, jump: Any) -> int | None:
        if jump is _NO_JUMP:
            return index + 1
        if jump is None:  # setNextRequest(null): stop this iteration
            return None
        for i, r in enumerate(self.requests):
            if r.name == jump or r.id == jump:
                return i
        return index + 1  # Postman ignores an unknown name and goes on

    def execute(self, req: Request, iteration: int) -> tuple[Execution, Any]:
        """Run one request through the pipeline."""
        ex = Execution(item=req.item, name=req.name, iteration=iteration, request=None, response=None)
        jump: Any = _NO_JUMP
        view = _request_view(req)
        strict = self.collection.strict_variables

        # 1. pre-request scripts (outside-in), then message builders
        for script in req.prerequest:
            outcome = self.scripts.run(script, self._context("prerequest", req, view, iteration, None))
            jump = self._absorb(outcome, ex, jump, "pre-request")
            if outcome.request is not None:
                view = outcome.request
            if outcome.skip_request:
                ex.skipped = True
                return ex, jump
        try:
            for name, message in req.messages.items():  # message builders: JSON-encoded, like JSON.stringify
                where = f"{self.collection.path}#{req.pointer}/prerequest/messages/{name}"
                built = render_json(message, self.variables, where=where, strict=strict)
                self.variables.set(name, json.dumps(built, separators=(",", ":"), ensure_ascii=False))
            # 2. templating and auth
            prepared = self._prepare(req, view)
        except (TemplateError, _auth.AuthError) as exc:
            ex.error = self.masker(str(exc))
            return ex, jump

        # 3. send (with retries for eventually consistent endpoints)
        response, reason, sent = self._send(req, prepared, ex)
        ex.request = self._sent(prepared, sent)
        if response is None:
            unresolved = find_names(prepared.url, postman_only=True)
            if unresolved:  # Postman leaves unknown {{x}} as written; say so, it is the likely cause
                reason = f"{reason}; the URL still holds {{{{{unresolved[0]}}}}}: no variable of that name is defined"
            ex.error = self.masker(reason)
            ex.assertions = [AssertionResult(a.name, False, ex.error) for a in req.assertions]
            return ex, jump
        ex.response = self._received(response)

        # 4. test scripts, captures, assertions
        for script in req.tests:
            outcome = self.scripts.run(script, self._context("test", req, view, iteration, response))
            jump = self._absorb(outcome, ex, jump, "test")
        for capture in req.captures:
            value, problem = take(capture, response)
            if problem:
                ex.error = ex.error or problem
            else:
                self.variables.set(capture.var, value)
        for a in req.assertions:
            expected = a.expected
            if isinstance(expected, str) and ("{{" in expected or "${" in expected):
                try:
                    expected = render(expected, self.variables, where=f"{self.collection.path}#{a.pointer}",
                                      strict=strict, postman_only=self.collection.format == "postman")
                except TemplateError as exc:
                    ex.assertions.append(AssertionResult(a.name, False, str(exc)))
                    continue
            ex.assertions.append(self._mask_result(check(a, response, expected)))
        return ex, jump

    def _mask_result(self, result: AssertionResult) -> AssertionResult:
        if not result.passed:
            result.message = self.masker(result.message)
            result.actual = self.masker.deep(result.actual)
            result.expected = self.masker.deep(result.expected)
        return result

    def _absorb(self, outcome: Any, ex: Execution, jump: Any, phase: str) -> Any:
        self.variables.apply(outcome.variable_ops)
        for op in outcome.variable_ops:
            if op.op == "set" and (op.name in self.secret_names or is_secret_name(op.name)) and op.scope != "local":
                self.masker.add(stringify(op.value))
        ex.console.extend((level, self.masker(text) or "") for level, text in outcome.console)
        for t in outcome.tests:
            ex.assertions.append(AssertionResult(t.name, t.passed, self.masker(t.message), skipped=t.skipped))
        if outcome.error is not None:
            line = f" (line {outcome.error.line})" if outcome.error.line else ""
            message = self.masker(f"{phase} script error{line}: {outcome.error.message}")
            ex.script_error = message
            ex.error = ex.error or message
        if outcome.next_request_set:
            jump = outcome.next_request
        return jump

    def _context(self, event: str, req: Request, view: dict[str, Any], iteration: int,
                 response: Response | None) -> dict[str, Any]:
        return {
            "event": event,
            "variables": self.variables.snapshot(),
            "request": view,
            "response": None if response is None else {
                "code": response.status, "status": response.reason,
                "headers": [list(h) for h in _raw_headers(response.headers)],
                "body": response.text, "responseTime": response.time_ms, "responseSize": response.size,
            },
            "info": {"requestName": req.name, "requestId": req.id, "iteration": iteration,
                     "iterationCount": self._iteration_count, "eventName": event},
            "iterationData": dict(self.variables.scopes["data"]),
        }

    def _prepare(self, req: Request, view: dict[str, Any]) -> Prepared:
        if req.kind == "connection":
            from runner.kinds.connection import prepare_connection

            return prepare_connection(req, self)
        strict = self.collection.strict_variables
        postman = self.collection.format == "postman"
        where = f"{self.collection.path}#{req.pointer}/request"

        def r(text: str, place: str) -> str:
            return render(text, self.variables, where=f"{where}/{place}", strict=strict, postman_only=postman)

        url = r(view["url"], "url")
        headers = [(r(k, "headers"), r(v, f"headers/{k}")) for k, v in view["headers"]]
        prepared = Prepared(req.method if view.get("method") is None else view["method"], url, headers=headers,
                            params=[(r(k, "query"), r(v, f"query/{k}")) for k, v in req.query])
        body = req.body
        if body is not None:
            script_changed_body = body.kind == "json" and view.get("body") != _request_view(req)["body"]
            if body.kind == "text" or script_changed_body:
                prepared.content = r(view["body"] or "", "body").encode()
                content_type = body.content_type or ("application/json" if body.kind == "json" else
                                                     None if postman else "text/plain")
                if content_type:
                    _default_header(prepared, "Content-Type", content_type)
            elif body.kind == "json":  # rendered value by value, so the result stays valid JSON
                prepared.content = json.dumps(render_json(body.value, self.variables, where=f"{where}/body/json",
                                                          strict=strict, postman_only=postman)).encode()
                _default_header(prepared, "Content-Type", "application/json")
            elif body.kind == "form":
                prepared.data = [(r(k, "body/form"), r(v, f"body/form/{k}")) for k, v in _pairs(body.value)]
            elif body.kind == "multipart":
                prepared.files = [(r(k, "body/formdata"), _part(v, r)) for k, v in body.value]
            elif body.kind == "graphql":
                payload = {"query": r(body.value.get("query", ""), "body/graphql/query")}
                variables = body.value.get("variables")
                if isinstance(variables, str) and variables.strip():
                    variables = json.loads(r(variables, "body/graphql/variables"))
                if variables:
                    payload["variables"] = variables
                prepared.content = json.dumps(payload).encode()
                _default_header(prepared, "Content-Type", "application/json")
        timeout = req.timeout_ms or {}
        default = self.options.timeout_request_ms
        prepared.connect_ms = timeout.get("connect") or default
        prepared.read_ms = timeout.get("read") or default
        if self._deadline is not None:  # --timeout: no request may outlive the run
            left = max((self._deadline - time.perf_counter()) * 1000, 1.0)
            prepared.connect_ms = min(prepared.connect_ms or left, left)
            prepared.read_ms = min(prepared.read_ms or left, left)
        if req.auth:
            spec = render_json(req.auth, self.variables, where=f"{where}/auth", strict=strict, postman_only=postman)
            if spec.get("type") == "basic":
                self.masker.add(spec.get("password", ""))
            elif spec.get("type") in ("bearer",):
                self.masker.add(spec.get("token", ""))
            elif spec.get("type") == "oauth2":
                self.masker.add(spec.get("clientSecret", ""), spec.get("accessToken", ""))
            elif spec.get("type") == "apikey":
                self.masker.add(spec.get("value", ""))
            _auth.apply(spec, prepared, self._tokens)
            for name, value in prepared.headers:
                if name.lower() == "authorization":  # the whole credential and its token part
                    self.masker.add(value, value.partition(" ")[2])
        return prepared

    def _send(self, req: Request, prepared: Prepared,
              ex: Execution | None = None) -> tuple[Response | None, str | None, Any]:
        if self.options.offline:
            from runner.transport.offline import respond_offline

            return respond_offline(self, req, prepared)
        attempt = 0
        while True:
            response, reason, sent = self._session.send(prepared)
            if ex is not None:
                ex.attempts = attempt + 1  # every send counts, retries and the OAuth2 re-try alike
            if response is not None and response.status == 401 and req.auth and req.auth.get("type") == "oauth2" \
                    and not req.auth.get("accessToken") and attempt == 0:
                # Token revoked or expired early: fetch a new one once and retry.
                spec = render_json(req.auth, self.variables, where="auth", strict=False)
                self._tokens.forget(spec)
                prepared.headers = [(k, v) for k, v in prepared.headers if k.lower() != "authorization"]
                try:
                    _auth.apply(spec, prepared, self._tokens)
                except _auth.AuthError as exc:
                    return None, str(exc), sent
                attempt += 1
                continue
            failed = response is None or response.status >= 500
            if not failed or attempt >= self.options.retry:
                if self.options.record_dir and response is not None:
                    from runner.transport.offline import record

                    record(self, req, sent, response)
                return response, reason, sent
            attempt += 1
            time.sleep(self.options.retry_interval_ms / 1000)

    def _sent(self, prepared: Prepared, sent: Any) -> SentRequest:
        m = self.masker
        if sent is None:
            return SentRequest(prepared.method, m(prepared.url) or "", m.headers(prepared.headers), None)
        body = sent.content[:BODY_KEEP_BYTES].decode("utf-8", "replace") if sent.content else None
        return SentRequest(sent.method, m(str(sent.url)) or "", m.headers(_raw_headers(sent.headers)), m(body))

    def _received(self, response: Response) -> ReceivedResponse:
        m = self.masker
        return ReceivedResponse(response.status, response.reason, m.headers(_raw_headers(response.headers)),
                                m(response.text[:BODY_KEEP_BYTES]) or "", response.time_ms, response.size)


_NO_JUMP = object()


def _raw_headers(headers: Any) -> list[tuple[str, str]]:
    """Headers with the case they were sent with (httpx's multi_items() lower-cases names)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


def _request_view(req: Request) -> dict[str, Any]:
    """The request as scripts see it (pm.request); templates are not yet rendered."""
    body = None
    if req.body is not None and req.body.kind in ("json", "text"):
        body = req.body.value if isinstance(req.body.value, str) else json.dumps(req.body.value)
    return {"id": req.id, "name": req.name, "method": req.method, "url": req.url,
            "headers": [[k, v] for k, v in req.headers], "body": body}


def _default_header(prepared: Prepared, name: str, value: str) -> None:
    if not any(k.lower() == name.lower() for k, _ in prepared.headers):
        prepared.headers.append((name, value))


def _pairs(value: Any) -> list[tuple[str, str]]:
    return list(value.items()) if isinstance(value, dict) else list(value)


def _part(value: Any, r: Any) -> Any:
    if isinstance(value, dict) and "file" in value:
        path = value["file"]
        try:
            with open(path, "rb") as fh:
                return (path.rsplit("/", 1)[-1], fh.read())
        except OSError as exc:
            raise TemplateError(f"form file {path!r} cannot be read: {exc.strerror}", where="body/formdata") from None
    return (None, r(value, "body/formdata").encode())


def check_variables(collection: Collection, requests: list[Request], variables: Variables,
                    rows: list[dict[str, Any]]) -> None:
    """Before sending anything: every variable a native collection uses must be defined by then."""
    known = set(variables.merged()) | set().union(*(set(r) for r in rows))
    for req in requests:
        known |= set(req.messages)
        if req.kind == "connection":
            from runner.kinds.connection import check_names

            check_names(req, known, collection.path)  # Personalize's rules: testValues, no guest data
            known |= {c.var for c in req.captures}
            continue
        for place, text in _templated(req):
            for name in find_names(text):
                if name not in known:
                    raise InputError(
                        f"unknown variable {name!r}: not in the environment, the collection's variables, "
                        "--env-var, the data file, nor captured by an earlier request",
                        file=collection.path, place=f"{req.pointer}/{place}")
        known |= {c.var for c in req.captures}


def _templated(req: Request) -> Iterator[tuple[str, str]]:
    yield "request/url", req.url
    for k, v in req.query:
        yield f"request/query/{k}", v
    for k, v in req.headers:
        yield f"request/headers/{k}", k + v
    if req.body is not None:
        yield "request/body", json.dumps(req.body.value) if not isinstance(req.body.value, str) else req.body.value
    if req.auth:
        yield "request/auth", json.dumps(req.auth)
    for name, message in req.messages.items():
        yield f"prerequest/messages/{name}", json.dumps(message)
    for j, a in enumerate(req.assertions):
        if isinstance(a.expected, str):
            yield f"assert/{j}", a.expected
    if req.connection is not None:
        yield "connection", json.dumps(req.connection)

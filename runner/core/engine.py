"""The run: plan the requests, then for each one scripts -> templating -> auth -> send ->
captures -> assertions, yielding an Execution per request. Failures are results, never raised."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import unquote

from runner._files import utf8
from runner.core import auth as _auth
from runner.core import plan as _plan
from runner.core import usage as _usage
from runner.core.assertion import check
from runner.core.bodies import FileRules
from runner.core.capture import take
from runner.core.prepare import PrepareContext, note_credentials, note_headers, prepare, request_view
from runner.core.redact import keep, mask_execution
from runner.core.secrets import is_secret_name
from runner.core.template import compact_json, find_names, render_json, stringify
from runner.errors import AuthError, FailureKind, TemplateError
from runner.load.environment import Environment
from runner.model.collection import Collection, Request, find_request
from runner.model.options import RunOptions
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.model.results import AssertionResult, Execution, ReceivedResponse, Redirect, SentRequest, Summary
from runner.transport import Sender, Sent, sender_for
from runner.transport.cookies import apply_script_ops, as_script_cookie, cookies_for, load_jar, save_jar
from runner.transport.redirects import shown_url


class Run:
    """One run of one collection. Iterate it to get Executions as they happen."""

    def __init__(self, collection: Collection, environment: Environment | None = None,
                 options: RunOptions | None = None, *, sender: Sender | None = None,
                 start: _plan.Plan | None = None) -> None:
        self.collection = collection
        self.options = options or RunOptions()
        self.environment = environment
        if start is None:  # `start`: the checked plan of these three, when the caller made it already (pytest)
            start = _plan.check(collection, environment, self.options)  # bad input stops here, before anything is sent
        self.requests, self.rows, self.variables = start.requests, start.rows, start.variables
        self.secret_names, self.masker = start.secret_names, start.masker
        self.summary = Summary(iterations=len(self.rows))
        self.masker.add(self.options.client_key_passphrase)
        self.cookie_jar = CookieJar()  # carried between requests; --cookie-jar fills it, --export-cookie-jar writes it
        if self.options.cookie_jar:
            load_jar(self.options.cookie_jar, self.cookie_jar)
        self.sender = sender_for(self.options, collection, self.variables, self.masker, self.secret_names, sender,
                                 cookie_jar=self.cookie_jar)
        self._files = FileRules(self.options.working_dir, self.options.insecure_file_read,
                                missing_warns=collection.missing_files_warn)
        self.tokens = _auth.TokenCache(self.sender, insecure=self.options.insecure, on_token=self.masker.add)
        self._scripts: Any = None
        self.stopped_early = False
        self._deadline: float | None = None  # perf_counter() time the whole run must end by (--timeout)
        self._first_iteration = 0  # a run of one independent iteration knows its place in the whole
        self._iteration_count = len(self.rows)
        self._empty_warned: set[str] = set()  # empty environment values already warned about (once per run)

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
        """A script's own request (pm.sendRequest): through the run's Sender and masker, like every request."""
        body = spec.get("body")
        # no longer than --timeout-request, what is left of the script's time, or of the run's (--timeout)
        limits = [self.options.timeout_request_ms, self.scripts.time_left_ms(), self._time_left_ms()]
        limit = min((ms for ms in limits if ms is not None), default=None)
        if limit is not None and limit <= 0:
            raise TimeoutError(_RUN_TIMEOUT if self._out_of_time() else "the script's time limit was reached")
        prepared = Prepared(str(spec.get("method") or "GET").upper(), str(spec.get("url") or ""),
                            headers=[(str(k), str(v)) for k, v in spec.get("headers") or []],
                            content=None if body is None else utf8(str(body)), connect_ms=limit, read_ms=limit)
        note_credentials(prepared, self.masker)  # credentials a script sends are secrets from now on
        sent = self.sender.send(prepared)
        response, reason = sent.response, sent.reason
        if response is None:
            if sent.kind is FailureKind.TIMEOUT and self._out_of_time():
                reason = _RUN_TIMEOUT
            raise ConnectionError(reason or "request failed")  # the script's error: masked with its outputs
        self.masker.add_fields(keep(response.text))  # a token it fetched ({"access_token": ...})
        return {"code": response.status, "status": response.reason,
                "headers": [list(h) for h in _raw_headers(response.headers)],
                "body": response.text, "responseTime": response.time_ms, "responseSize": response.size}

    def close(self) -> None:
        self.sender.close()
        if self.options.export_cookie_jar:
            save_jar(self.options.export_cookie_jar, self.cookie_jar)

    def _time_left_ms(self) -> float | None:
        """What is left of the run's time (--timeout), or None without a limit."""
        return None if self._deadline is None else max((self._deadline - time.perf_counter()) * 1000, 0.0)

    def _out_of_time(self) -> bool:
        return self._deadline is not None and time.perf_counter() >= self._deadline - 0.001

    def _run_script(self, script: Any, context: dict[str, Any]) -> Any:
        return self.scripts.run(script, context, budget_ms=self._time_left_ms())

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
                for name, value in row.items():  # a data file's secret columns
                    if name in self.secret_names or is_secret_name(name):
                        self.masker.add(stringify(value), name=name)
                index = 0
                while index < len(self.requests):
                    req = self.requests[index]
                    if self._deadline is not None and time.perf_counter() >= self._deadline:
                        # --timeout: the run is out of time; the request not sent is the failure shown
                        self.stopped_early = True
                        ex = Execution(item=req.item, name=req.name, iteration=iteration, request=None,
                                       response=None)
                        ex.fail(FailureKind.TIMEOUT, "run timeout: the time limit for the whole run (--timeout) "
                                "was exceeded; stopped before this request")
                        self.summary.add(ex)
                        yield ex
                        return
                    ex, jump = self.execute(req, iteration)
                    mask_execution(ex, self.masker)  # once, after everything that can add a secret
                    self.summary.add(ex, scripts=len(req.prerequest) + len(req.tests))
                    yield ex
                    if self.options.bail and ex.failed:
                        self.stopped_early = True
                        return
                    following = self._next_index(index, jump)
                    if following is None:
                        break
                    index = following
                    if self.options.delay_request_ms:
                        time.sleep(self.options.delay_request_ms / 1000)
        finally:
            self.summary.duration_ms = (time.perf_counter() - started) * 1000
            self.close()

    def _concurrent_iterations(self) -> Iterator[Execution]:
        """--jobs N on a collection whose data iterations share nothing: one Run per iteration
        (own variables and Sender), up to N at once, reported in iteration order."""
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
        found = find_request(self.requests, jump)
        return index + 1 if found is None else found  # a jump to an unknown name is ignored: the run goes on

    def execute(self, req: Request, iteration: int) -> tuple[Execution, Any]:
        """Run one request through the pipeline. The Execution holds values as they are: the run
        masks it when it hands it out (``runner.core.redact``)."""
        ex = Execution(item=req.item, name=req.name, iteration=iteration, request=None, response=None)
        jump: Any = _NO_JUMP
        view = request_view(req)

        # 1. pre-request scripts (outside-in), then message builders
        for script in req.prerequest:
            outcome = self._run_script(script, self._context("prerequest", req, view, iteration, None))
            jump = self._absorb(outcome, ex, jump, "pre-request")
            if outcome.request is not None:
                view = outcome.request
            if outcome.skip_request:
                ex.skipped = True
                return ex, jump
        ctx = self._prepare_context()
        try:
            for name, message in req.messages.items():  # message builders: JSON-encoded, like JSON.stringify
                built = ctx.render_json(message, ctx.where(req, f"prerequest/messages/{name}"))
                self._set(name, compact_json(built))
            # 2. templating and auth
            prepared = prepare(req, view, ctx)
        except (TemplateError, AuthError) as exc:
            ex.fail(FailureKind.INPUT, str(exc))
            return ex, jump
        except Exception as exc:  # a value no rule above foresaw: this request fails, the run goes on
            ex.fail(FailureKind.INPUT, f"could not build the request ({type(exc).__name__}: {exc})")
            return ex, jump
        finally:  # names left as written, empty environment values used
            notes = _usage.warnings(ctx.usage, self.variables, self._empty_warned)
            if notes:
                ex.warnings.extend(self.masker(w) or "" for w in notes)

        if self._out_of_time():  # the pre-request scripts used up the run's time
            ex.fail(FailureKind.TIMEOUT, f"{_RUN_TIMEOUT}; stopped before sending this request")
            return ex, jump

        # 3. send (with retries for eventually consistent endpoints)
        if prepared.warnings:
            ex.warnings.extend(self.masker(w) or "" for w in prepared.warnings)
        sent = self._send(req, prepared, ex)
        ex.request = self._sent(prepared, sent.wire)
        ex.warnings.extend(sent.warnings)
        if sent.hops:
            ex.redirects = [Redirect(h.status, h.method, h.url, h.location) for h in sent.hops]
        response = sent.response
        if response is None:
            reason = sent.reason or "request failed"
            unresolved = find_names(unquote(prepared.url), braces_only=True)  # the URL may be sent encoded
            if unresolved:  # unknown {{x}} are left as written where variables are lenient: the likely cause
                reason = f"{reason}; the URL still holds {{{{{unresolved[0]}}}}}: no variable of that name is defined"
            if sent.kind is FailureKind.TIMEOUT and self._out_of_time():  # cut short by --timeout, not its own limit
                reason = f"{_RUN_TIMEOUT} while waiting for the response ({reason})"
            ex.fail(sent.kind, reason)
            if not self._out_of_time():  # Newman runs the test scripts all the same, with an empty pm.response
                view = as_sent(view, prepared, sent.wire) if req.tests else view
                for script in req.tests:
                    outcome = self._run_script(script, self._context("test", req, view, iteration, None, sent.wire,
                                                                     failed=True))
                    jump = self._absorb(outcome, ex, jump, "test")
            ex.assertions += [AssertionResult(a.name, False, ex.error, kind=sent.kind) for a in req.assertions]
            return ex, jump
        self.masker.add_fields(keep(response.text))  # credentials it hands out ({"access_token": ...})
        ex.response = self._received(response)
        note_headers(ex.response.headers, self.masker)  # cookies it sets
        if ex.request is not None:
            note_headers(ex.request.headers, self.masker)  # as sent: cookies from earlier answers, user info

        # 4. test scripts (they see the request as sent), captures, assertions
        if req.tests:
            view = as_sent(view, prepared, sent.wire)
        for script in req.tests:
            outcome = self._run_script(script, self._context("test", req, view, iteration, response, sent.wire))
            jump = self._absorb(outcome, ex, jump, "test")
        for capture in req.captures:
            value, problem = take(capture, response)
            if problem:
                ex.fail(FailureKind.ASSERTION, problem)
            else:
                self._set(capture.var, value)
        for a in req.assertions:
            expected = a.expected
            if isinstance(expected, str) and ("{{" in expected or "${" in expected):
                try:
                    expected = ctx.render(expected, f"{self.collection.path}#{a.pointer}")
                except TemplateError as exc:
                    ex.assertions.append(AssertionResult(a.name, False, str(exc), kind=FailureKind.INPUT))
                    continue
            ex.assertions.append(check(a, response, expected))
        return ex, jump

    def _set(self, name: str, value: Any) -> None:
        """A variable the run sets (captures, message builders); a secret by its name is masked."""
        self.variables.set(name, value)
        if name in self.secret_names or is_secret_name(name):
            self.masker.add(stringify(value), name=name)

    def _absorb(self, outcome: Any, ex: Execution, jump: Any, phase: str) -> Any:
        self.variables.apply(outcome.variable_ops)
        if outcome.cookie_ops:  # pm.cookies.jar().set/unset/clear
            apply_script_ops(self.cookie_jar, outcome.cookie_ops)
        for op in outcome.variable_ops:  # any scope: pm.variables.set('ACCESS_TOKEN', ...) too
            if op.op == "set" and op.name is not None and (op.name in self.secret_names or is_secret_name(op.name)):
                self.masker.add(stringify(op.value), name=op.name)
        ex.console.extend(outcome.console)
        for t in outcome.tests:
            ex.assertions.append(AssertionResult(t.name, t.passed, t.message, skipped=t.skipped))
        if outcome.error is not None:
            line = f" (line {outcome.error.line})" if outcome.error.line else ""
            message = f"{phase} script error{line}: {outcome.error.message}"
            ex.script_error = message
            timed_out = outcome.error.kind == "timeout" and self._out_of_time()
            ex.fail(FailureKind.TIMEOUT if timed_out else FailureKind.SCRIPT, message)
        if outcome.next_request_set:
            jump = outcome.next_request
        return jump

    def _context(self, event: str, req: Request, view: dict[str, Any], iteration: int,
                 response: Response | None, wire: Any = None, *, failed: bool = False) -> dict[str, Any]:
        """What a script gets; `failed`: its request got no response (code, body... null; no headers)."""
        return {
            **self._cookies(wire),
            "event": event,
            "variables": self.variables.snapshot(),
            "request": view,
            "response": _NO_RESPONSE if failed else None if response is None else {
                "code": response.status, "status": response.reason,
                "headers": [list(h) for h in _raw_headers(response.headers)],
                "body": response.text, "responseTime": response.time_ms, "responseSize": response.size,
            },
            "info": {"requestName": req.name, "requestId": req.id, "iteration": iteration,
                     "iterationCount": self._iteration_count, "eventName": event},
            "iterationData": dict(self.variables.scopes["data"]),
        }

    def _cookies(self, wire: Any) -> dict[str, Any]:
        """The run's cookie jar for scripts: ``cookies`` for the request's URL (pm.cookies), ``cookieJar``
        all of them (pm.cookies.jar()); nothing when the jar is empty (scripts then read Set-Cookie)."""
        if not len(self.cookie_jar):
            return {}
        found = cookies_for(self.cookie_jar, shown_url(wire)) if wire is not None else []
        return {"cookies": found, "cookieJar": [as_script_cookie(c) for c in self.cookie_jar]}

    def _prepare_context(self) -> PrepareContext:
        return PrepareContext(self.collection, self.variables, self.masker, self.tokens,
                              timeout_ms=self.options.timeout_request_ms, deadline=self._deadline, files=self._files)

    def _send(self, req: Request, prepared: Prepared, ex: Execution) -> Sent:
        attempt = 0
        while True:
            sent = self.sender.send(prepared, req)
            ex.attempts = attempt + 1  # every send counts, retries and the auth re-try alike
            if sent.response is not None and sent.response.status == 401 and req.auth and attempt == 0:
                # Credentials revoked or expired early: renew them once (OAuth2) and retry.
                try:
                    renewed = _auth.refresh(render_json(req.auth, self.variables, where="auth", strict=False),
                                            prepared, self.tokens)
                except AuthError as exc:
                    return Sent(None, str(exc), sent.wire, FailureKind.INPUT)
                if renewed:
                    attempt += 1
                    continue
            failed = sent.response is None or sent.response.status >= 500
            if not failed or attempt >= self.options.retry:
                return sent
            attempt += 1
            time.sleep(self.options.retry_interval_ms / 1000)

    def _sent(self, prepared: Prepared, sent: Any) -> SentRequest:
        if sent is None:
            return SentRequest(prepared.method, prepared.url, list(prepared.headers), None)
        body = keep(sent.content.decode("utf-8", "replace")) if sent.content else None
        return SentRequest(sent.method, shown_url(sent), _raw_headers(sent.headers), body)

    def _received(self, response: Response) -> ReceivedResponse:
        return ReceivedResponse(response.status, response.reason, _raw_headers(response.headers),
                                keep(response.text), response.time_ms, response.size)


_NO_JUMP = object()
_NO_RESPONSE: dict[str, Any] = {"code": None, "status": None, "headers": [], "body": None, "responseTime": None,
                                "responseSize": None}  # what test scripts get when their request got no response
_RUN_TIMEOUT = "run timeout: the time limit for the whole run (--timeout) was reached"


def as_sent(view: dict[str, Any], prepared: Prepared, wire: Any) -> dict[str, Any]:
    """The request view test scripts get: URL and headers as they went on the wire (auth's headers,
    Host and the defaults included; not masked: scripts see the real values)."""
    if wire is None:
        return view
    body = view.get("body")
    if body is not None and prepared.content is not None:  # a raw or JSON body, variables resolved
        body = prepared.content.decode("utf-8", "replace")
    return {**view, "method": wire.method, "url": shown_url(wire), "headers": _raw_headers(wire.headers), "body": body}


def _raw_headers(headers: Any) -> list[tuple[str, str]]:
    """Headers with the case they were sent with (httpx's multi_items() lower-cases names)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]

"""Redirects are followed one hop at a time as Postman follows them: Referer on each hop, a 302 turns a
POST into a GET without its body, 307 keeps both, protocolProfileBehavior (followRedirects,
followOriginalHttpMethod, maxRedirects) per request, --ignore-redirects for the run; credentials
never cross to another origin; the hops are in the results and the console."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from wire_server import header, postman, wire_server, write

from runner.core.engine import Run
from runner.load import load_collection
from runner.model.options import RunOptions
from runner.model.results import Execution


def run(tmp_path: Path, items: list[dict[str, Any]], options: RunOptions | None = None, **extra: Any) -> list[Execution]:
    return list(Run(load_collection(write(tmp_path, postman(items, **extra))), None, options or RunOptions()))


def redirect(base: str, to: str, status: int = 302) -> str:
    return f"{base}/redirect?status={status}&to={quote(to, safe='')}"


def test_a_followed_redirect_sends_referer_and_is_listed_in_the_results(tmp_path: Path) -> None:
    with wire_server() as server:
        base = server.url
        [ex] = run(tmp_path, [{"name": "r", "request": {"method": "GET", "url": redirect(base, "/final?x=1")}}])
    first, second = server.log
    assert second["target"] == "/final?x=1"
    assert header(second, "Referer") == redirect(base, "/final?x=1")
    assert [(h.status, h.method, h.location) for h in ex.redirects] == [(302, "GET", f"{base}/final?x=1")]
    assert ex.to_json()["redirects"][0]["status"] == 302
    assert ex.request.url == f"{base}/final?x=1"


def test_302_turns_post_into_get_without_body_and_307_keeps_both(tmp_path: Path) -> None:
    body = {"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}}
    with wire_server() as server:
        base = server.url
        run(tmp_path, [
            {"name": "302", "request": {"method": "POST", "url": redirect(base, "/after302"), "body": body}},
            {"name": "307", "request": {"method": "POST", "url": redirect(base, "/after307", 307), "body": body}},
            {"name": "original", "request": {"method": "POST", "url": redirect(base, "/kept"), "body": body},
             "protocolProfileBehavior": {"followOriginalHttpMethod": True}},
        ])
    hops = {e["target"]: e for e in server.log}
    assert (hops["/after302"]["method"], hops["/after302"]["body"]) == ("GET", b"")
    assert header(hops["/after302"], "Content-Type") is None
    assert (hops["/after307"]["method"], hops["/after307"]["body"]) == ("POST", b'{"a": 1}')
    assert header(hops["/after307"], "Content-Type") == "application/json"
    assert (hops["/kept"]["method"], hops["/kept"]["body"]) == ("POST", b'{"a": 1}')


def test_follow_redirects_false_and_max_redirects_per_request(tmp_path: Path) -> None:
    with wire_server() as server:
        base = server.url
        twice = redirect(base, redirect(base, "/end"))
        not_followed, too_many, inherited = run(tmp_path, [
            {"name": "off", "request": {"method": "GET", "url": redirect(base, "/never")},
             "protocolProfileBehavior": {"followRedirects": False}},
            {"name": "max 1", "request": {"method": "GET", "url": twice},
             "protocolProfileBehavior": {"maxRedirects": 1}},
            {"name": "folder", "item": [{"name": "inherits", "request": {"method": "GET", "url": redirect(base, "/x")}}],
             "protocolProfileBehavior": {"followRedirects": False}},
        ])
    assert not_followed.response.status == 302 and not_followed.redirects == []
    assert too_many.response is None and "exceeded maxRedirects (1)" in (too_many.error or "")
    assert inherited.response.status == 302  # a folder's protocolProfileBehavior applies to its requests
    assert "/never" not in [e["target"] for e in server.log]


def test_ignore_redirects_option_returns_the_redirect_itself(tmp_path: Path) -> None:
    with wire_server() as server:
        [ex] = run(tmp_path, [{"name": "r", "request": {"method": "GET", "url": redirect(server.url, "/x")}}],
                   RunOptions(follow_redirects=False))
    assert ex.response.status == 302
    assert len(server.log) == 1


def test_credentials_stay_behind_when_a_redirect_leaves_the_origin(tmp_path: Path) -> None:
    with wire_server() as other, wire_server() as server:
        items = [
            {"name": "apikey", "request": {
                "method": "GET", "url": redirect(server.url, f"{other.url}/apikey") + "&api_key=q-s3cret",
                "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "X-Service-Key"},
                                                      {"key": "value", "value": "k3y-value"}]}}},
            {"name": "basic", "request": {
                "method": "GET", "url": redirect(server.url, f"{other.url}/basic"),
                "header": [{"key": "Cookie", "value": "session=abc"}, {"key": "X-Trace", "value": "t1"}],
                "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"},
                                                   {"key": "password", "value": "secret-pw"}]}}},
            {"name": "same origin", "request": {
                "method": "GET", "url": redirect(server.url, "/same"),
                "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "tok-123"}]}}},
        ]
        run(tmp_path, items)
    apikey, basic = other.log
    assert header(apikey, "X-Service-Key") is None
    assert header(apikey, "Referer") == f"{server.url}/"  # the origin only: the query's key stays behind
    assert header(basic, "Authorization") is None and header(basic, "Cookie") is None
    assert header(basic, "X-Trace") == "t1"  # not a credential: it goes on
    assert header(basic, "User-Agent") == "PostmanRuntime/7.39.1"  # nor are the default headers
    same = next(e for e in server.log if e["target"] == "/same")
    assert header(same, "Authorization") == "Bearer tok-123"


def test_the_console_shows_each_redirect(tmp_path: Path) -> None:
    from runner.reporters.console import ConsoleReporter

    with wire_server() as server:
        [ex] = run(tmp_path, [{"name": "r", "request": {"method": "GET", "url": redirect(server.url, "/there")}}])
    out = io.StringIO()
    reporter = ConsoleReporter(file=out, progress=False)
    reporter.execution(ex)
    assert f"redirect 302 GET {server.url}/redirect" in out.getvalue()
    assert "-> " + f"{server.url}/there" in out.getvalue()
    assert json.dumps(ex.to_json())  # the hops serialise

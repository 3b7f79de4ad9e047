"""The per-request pipeline and its failure paths: each failure is a result, the run goes on."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LoopbackServer, send_bytes, send_json

from runner.core.engine import Run, RunOptions
from runner.errors import InputError
from runner.load import load_collection
from runner.load.environment import Environment

ROOT = Path(__file__).resolve().parents[2]


def collection(tmp_path: Path, items: list[dict[str, Any]], **top: Any) -> Any:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "t", "items": items, **top}))
    return load_collection(path)


def get(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, **extra}


def run_all(c: Any, env: dict[str, str] | None = None, **options: Any) -> list[Any]:
    return list(Run(c, Environment("e", env or {}), RunOptions(**options)))


def test_close_session_flow_against_sandbox() -> None:
    c = load_collection(ROOT / "collections/stream/close-session.json")
    from runner.load.environment import load_environment

    run = Run(c, load_environment(ROOT / "environments/sandbox.env"))
    executions = list(run)
    assert [e.response.status for e in executions] == [200, 201, 201, 200]
    assert all(a.passed for e in executions for a in e.assertions)
    assert run.summary.assertions_total == 10 and not run.summary.failed
    # the captured browser id was used in the FORCE_CLOSE message and in the read-back URL
    browser = run.variables.get("BROWSER_ID")
    assert browser in executions[3].request.url
    assert f"%22browser_id%22%3A%22{browser}%22" in executions[2].request.url


def test_message_builder_json_encodes_into_a_variable(tmp_path: Path, loopback: LoopbackServer) -> None:
    seen: dict[str, Any] = {}

    @loopback.route("GET", "/event")
    def _(h: Any) -> None:
        seen.update(parse_qs(urlsplit(h.path).query))
        send_json(h, 201, {"status": "OK"})

    c = collection(tmp_path, [{
        "name": "close",
        "prerequest": {"messages": {"message": {"type": "FORCE_CLOSE", "pos": "{{POS}}", "page": 'a "quoted" & spaced',
                                                "nested": {"browser_id": "${BROWSER_ID}"}, "n": 2}}},
        "request": {"method": "GET", "url": f"{loopback.url}/event", "query": {"message": "{{message}}"}},
        "assert": [{"status": 201}],
    }])
    [ex] = run_all(c, {"POS": "spinair.com", "BROWSER_ID": "b-1"})
    assert not ex.failed
    assert json.loads(seen["message"][0]) == {"type": "FORCE_CLOSE", "pos": "spinair.com", "page": 'a "quoted" & spaced',
                                              "nested": {"browser_id": "b-1"}, "n": 2}


def test_unknown_variable_is_bad_input_before_sending(tmp_path: Path, loopback: LoopbackServer) -> None:
    c = collection(tmp_path, [get("a", f"{loopback.url}/x?k={{{{NOPE}}}}")])
    with pytest.raises(InputError) as info:
        Run(c, Environment("e", {}))
    assert "unknown variable 'NOPE'" in info.value.message
    assert info.value.place == "/items/0/request/url"
    assert loopback.requests == []


def test_captured_variable_counts_as_known_only_after_its_request(tmp_path: Path) -> None:
    c = collection(tmp_path, [get("a", "https://h/{{ID}}"), get("b", "https://h/", capture={"ID": "$.id"})])
    with pytest.raises(InputError, match="'ID'"):
        Run(c, Environment("e", {}))
    collection(tmp_path, [get("b", "https://h/", capture={"ID": "$.id"}), get("a", "https://h/{{ID}}")])  # loads fine


def test_refused_connection_is_a_failed_result_and_the_run_goes_on(tmp_path: Path, closed_port: int,
                                                                   loopback: LoopbackServer) -> None:
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    c = collection(tmp_path, [get("down", f"http://127.0.0.1:{closed_port}/", **{"assert": [{"status": 200}]}),
                              get("up", f"{loopback.url}/ok", **{"assert": [{"status": 200}]})])
    down, up = run_all(c)
    assert down.response is None and down.error == "connection refused"
    assert down.to_json()["response"] is None
    assert [a.passed for a in down.assertions] == [False]
    assert not up.failed


def test_read_timeout_fires_at_its_limit(tmp_path: Path, loopback: LoopbackServer) -> None:
    @loopback.route("GET", "/slow")
    def _(h: Any) -> None:
        time.sleep(1.0)
        send_json(h, 200, {})

    c = collection(tmp_path, [{"name": "slow", "request": {"method": "GET", "url": f"{loopback.url}/slow",
                                                           "timeout": {"readMs": 200}}}])
    [ex] = run_all(c)
    assert ex.error == "read timeout: no response within 200 ms"


def test_4xx_5xx_are_responses_checked_by_assertions(tmp_path: Path, loopback: LoopbackServer) -> None:
    loopback.route("GET", "/missing")(lambda h: send_json(h, 404, {"error_msg": "no"}))
    loopback.route("GET", "/boom")(lambda h: send_json(h, 503, {"error": "down"}))
    c = collection(tmp_path, [get("m", f"{loopback.url}/missing", **{"assert": [{"status": 200}]}),
                              get("b", f"{loopback.url}/boom", **{"assert": [{"that": "status", "lessThan": 500}]})])
    m, b = run_all(c)
    assert m.response.status == 404 and m.error is None
    assert m.assertions[0].message == "expected status == 200, got 404"
    assert b.assertions[0].name == "status < 500" and not b.assertions[0].passed


def test_non_json_body_fails_json_assertions_with_a_reason(tmp_path: Path, loopback: LoopbackServer) -> None:
    loopback.route("GET", "/html")(lambda h: send_bytes(h, 200, b"<html>oops</html>", {"Content-Type": "text/html"}))
    c = collection(tmp_path, [get("h", f"{loopback.url}/html", **{
        "assert": [{"status": 200}, {"that": "$.status", "equals": "OK"}], "capture": {"X": "$.x"}})])
    [ex] = run_all(c)
    assert ex.assertions[0].passed
    assert not ex.assertions[1].passed
    assert ex.assertions[1].message.startswith("response body is not JSON (text/html)")
    assert "capture 'X'" in ex.error


def test_script_error_is_reported_with_its_line(tmp_path: Path, loopback: LoopbackServer) -> None:
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    c = collection(tmp_path, [get("s", f"{loopback.url}/ok", tests="pm.test('first', () => {});\nundefinedFn();\n"),
                              get("after", f"{loopback.url}/ok", **{"assert": [{"status": 200}]})])
    s, after = run_all(c)
    assert s.response.status == 200
    assert s.script_error is not None and "line 2" in s.script_error and "undefinedFn" in s.script_error
    assert s.failed and [a.name for a in s.assertions] == ["first"]
    assert not after.failed


def test_secrets_are_masked_in_results(tmp_path: Path, loopback: LoopbackServer) -> None:
    loopback.route("GET", "/echo")(lambda h: send_json(h, 200, {"seen": h.headers.get("Authorization"), "q": h.path}))
    c = collection(tmp_path, [{"name": "e", "request": {
        "method": "GET", "url": f"{loopback.url}/echo", "query": {"client_key": "{{CLIENT_KEY}}"},
        "auth": {"type": "basic", "username": "{{CLIENT_KEY}}", "password": "{{API_TOKEN}}"}},
        "assert": [{"that": "$.q", "equals": "nope"}]}])
    [ex] = run_all(c, {"CLIENT_KEY": "ck-1234567", "API_TOKEN": "tok-secret-999"})
    dumped = json.dumps(ex.to_json()) + repr(ex.request) + repr(ex.response) + repr(ex.assertions)
    assert "ck-1234567" not in dumped and "tok-secret-999" not in dumped
    assert ("Authorization", "*****") in ex.request.headers
    assert "client_key=*****" in ex.request.url
    assert "Basic" not in json.dumps(ex.response.body)  # the echoed credentials are masked too


def test_bail_stops_at_first_failure(tmp_path: Path, loopback: LoopbackServer) -> None:
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {}))
    c = collection(tmp_path, [get("a", f"{loopback.url}/ok", **{"assert": [{"status": 201}]}),
                              get("b", f"{loopback.url}/ok")])
    assert len(run_all(c, bail=True)) == 1
    assert len(run_all(c)) == 2


def test_postman_unresolved_variable_is_named_when_the_request_fails(tmp_path: Path, closed_port: int) -> None:
    doc = {"info": {"name": "p", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": [{"name": "r", "request": {"method": "GET", "url": f"http://127.0.0.1:{closed_port}/{{{{path}}}}"}}]}
    path = tmp_path / "p.postman_collection.json"
    path.write_text(json.dumps(doc))
    [ex] = list(Run(load_collection(path), Environment("e", {})))
    assert ex.error == "connection refused; the URL still holds {{path}}: no variable of that name is defined"


def test_sandbox_env_serves_native_and_postman_collections() -> None:
    from runner.load.environment import load_environment

    env = load_environment(ROOT / "environments/sandbox.env")
    for name in ("close-session.json", "close-session.postman_collection.json"):
        run = Run(load_collection(ROOT / "collections/stream" / name), env)
        assert [e.failed for e in run] == [False] * 4


def test_query_values_are_percent_encoded_and_appended_to_any_existing_query() -> None:
    from urllib.parse import parse_qsl, urlsplit

    from runner.model.prepared import Prepared
    from runner.transport.http import url_with_params

    value = '{"page":"a b&c=d#e+f","é":"%41"}'
    for url in ("https://h.test/p", "https://h.test/p?x=1", "https://h.test/p?x=1#frag"):
        built = url_with_params(Prepared("GET", url, params=[("message", value), ("k", "v/w")]))
        parts = urlsplit(built)
        assert dict(parse_qsl(parts.query))["message"] == value
        assert dict(parse_qsl(parts.query))["k"] == "v/w"
        assert ("x", "1") in parse_qsl(parts.query) or "?x=1" not in url
        assert parts.fragment == ("frag" if "#" in url else "")


def test_test_scripts_run_after_a_request_error(tmp_path: Path, closed_port: int, loopback: LoopbackServer) -> None:
    """As in Newman: the scripts see an empty pm.response; their checks count and their variables stay."""
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"ok": True}))
    script = ["pm.environment.set('after', 'yes');", "pm.test('passes', () => pm.expect(pm.response.code).to.equal(undefined));",
              "pm.test('status 200', () => pm.response.to.have.status(200));"]
    doc = {"info": {"name": "p", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": [{"name": "down", "request": {"method": "GET", "url": f"http://127.0.0.1:{closed_port}/"},
                     "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": script}}]},
                    {"name": "up", "request": {"method": "GET", "url": f"{loopback.url}/ok?after={{{{after}}}}"}}]}
    path = tmp_path / "p.postman_collection.json"
    path.write_text(json.dumps(doc))
    run = Run(load_collection(path), Environment("e", {"after": "no"}))
    down, up = list(run)
    assert down.error == "connection refused" and down.response is None
    assert [(a.name, a.passed) for a in down.assertions] == [("passes", True), ("status 200", False)]
    assert run.variables.scopes["environment"]["after"] == "yes"
    assert up.request is not None and up.request.url.endswith("?after=yes")
    assert (run.summary.assertions_total, run.summary.assertions_failed) == (2, 1)

"""Variables that explain themselves: a did-you-mean for unknown names in native files, a warning
for each ``{{name}}`` a Postman request sends as written, and a warning (once per run) for an empty
environment value a request uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import LoopbackServer, send_json, write_json

from runner.core.engine import Run, RunOptions
from runner.errors import InputError
from runner.load import load_collection
from runner.load.environment import Environment

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def native(tmp_path: Path, items: list[dict[str, Any]], **top: Any) -> Any:
    return load_collection(write_json(tmp_path / "c.json", {"name": "t", "items": items, **top}))


def postman(tmp_path: Path, items: list[dict[str, Any]]) -> Any:
    return load_collection(write_json(tmp_path / "p.json", {"info": {"name": "p", "schema": POSTMAN_SCHEMA},
                                                            "item": items}))


def get(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, **extra}


def run_all(c: Any, env: dict[str, str] | None = None, **options: Any) -> list[Any]:
    return list(Run(c, Environment("e", env or {}), RunOptions(**options)))


@pytest.fixture
def echo(loopback: LoopbackServer) -> LoopbackServer:
    loopback.route("*", "/x")(lambda h: send_json(h, 200, {"ok": True}))
    return loopback


# -- did-you-mean ------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, known, meant", [
    ("clientkey", ["CLIENT_KEY", "POS"], "CLIENT_KEY"),  # case and separators ignored
    ("CLIENT_KY", ["CLIENT_KEY", "POS"], "CLIENT_KEY"),
    ("baseUrl", ["base_url", "BASE"], "base_url"),
    ("BROWSR_ID", ["BROWSER_ID", "BROWSER_REF"], "BROWSER_ID"),
    ("POS", ["PORT", "CLIENT_KEY"], None),  # not close enough
    ("FOO", ["CLIENT_KEY"], None),
    ("X", [], None),
])
def test_similar_names(typed: str, known: list[str], meant: str | None) -> None:
    from runner.core.suggest import similar

    assert similar(typed, known) == meant


@pytest.mark.parametrize("typed, meant, env, data, env_var", [
    ("CLIENT_KY", "CLIENT_KEY", {"CLIENT_KEY": "k"}, None, {}),  # from the environment
    ("clientkey", "CLIENT_KEY", {}, None, {"CLIENT_KEY": "k"}),  # from --env-var
    ("GUEST_EMIAL", "GUEST_EMAIL", {}, [{"GUEST_EMAIL": "a@example.com"}], {}),  # a data column
])
def test_unknown_native_variable_names_the_close_one(tmp_path: Path, echo: LoopbackServer, typed: str, meant: str,
                                                      env: dict[str, str], data: Any, env_var: dict[str, str]) -> None:
    c = native(tmp_path, [get("a", f"{echo.url}/x?k={{{{{typed}}}}}")])
    with pytest.raises(InputError) as info:
        Run(c, Environment("e", env), RunOptions(data=data, env_vars=env_var))
    assert f"unknown variable {typed!r}" in info.value.message
    assert info.value.message.endswith(f"; did you mean {meant!r}?")
    assert info.value.place == "/items/0/request/url"
    assert echo.requests == []


def test_did_you_mean_knows_collection_variables_and_earlier_captures(tmp_path: Path, echo: LoopbackServer) -> None:
    c = native(tmp_path, [get("a", f"{echo.url}/x", capture={"BROWSER_ID": "$.ok"}),
                          get("b", f"{echo.url}/x?b={{{{BROWSER_ID}}}}&h={{{{hoost}}}}")],
               variables={"host": "h"})
    with pytest.raises(InputError) as info:
        Run(c, Environment("e", {}))
    assert info.value.message.endswith("; did you mean 'host'?")
    c = native(tmp_path, [get("b", f"{echo.url}/x?b={{{{BROWSER_IDD}}}}"),
                          get("a", f"{echo.url}/x", capture={"BROWSER_ID": "$.ok"})])
    with pytest.raises(InputError) as info:
        Run(c, Environment("e", {}))
    assert "did you mean" not in info.value.message  # captured only later: not known at that point


def test_no_suggestion_when_nothing_is_close(tmp_path: Path, echo: LoopbackServer) -> None:
    c = native(tmp_path, [get("a", f"{echo.url}/x?k={{{{NOPE}}}}")])
    with pytest.raises(InputError) as info:
        Run(c, Environment("e", {"CLIENT_KEY": "k"}))
    assert "did you mean" not in info.value.message


def test_unknown_variable_found_while_running_has_a_did_you_mean(tmp_path: Path, echo: LoopbackServer) -> None:
    # a native collection with scripts is checked as it runs: the request's input error suggests too
    c = native(tmp_path, [get("a", f"{echo.url}/x?k={{{{CLIENT_KY}}}}", tests="pm.test('t', () => {});")])
    [ex] = run_all(c, {"CLIENT_KEY": "k"})
    assert ex.failed and "unknown variable 'CLIENT_KY'; did you mean 'CLIENT_KEY'?" in ex.error
    assert echo.requests == []


# -- Postman: unresolved {{names}} -------------------------------------------------------------
def test_postman_unresolved_variable_is_a_warning_naming_its_places(tmp_path: Path, echo: LoopbackServer) -> None:
    c = postman(tmp_path, [{"name": "a", "request": {
        "method": "POST", "url": f"{echo.url}/x?client_key={{{{clientkey}}}}",
        "header": [{"key": "X-Key", "value": "{{clientkey}}"}, {"key": "X-Pos", "value": "{{POS}}"}],
        "body": {"mode": "raw", "raw": '{"browser": "{{BROWSER_Id}}"}'},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{tokn}}"}]},
    }}, {"name": "b", "request": {"method": "GET", "url": f"{echo.url}/x?client_key={{{{CLIENT_KEY}}}}"}}])
    a, b = run_all(c, {"CLIENT_KEY": "ck-1", "POS": "spinair.com", "BROWSER_ID": "b-1", "token": "t"})
    assert not a.failed and not b.failed  # the run goes on, as in Newman
    assert echo.requests[0]["path"] == "/x?client_key={{clientkey}}"  # sent as written
    assert echo.requests[0]["body"] == b'{"browser": "{{BROWSER_Id}}"}'
    assert a.warnings == [
        "unresolved variable 'clientkey' in the URL and header 'X-Key': no variable of that name, "
        "sent as written; did you mean 'CLIENT_KEY'?",
        "unresolved variable 'BROWSER_Id' in the body: no variable of that name, sent as written; "
        "did you mean 'BROWSER_ID'?",
        "unresolved variable 'tokn' in the auth settings: no variable of that name, sent as written; "
        "did you mean 'token'?",
    ]
    assert b.warnings == []
    assert a.to_json()["warnings"] == a.warnings  # report.json carries them


def test_postman_unknown_dynamic_variable_is_a_warning(tmp_path: Path, echo: LoopbackServer) -> None:
    c = postman(tmp_path, [{"name": "a", "request": {"method": "GET", "url": f"{echo.url}/x?g={{{{$guidd}}}}",
                                                     "header": [{"key": "X-C", "value": "{{$randomCity}}"}]}}])
    [ex] = run_all(c)
    assert ex.warnings == [
        "unresolved variable '$guidd' in the URL: not a dynamic variable cdp-runner knows, sent as written; "
        "did you mean '$guid'?",
        "unresolved variable '$randomCity' in header 'X-C': not a dynamic variable cdp-runner knows, "
        "sent as written",  # no suggestion just because of the common $random start
    ]


# -- empty environment values ------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["native", "postman"])
def test_empty_environment_value_is_warned_once_per_run(tmp_path: Path, echo: LoopbackServer, kind: str) -> None:
    url = f"{echo.url}/x?client_key={{{{CLIENT_KEY}}}}&pos={{{{POS}}}}"
    if kind == "native":
        c = native(tmp_path, [get("a", url), get("b", url)])
    else:
        c = postman(tmp_path, [get("a", url), get("b", url)])
    runs = run_all(c, {"CLIENT_KEY": "", "POS": ""}, iterations=2)
    assert [ex.failed for ex in runs] == [False] * 4
    assert runs[0].warnings == [
        "variable CLIENT_KEY is empty in the environment (CLIENT_KEY=) and used in the URL: an empty value was sent",
        "variable POS is empty in the environment (POS=) and used in the URL: an empty value was sent",
    ]
    assert [ex.warnings for ex in runs[1:]] == [[], [], []]


def test_empty_value_in_a_message_builder_names_it(tmp_path: Path, echo: LoopbackServer) -> None:
    c = native(tmp_path, [{"name": "e", "prerequest": {"messages": {"message": {"pos": "{{POS}}"}}},
                           "request": {"method": "GET", "url": f"{echo.url}/x", "query": {"m": "{{message}}"}}}])
    [ex] = run_all(c, {"POS": ""})
    assert ex.warnings == ["variable POS is empty in the environment (POS=) and used in message builder 'message': "
                           "an empty value was sent"]


def test_empty_value_overridden_captured_or_unused_is_no_warning(tmp_path: Path, echo: LoopbackServer) -> None:
    echo.route("GET", "/empty")(lambda h: send_json(h, 200, {"ref": ""}))
    c = native(tmp_path, [get("a", f"{echo.url}/empty", capture={"REF": "$.ref"}),
                          {"name": "b", "request": {"method": "GET", "url": f"{echo.url}/x", "query": {
                              "pos": "{{POS}}", "ref": "{{REF}}", "ch": "{{CHANNEL}}"}}}])
    runs = run_all(c, {"POS": "", "REF": "", "CHANNEL": "", "UNUSED": ""}, data=[{"POS": "spinair.com"}])
    # POS comes from the data file, REF was captured (empty, on purpose), UNUSED is not used: CHANNEL only
    assert [ex.warnings for ex in runs] == [[], [
        "variable CHANNEL is empty in the environment (CHANNEL=) and used in query parameter 'ch': "
        "an empty value was sent"]]


def test_warnings_never_show_secret_values(tmp_path: Path, echo: LoopbackServer) -> None:
    c = postman(tmp_path, [{"name": "a", "request": {
        "method": "GET", "url": f"{echo.url}/x?k={{{{clientkey}}}}",
        "header": [{"key": "X-Api-Token", "value": "{{API_TOKEN}}{{suffix}}"}]}}])
    [ex] = run_all(c, {"CLIENT_KEY": "ck-secret-123", "API_TOKEN": "tok-secret-999"})
    dumped = json.dumps(ex.warnings)
    assert "'clientkey'" in dumped and "ck-secret-123" not in dumped and "tok-secret-999" not in dumped


# -- validate: empty values found before anything is sent --------------------------------------
def test_empty_values_found_without_a_run(tmp_path: Path) -> None:
    from runner.core.plan import check
    from runner.core.validate import empty_values

    c = native(tmp_path, [
        get("a", "http://127.0.0.1:9/x?pos={{POS}}", capture={"REF": "$.ref"}),
        get("b", "http://127.0.0.1:9/x?ref={{REF}}&key={{CLIENT_KEY}}&t={{TOKEN}}", tests="pm.test('t', () => {});"),
        get("c", "http://127.0.0.1:9/x", prerequest={"script": "pm.environment.set('TOKEN', 'x');"}),
    ])
    env = Environment("e", {"POS": "", "REF": "", "CLIENT_KEY": "", "TOKEN": "", "UNUSED": ""})
    start = check(c, env, RunOptions())
    # REF is captured before its use; a script names TOKEN (it may set it); UNUSED is not used
    assert empty_values(c, start.requests, start.variables, start.rows) == [
        ("POS", "/items/0/request/url"), ("CLIENT_KEY", "/items/1/request/url")]
    p = postman(tmp_path, [get("a", "http://127.0.0.1:9/x?pos=${POS}&key={{CLIENT_KEY}}")])
    start = check(p, env, RunOptions(data=[{"CLIENT_KEY": "from data"}]))
    assert empty_values(p, start.requests, start.variables, start.rows) == []  # ${x} is no Postman template

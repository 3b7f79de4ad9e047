"""Text no rule foresaw: lone UTF-16 surrogates (JSON may hold ``"\\ud800"``, a script may set one) in
every part of a request, and numbers too long for Python's int(). A request that cannot be built fails
with a reason and the run goes on; a file that cannot be read is exit 2 with its place. Never exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LoopbackServer, run_cli, send_json, write_json

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
LONE = "a\ud800b"  # a str holding a lone surrogate: json.dumps writes it as the escape "\ud800"
LONG = "9" * 5000  # over Python's default 4,300-digit limit for int()


def _echo(loopback: LoopbackServer) -> None:
    for method in ("GET", "POST"):
        loopback.routes[(method, "/x")] = lambda h: send_json(h, 200, {"ok": True})


NATIVE_REQUESTS = {
    "query": {"query": {"k": LONE}},
    "query key": {"query": {LONE: "v"}},
    "header": {"headers": {"X-A": LONE}},
    "json": {"method": "POST", "body": {"json": {"k": LONE}}},
    "text": {"method": "POST", "body": {"text": LONE}},
    "form": {"method": "POST", "body": {"form": {"k": LONE}}},
    "multipart": {"method": "POST", "body": {"multipart": [{"name": "k", "value": LONE}]}},
    "graphql": {"method": "POST", "body": {"graphql": {"query": LONE, "variables": '{"a": "' + LONE + '"}'}}},
    "basic": {"auth": {"type": "basic", "username": LONE, "password": LONE}},
    "digest": {"auth": {"type": "digest", "username": "u", "password": LONE}},
}


@pytest.mark.parametrize("place", list(NATIVE_REQUESTS))
def test_a_lone_surrogate_in_a_native_request_is_never_a_crash(place: str, loopback: LoopbackServer,
                                                               tmp_path: Path, capsys) -> None:
    _echo(loopback)
    request = {"method": "GET", "url": loopback.url + "/x", **NATIVE_REQUESTS[place]}
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "hostile", "request": request},
        {"name": "next", "request": {"method": "GET", "url": loopback.url + "/x"}}]})
    code, out = run_cli(capsys, "run", path)
    assert code in (0, 1), out
    assert "internal error" not in out
    assert [r["path"] for r in loopback.requests][-1] == "/x"  # the run went on to the next request


def test_text_bodies_carry_a_lone_surrogate_as_node_does(loopback: LoopbackServer, tmp_path: Path, capsys) -> None:
    """Node writes a lone surrogate of a string body as U+FFFD; JSON.stringify escapes it."""
    _echo(loopback)
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": n, "request": {"method": "POST", "url": loopback.url + "/x", **NATIVE_REQUESTS[n]}}
        for n in ("text", "multipart", "graphql")]})
    code, out = run_cli(capsys, "run", path)
    assert code == 0, out
    text, multipart, graphql = (r["body"] for r in loopback.requests)
    assert text == "a\ufffdb".encode()
    assert "a\ufffdb".encode() in multipart
    assert graphql == b'{"query":"a\\ud800b","variables":{"a": "a\xef\xbf\xbdb"}}'


def test_a_lone_surrogate_set_by_a_script_reaches_every_part(loopback: LoopbackServer, tmp_path: Path,
                                                             capsys) -> None:
    _echo(loopback)
    url = loopback.url + "/x"
    set_it = {"listen": "prerequest", "script": {"exec": ["pm.environment.set('v', 'a\\ud800b');"]}}
    items = [
        {"name": "raw", "request": {"method": "POST", "url": url + "?q={{v}}", "header": [{"key": "X-V", "value": "w"}],
                                    "body": {"mode": "raw", "raw": "{{v}}"}}},
        {"name": "urlencoded", "request": {"method": "POST", "url": url, "body": {
            "mode": "urlencoded", "urlencoded": [{"key": "k", "value": "{{v}}"}]}}},
        {"name": "formdata", "request": {"method": "POST", "url": url, "body": {
            "mode": "formdata", "formdata": [{"key": "k", "value": "{{v}}"}]}}},
        {"name": "basic", "request": {"method": "GET", "url": url, "auth": {"type": "basic", "basic": [
            {"key": "username", "value": "{{v}}"}, {"key": "password", "value": "p"}]}}},
        {"name": "awsv4", "request": {"method": "GET", "url": url, "auth": {"type": "awsv4", "awsv4": [
            {"key": "accessKey", "value": "AK"}, {"key": "secretKey", "value": "{{v}}"}]}}},
        {"name": "last", "request": {"method": "GET", "url": url}},
    ]
    path = write_json(tmp_path / "c.postman_collection.json", {
        "info": {"name": "c", "schema": POSTMAN_SCHEMA}, "event": [set_it], "item": items})
    code, out = run_cli(capsys, "run", path)
    assert code in (0, 1), out
    assert "internal error" not in out
    bodies = [r["body"] for r in loopback.requests]
    assert bodies[0] == "a\ufffdb".encode()
    assert bodies[1] == b"k=a%ED%A0%80b"  # as the URL encoder writes it
    assert loopback.requests[-1]["path"] == "/x"


def test_a_request_that_cannot_be_built_fails_with_a_reason_and_the_run_goes_on(loopback: LoopbackServer,
                                                                                 tmp_path: Path, capsys) -> None:
    _echo(loopback)
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "hostile", "request": {"method": "GET", "url": loopback.url + "/x",
                                        "auth": {"type": "oauth1", "consumerKey": LONE, "consumerSecret": LONE,
                                                 "token": LONE, "tokenSecret": LONE}}},
        {"name": "next", "request": {"method": "GET", "url": loopback.url + "/x"}}]})
    code, out = run_cli(capsys, "run", path, "-r", "json", "--report-dir", str(tmp_path / "r"))
    assert code == 1, out
    report = json.loads(next((tmp_path / "r").glob("*.json")).read_text())
    first, second = report["executions"] if "executions" in report else report["results"]
    assert "could not build the request" in json.dumps(first)
    assert len(loopback.requests) == 1


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize("kind", ["native", "postman"])
def test_a_number_too_long_to_read_is_bad_input_with_its_place(kind: str, command: str, tmp_path: Path,
                                                               capsys) -> None:
    if kind == "native":
        text = '{"name": "c", "items": [],\n "variables": {"n": ' + LONG + "}}"
    else:
        text = json.dumps({"info": {"name": "c", "schema": POSTMAN_SCHEMA}, "item": []})[:-1] + \
            ',\n "variable": [{"key": "n", "value": ' + LONG + "}]}"
    path = tmp_path / "c.json"
    path.write_text(text)
    code, out = run_cli(capsys, command, str(path))
    assert code == 2, out
    line, col = 2, text.splitlines()[1].index("9") + 1
    assert f"{path}:{line}:{col}" in out and "too long" in out


def test_graphql_variables_are_sent_as_written(loopback: LoopbackServer, tmp_path: Path, capsys) -> None:
    """As postman-runtime: variables text is spliced in unparsed; a malformed or huge one is the server's
    to judge; an empty one is left out; variables given as an object make one compact JSON value."""
    _echo(loopback)
    cases = [
        ({"query": "{ a }", "variables": '{\n  "n":  1\n}'}, b'{"query":"{ a }","variables":{\n  "n":  1\n}}'),
        ({"query": "{ a }", "variables": "{bad"}, b'{"query":"{ a }","variables":{bad}'),
        ({"query": "{ a }", "variables": '{"n": ' + LONG + "}"},
         b'{"query":"{ a }","variables":{"n": ' + LONG.encode() + b"}}"),
        ({"query": "{ a }", "variables": ""}, b'{"query":"{ a }"}'),
        ({"query": "query Q { a }", "operationName": "Q", "variables": {"n": [1, "\u00e9"]}},
         '{"query":"query Q { a }","operationName":"Q","variables":{"n":[1,"\u00e9"]}}'.encode()),
        ({"query": "{ a }"}, b'{"query":"{ a }"}'),
    ]
    path = write_json(tmp_path / "c.json", {"name": "c", "items": [
        {"name": f"g{i}", "request": {"method": "POST", "url": loopback.url + "/x", "body": {"graphql": g}}}
        for i, (g, _) in enumerate(cases)]})
    code, out = run_cli(capsys, "run", path)
    assert code == 0, out
    assert [r["body"] for r in loopback.requests] == [wire for _, wire in cases]
    assert {r["headers"]["Content-Type"] for r in loopback.requests} == {"application/json"}

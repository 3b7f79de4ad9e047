"""The run's cookie jar: a cookie one response sets goes with later requests to its host, scripts see
the jar for the request's URL (pm.cookies), --cookie-jar starts the jar from Newman's tough-cookie
JSON and --export-cookie-jar writes it back in that shape."""

from __future__ import annotations

import json
from pathlib import Path

from wire_server import header, postman, wire_server, write

from runner.cli.main import main
from runner.core.engine import Run
from runner.load import load_collection
from runner.model.options import RunOptions


def _test(source: str) -> list[dict[str, object]]:
    return [{"listen": "test", "script": {"exec": [source]}}]


def test_a_cookie_goes_with_later_requests_and_scripts_see_it(tmp_path: Path) -> None:
    with wire_server() as server:
        doc = postman([
            {"name": "set", "request": {"method": "GET", "url": f"{server.url}/set-cookie?flavour=oat"}},
            {"name": "later", "request": {"method": "GET", "url": f"{server.url}/any/path"},
             "event": _test("pm.test('jar', () => pm.expect(pm.cookies.get('flavour')).to.equal('oat'));")},
        ])
        first, later = list(Run(load_collection(write(tmp_path, doc)), None, RunOptions()))
    assert header(server.log[1], "Cookie") == "flavour=oat"
    assert [(a.name, a.passed, a.message) for a in later.assertions] == [("jar", True, None)]


def test_cookie_jar_file_in_and_out(tmp_path: Path) -> None:
    with wire_server() as server:
        jar_in = tmp_path / "jar.json"
        jar_in.write_text(json.dumps({"version": "tough-cookie@4.1.3", "storeType": "MemoryCookieStore",
                                      "cookies": [{"key": "sid", "value": "s1", "domain": "127.0.0.1", "path": "/",
                                                   "hostOnly": True, "creation": "2026-01-01T00:00:00.000Z"}]}))
        doc = postman([
            {"name": "uses sid", "request": {"method": "GET", "url": f"{server.url}/a"}},
            {"name": "sets more", "request": {"method": "GET", "url": f"{server.url}/set-cookie?more=m2"}},
        ])
        jar_out = tmp_path / "out" / "jar.json"
        code = main(["run", str(write(tmp_path, doc)), "--cookie-jar", str(jar_in),
                     "--export-cookie-jar", str(jar_out), "-r", "json",
                     "--reporter-json-export", str(tmp_path / "r.json")])
    assert code == 0
    assert header(server.log[0], "Cookie") == "sid=s1"
    written = json.loads(jar_out.read_text())
    assert written["version"].startswith("tough-cookie@")
    assert {(c["key"], c["value"], c["domain"], c["path"]) for c in written["cookies"]} == {
        ("sid", "s1", "127.0.0.1", "/"), ("more", "m2", "127.0.0.1", "/")}


def test_a_cookie_jar_file_of_the_wrong_shape_is_bad_input(tmp_path: Path, capsys: object) -> None:
    bad = tmp_path / "jar.json"
    bad.write_text(json.dumps({"cookies": [{"value": "no key"}]}))
    doc = postman([{"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}])
    assert main(["run", str(write(tmp_path, doc)), "--cookie-jar", str(bad)]) == 2


def test_a_cookie_a_script_sets_in_the_jar_goes_with_the_request(tmp_path: Path) -> None:
    with wire_server() as server:
        doc = postman([
            {"name": "seed", "request": {"method": "GET", "url": f"{server.url}/set-cookie?seed=1"}},
            {"name": "scripted", "request": {"method": "GET", "url": f"{server.url}/next"},
             "event": [{"listen": "prerequest", "script": {"exec": [
                 f"pm.cookies.jar().set('{server.url}', 'made', 'by-script');",
                 f"pm.cookies.jar().unset('{server.url}', 'seed');"]}}]},
        ])
        list(Run(load_collection(write(tmp_path, doc)), None, RunOptions()))
    assert header(server.log[1], "Cookie") == "made=by-script"

"""Issue 14, secrets: paths by which a secret reached an output (points 8 to 13 and 21). Each
test runs the CLI against a loopback server that echoes everything it is sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from secret_echo import LOGIN_JWT, TOKEN_ACCESS, TOKEN_SESSION, cli, echo_server, files_text, leaks, write


def postman(name: str, items: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    return {"info": {"name": name, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": items, **top}


def pm_item(name: str, method: str, url: str, *, headers: dict[str, str] | None = None, body: str | None = None,
            prerequest: str | None = None, tests: str | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url,
                               "header": [{"key": k, "value": v} for k, v in (headers or {}).items()]}
    if body is not None:
        request["body"] = {"mode": "raw", "raw": body, "options": {"raw": {"language": "json"}}}
    events = [{"listen": listen, "script": {"exec": source.split("\n")}}
              for listen, source in (("prerequest", prerequest), ("test", tests)) if source]
    return {"name": name, "request": request, "event": events}


def outputs(tmp_path: Path, console: str) -> dict[str, str]:
    return {"console": console, **files_text(tmp_path / "out")}


def reports(tmp_path: Path) -> list[str]:
    return ["-r", "cli", "-r", "json", "-r", "junit", "-r", "html", "--report-dir", str(tmp_path / "out")]


def assert_no_leak(texts: dict[str, str], secrets: dict[str, str], users: dict[str, str] | None = None) -> None:
    for where, text in texts.items():
        assert not leaks(text, secrets, users), f"{leaks(text, secrets, users)} in {where}"


# -- 8: a token a test script stores -------------------------------------------------------------
def test_a_token_a_test_script_stores_is_masked_in_its_own_response(tmp_path: Path, capsys: Any) -> None:
    with echo_server() as server:
        coll = write(tmp_path / "login.postman_collection.json", postman("login", [
            pm_item("Login", "POST", server.url + "/login", body='{"user": "alice"}',
                    tests="pm.environment.set('ACCESS_TOKEN', pm.response.json().jwt);\n"
                          "pm.test('got a token', () => pm.expect(pm.response.json().jwt).to.be.a('string'));"),
            pm_item("Me", "GET", server.url + "/me", headers={"X-Session": "{{ACCESS_TOKEN}}"},
                    tests="pm.test('echo', () => pm.expect(pm.response.json().path).to.eql('/nope'));"),
        ]))
        code, console = cli(capsys, "run", coll, "--verbose", *reports(tmp_path))
    assert code == 1
    assert LOGIN_JWT in json.dumps(server.log)  # it was used, and echoed
    texts = outputs(tmp_path, console)
    assert_no_leak(texts, {"ACCESS_TOKEN": LOGIN_JWT})
    assert '"jwt": "*****"' in console  # the login answer itself, printed by --verbose


# -- 9: quotes, backslashes, non-ASCII -----------------------------------------------------------
HOSTILE = 'Hq5w"Zx8c\\Rt2ü-Mn7b'


def test_secrets_with_quotes_backslashes_and_non_ascii_are_masked_in_every_form(tmp_path: Path,
                                                                                capsys: Any) -> None:
    with echo_server() as server:
        coll = write(tmp_path / "c.json", {"name": "hostile", "items": [
            {"name": "echo", "request": {"method": "POST", "url": server.url + "/echo?t={{API_TOKEN}}",
                                         "body": {"json": {"token": "{{API_TOKEN}}"}}},
             "assert": [{"that": "$.body", "equals": "something else"},
                        {"that": "$.path", "equals": "/nope"}]},
            {"name": "json", "request": {"method": "POST", "url": server.url + "/json",
                                         "body": {"json": {"token": "{{API_TOKEN}}", "nested": "{\"t\": \"x\"}"}}},
             "assert": [{"that": "$", "equals": {"token": "another"}}]},
        ]})
        env = write(tmp_path / "hostile.env", f"API_TOKEN='{HOSTILE}'\n")
        code, console = cli(capsys, "run", coll, "-e", env, "--verbose", *reports(tmp_path),
                            "--record", str(tmp_path / "out" / "rec"))
    assert code == 1
    assert json.dumps(HOSTILE)[1:-1] in server.log[0]["body"]  # sent JSON-escaped, echoed escaped again
    texts = outputs(tmp_path, console)
    assert {"report.json", "report.xml", "report.html"} <= set(texts) and any(k.startswith("rec/") for k in texts)
    assert_no_leak(texts, {"API_TOKEN": HOSTILE})


# -- 10: pm.sendRequest ---------------------------------------------------------------------------
def test_tokens_from_send_request_kept_in_local_variables_are_masked(tmp_path: Path, capsys: Any) -> None:
    with echo_server() as server:
        fetch = (f"pm.sendRequest('{server.url}/token', (err, res) => {{\n"
                 "  const body = res.json();\n"
                 "  pm.variables.set('bearer', body.access_token);\n"   # a neutral name: an access_token field
                 "  pm.variables.set('SESSION_TOKEN', body.session);\n"  # a secret-looking name, local scope
                 "  console.log('token answer', JSON.stringify(body));\n"
                 "});")
        coll = write(tmp_path / "send.postman_collection.json", postman("send", [
            pm_item("Use", "GET", server.url + "/use", prerequest=fetch,
                    headers={"X-A": "{{bearer}}", "X-B": "{{SESSION_TOKEN}}"},
                    tests="pm.test('echo', () => pm.expect(pm.response.json().headers).to.eql({}));"),
        ]))
        code, console = cli(capsys, "run", coll, "--verbose", *reports(tmp_path))
    assert code == 1
    assert TOKEN_ACCESS in json.dumps(server.log) and TOKEN_SESSION in json.dumps(server.log)
    assert "token answer" in console
    assert_no_leak(outputs(tmp_path, console), {"access": TOKEN_ACCESS, "session": TOKEN_SESSION})


# -- 11: a hand-written Authorization header -----------------------------------------------------
def test_a_hand_written_authorization_header_is_a_credential(tmp_path: Path, capsys: Any) -> None:
    jwt = "eyJ0eXAiOiJKV1QifQ.aGFuZC13cml0dGVu.c2ln"
    with echo_server() as server:
        coll = write(tmp_path / "c.json", {"name": "hand-written", "variables": {"jwt": jwt}, "items": [
            {"name": "echo", "request": {"method": "GET", "url": server.url + "/echo",
                                         "headers": {"Authorization": "Bearer {{jwt}}"}},
             "assert": [{"that": "$.headers.authorization", "equals": "Bearer something else"}]},
        ]})
        code, console = cli(capsys, "run", coll, "--verbose", *reports(tmp_path))
    assert code == 1
    assert_no_leak(outputs(tmp_path, console), {"jwt": jwt})


# -- 12: a password in the URL's user info -------------------------------------------------------
def test_a_password_in_url_user_info_never_shows(tmp_path: Path, capsys: Any) -> None:
    password = "Lt7r-pässw9Q"
    with echo_server() as server:
        host = server.url.removeprefix("http://")
        coll = write(tmp_path / "c.json", {"name": "user info", "items": [
            {"name": "echo", "request": {"method": "GET", "url": f"http://alice:{password}@{host}/echo"},
             "assert": [{"that": "$.headers.authorization", "equals": "Basic something else"}]},
        ]})
        code, console = cli(capsys, "run", coll, "--verbose", *reports(tmp_path))
    assert code == 1
    assert server.log[0]["headers"]["authorization"].startswith("Basic ")  # httpx derived it from the URL
    assert_no_leak(outputs(tmp_path, console), {"password": password}, {"password": "alice"})
    assert "alice:*****@" in console


# -- 13: bad environment input names the key and the place only ----------------------------------
def test_bad_environment_input_never_prints_the_value(tmp_path: Path, capsys: Any) -> None:
    coll = write(tmp_path / "c.json", {"name": "c", "items": [
        {"name": "x", "request": {"method": "GET", "url": "http://127.0.0.1:9/x"}}]})
    env = write(tmp_path / "bad.env", 'A=1\nAPI_SECRET="unterminated-s3cret-value\nB=2\n')
    code, text = cli(capsys, "run", coll, "-e", env)
    assert code == 2
    assert "unterminated-s3cret-value" not in text
    assert f"{env}:2:12" in text and "API_SECRET" in text
    for pair in ("s3cret-given-without-key", "=s3cret-given-without-key"):
        code, text = cli(capsys, "run", coll, "--env-var", "A=1", "--env-var", pair)
        assert code == 2
        assert "s3cret-given-without-key" not in text and "2nd --env-var" in text


# -- 21: replay equals the live run --------------------------------------------------------------
def test_replay_puts_the_current_value_back_where_the_server_echoed_a_secret(tmp_path: Path,
                                                                              capsys: Any) -> None:
    def collection(url: str) -> str:
        return write(tmp_path / "echo.json", {"name": "echo", "items": [
            {"name": "echo", "request": {"method": "POST", "url": url + "/json",
                                         "body": {"json": {"token": "{{API_TOKEN}}", "note": "key {{API_TOKEN}}!"}}},
             "assert": [{"that": "$.token", "equals": "{{API_TOKEN}}"},
                        {"that": "$.note", "equals": "key {{API_TOKEN}}!"}]},
        ]})

    def report(name: str) -> dict[str, Any]:
        return json.loads((tmp_path / name / "report.json").read_text())

    live_token, other_token = "Lv4k-é\"42Qz", "another-environment-token"
    rec = tmp_path / "rec"
    with echo_server() as server:
        coll = collection(server.url)
        code, _ = cli(capsys, "run", coll, "--env-var", f"API_TOKEN={live_token}", "--record", str(rec),
                      "-r", "json", "--report-dir", str(tmp_path / "live"))
    assert code == 0
    recorded = "\n".join(files_text(rec).values())
    assert not leaks(recorded, {"API_TOKEN": live_token})
    assert "{{*****:API_TOKEN}}" in recorded
    for token, name in ((live_token, "replay"), (other_token, "replay-other")):
        code, _ = cli(capsys, "run", coll, "--env-var", f"API_TOKEN={token}", "--offline", "--mocks", str(rec),
                      "-r", "json", "--report-dir", str(tmp_path / name))
        assert code == 0, report(name)["executions"]
        assert [a["passed"] for a in report(name)["executions"][0]["assertions"]] == [True, True]


@pytest.mark.parametrize("scope", ["environment", "variables"])
def test_a_token_a_script_stores_later_is_scrubbed_from_the_recording(tmp_path: Path, capsys: Any,
                                                                     scope: str) -> None:
    """Recorded files are written again at the end of the run, with what was learnt after them."""
    with echo_server() as server:
        coll = write(tmp_path / "login.postman_collection.json", postman("login", [
            pm_item("Login", "POST", server.url + "/login",
                    tests=f"pm.{scope}.set('ACCESS_TOKEN', pm.response.json().jwt);"),
        ]))
        code, _ = cli(capsys, "run", coll, "--record", str(tmp_path / "rec"), "-r", "json",
                      "--report-dir", str(tmp_path / "r"))
    assert code == 0
    recorded = "\n".join(files_text(tmp_path / "rec").values())
    assert LOGIN_JWT not in recorded and "{{*****:ACCESS_TOKEN}}" in recorded


def test_a_secret_column_of_a_data_file_is_masked(tmp_path: Path) -> None:
    from runner.core.engine import Run
    from runner.load import load_collection
    from runner.model.options import RunOptions

    with echo_server() as server:
        coll = write(tmp_path / "c.json", {"name": "data", "items": [
            {"name": "echo", "request": {"method": "GET", "url": server.url + "/echo?p={{ROW_PASSWORD}}"},
             "assert": [{"that": "$.path", "equals": "/nope"}]}]})
        executions = list(Run(load_collection(coll), None, RunOptions(data=[{"ROW_PASSWORD": "Rw9p-data-secret"}])))
    assert "Rw9p-data-secret" in json.dumps(server.log)
    assert "Rw9p" not in repr(executions)

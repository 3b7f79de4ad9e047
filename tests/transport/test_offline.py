"""--offline (declared mocks, Postman examples, --mocks DIR) and --record DIR (scrubbed, idempotent)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import send_json

from runner.cli.main import main
from runner.core.engine import Run, RunOptions
from runner.load import load_collection
from runner.load.environment import load_environment
from runner.sandbox import API_TOKEN, CLIENT_KEY, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SANDBOX_HOST, Sandbox
from runner.transport.http import HttpSession
from runner.transport.offline import OFFLINE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
SANDBOX_ENV = ROOT / "environments/sandbox.env"
GUEST_JOURNEY = ROOT / "collections/stream/guest-journey.json"
CLOSE_SESSION = ROOT / "collections/stream/close-session.json"
NO_MOCK = ("offline: no mock for GET {url} (declare \"mock\" on the request or in the collection's \"mocks\", "
           "add a Postman example, or record one with --record DIR)")


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def run_all(collection: Path, options: RunOptions, env: Path | None = None, **kw: Any) -> list[Any]:
    environment = load_environment(str(env)) if env else None
    return list(Run(load_collection(str(collection)), environment, options, **kw))


def report(tmp_path: Path, name: str, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *args, "--reporter", "json", "--report-dir", str(tmp_path / name)])
    return code, json.loads((tmp_path / name / "report.json").read_text())


def outcomes(rep: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(ex["item"], a["name"], a["passed"]) for ex in rep["executions"] for a in ex["assertions"]]


# ------------------------------------------------------------------------------ declared mocks


def test_declared_mocks_json_text_status_headers(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "mocks", "items": [
        {"name": "json", "request": {"method": "POST", "url": "https://api.example.invalid/things",
                                     "body": {"json": {"a": 1}}},
         "assert": [{"status": 202}, {"that": "$.ok", "equals": True}, {"that": "header X-Trace", "equals": "abc"},
                    {"that": "header Content-Type", "equals": "application/json"}],
         "mock": {"status": 202, "headers": {"X-Trace": "abc"}, "json": {"ok": True}}},
        {"name": "text", "request": {"method": "GET", "url": "https://api.example.invalid/teapot"},
         "assert": [{"status": 418}, {"that": "body", "equals": "short and stout"}],
         "mock": {"status": 418, "text": "short and stout", "headers": {"Content-Type": "text/plain"}}},
    ]})
    executions = run_all(coll, RunOptions(offline=True))
    assert [ex.error for ex in executions] == [None, None]
    assert [(a.name, a.passed) for ex in executions for a in ex.assertions if not a.passed] == []
    assert executions[0].response.status == 202 and executions[1].response.body == "short and stout"
    # the real request was built: JSON body encoded, content type set
    assert executions[0].request.body == '{"a": 1}'
    assert ("Content-Type", "application/json") in executions[0].request.headers


def test_sequence_serves_one_per_call_and_repeats_the_last(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "seq", "items": [
        {"name": "flaky", "request": {"method": "GET", "url": "https://api.example.invalid/flaky"},
         "mock": [{"status": 503, "text": "busy"}, {"status": 200, "json": {"n": 2}}, {"status": 200, "json": {"n": 3}}]},
    ]})
    executions = run_all(coll, RunOptions(offline=True, iterations=5))
    assert [ex.response.status for ex in executions] == [503, 200, 200, 200, 200]
    assert [ex.response.body for ex in executions] == ["busy", '{"n": 2}', '{"n": 3}', '{"n": 3}', '{"n": 3}']


def test_delay_sleeps_and_a_delay_past_the_read_timeout_is_a_timeout(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "slow", "items": [
        {"name": "slow", "request": {"method": "GET", "url": "https://api.example.invalid/slow"},
         "assert": [{"that": "durationMs", "greaterThanOrEqual": 150}],
         "mock": {"status": 200, "json": {}, "delayMs": 150}},
        {"name": "too slow", "request": {"method": "GET", "url": "https://api.example.invalid/slower",
                                         "timeout": {"readMs": 50}},
         "mock": {"status": 200, "json": {}, "delayMs": 2000}},
    ]})
    slow, too_slow = run_all(coll, RunOptions(offline=True))
    assert slow.response.time_ms >= 150 and all(a.passed for a in slow.assertions)
    assert too_slow.response is None and too_slow.error == "read timeout: no response within 50 ms"


def test_no_mock_fails_with_the_message_and_the_run_goes_on(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "partial", "variables": {"API_KEY": "very-secret-key-123"}, "items": [
        {"name": "unmocked", "request": {"method": "GET", "url": "https://api.example.invalid/a",
                                         "query": {"api_key": "{{API_KEY}}"}},
         "assert": [{"status": 200}]},
        {"name": "mocked", "request": {"method": "GET", "url": "https://api.example.invalid/b"},
         "assert": [{"status": 200}], "mock": {"json": {"ok": True}}},
    ]})
    first, second = run_all(coll, RunOptions(offline=True, secrets=["API_KEY"]))
    assert first.error == NO_MOCK.format(url="https://api.example.invalid/a?api_key=*****")
    assert [a.passed for a in first.assertions] == [False]
    assert second.error is None and second.response.status == 200 and second.assertions[0].passed


def test_cli_offline_exit_code_and_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rep = report(tmp_path, "r", str(CLOSE_SESSION), "-e", str(SANDBOX_ENV), "--offline")
    assert code == 1
    first = rep["executions"][0]
    assert first["response"] is None
    assert first["error"] == NO_MOCK.format(
        url=f"https://{SANDBOX_HOST}/v1.2/browser/create.json?client_key=*****&message=%7B%7D")
    assert len(rep["executions"]) == 4  # the run went on


def test_postman_saved_examples_are_served_offline(tmp_path: Path) -> None:
    coll = write(tmp_path / "p.postman_collection.json", {
        "info": {"name": "examples", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "Create browser",
            "request": {"method": "GET", "url": "https://{{apiEndpoint}}/v1.2/browser/create.json?client_key=k&message={}"},
            "response": [{
                "name": "created", "code": 200, "status": "OK",
                "header": [{"key": "Content-Type", "value": "application/json"}, {"key": "X-Example", "value": "yes"}],
                "body": "{\"status\": \"OK\", \"ref\": \"b-1\"}",
            }],
        }],
    })
    (ex,) = run_all(coll, RunOptions(offline=True, env_vars={"apiEndpoint": "api.example.invalid"}))
    assert ex.error is None
    assert ex.response.status == 200
    assert json.loads(ex.response.body) == {"status": "OK", "ref": "b-1"}
    assert ("x-example", "yes") in [(k.lower(), v) for k, v in ex.response.headers]


# ------------------------------------------------------------------------------ no network


def test_offline_never_touches_the_network(tmp_path: Path, loopback: Any) -> None:
    """A live loopback server is the target of every request, OAuth2 token included; it hears nothing."""
    base = loopback.url
    coll = write(tmp_path / "c.json", {"name": "net", "items": [
        {"name": "mocked", "request": {"method": "GET", "url": f"{base}/mocked",
                                       "auth": {"type": "oauth2", "accessTokenUrl": f"{base}/token",
                                                "clientId": "id", "clientSecret": "secret-value"}},
         "assert": [{"status": 200}], "mock": {"json": {"ok": True}}},
        {"name": "unmocked", "request": {"method": "GET", "url": f"{base}/unmocked"}},
    ]})

    @loopback.route("*", "/unmocked")
    def _(handler: Any) -> None:  # would answer 200 if anything reached it
        send_json(handler, 200, {"live": True})

    mocked, unmocked = run_all(coll, RunOptions(offline=True, insecure=True))
    assert loopback.requests == []
    assert mocked.error is None and mocked.response.status == 200
    assert ("Authorization", "*****") in mocked.request.headers  # the placeholder token, masked like any token
    assert unmocked.response is None and unmocked.error.startswith("offline: no mock for GET http://127.0.0.1:")


def test_offline_token_placeholder_is_what_is_sent(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "tok", "items": [
        {"name": "dest", "request": {"method": "GET", "url": "https://dest.example.invalid/x",
                                     "auth": {"type": "oauth2", "accessTokenUrl": "https://auth.example.invalid/token",
                                              "clientId": "id", "clientSecret": "s3cret-value"}},
         "mock": {"json": {}}},
    ]})
    run = Run(load_collection(str(coll)), None, RunOptions(offline=True))
    list(run)
    sender = run.sender
    while not hasattr(sender, "router"):  # the offline sender under its wrappers (event lint)
        sender = sender.inner
    calls = sender.router.calls
    assert [c.request.url.host for c in calls] == ["auth.example.invalid", "dest.example.invalid"]
    assert calls[1].request.headers["Authorization"] == f"Bearer {OFFLINE_TOKEN}"


def test_bad_mocks_dir_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CLOSE_SESSION), "-e", str(SANDBOX_ENV), "--offline", "--mocks", str(tmp_path / "no")]) == 2
    assert "--mocks: not a folder" in capsys.readouterr().err
    bad = tmp_path / "m" / "close-session"
    bad.mkdir(parents=True)
    (bad / "01-create-browser.json").write_text('{"item": "Create browser", "calls": [\n  {"request": }]}')
    assert main(["run", str(CLOSE_SESSION), "-e", str(SANDBOX_ENV), "--offline", "--mocks", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "01-create-browser.json" in err and ":2:" in err


# ------------------------------------------------------------------------------ record and replay


def test_record_then_replay_gives_the_same_assertion_outcomes(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    live_code, live = report(tmp_path, "live", str(CLOSE_SESSION), "-e", str(SANDBOX_ENV), "--record", str(rec))
    assert live_code == 0 and len(outcomes(live)) == 10
    assert sorted(p.name for p in (rec / "close-session").iterdir()) == [
        "01-create-browser.json", "02-send-view-event.json", "03-close-the-session-force-close.json",
        "04-read-the-browser-back.json"]
    replay_code, replay = report(tmp_path, "replay", str(CLOSE_SESSION), "-e", str(SANDBOX_ENV),
                                 "--offline", "--mocks", str(rec))
    assert replay_code == 0
    assert outcomes(replay) == outcomes(live)
    # the replay really came from the files: the refs are the recorded ones
    recorded = json.loads((rec / "close-session/01-create-browser.json").read_text())
    ref = recorded["calls"][0]["response"]["json"]["ref"]
    assert ref in replay["executions"][3]["request"]["url"]


def test_replay_of_a_failing_recording_fails_the_same_way(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    args = [str(CLOSE_SESSION), "-e", str(SANDBOX_ENV), "--env-var", "CLIENT_KEY=wrong-client-key"]
    live_code, live = report(tmp_path, "live", *args, "--record", str(rec))
    replay_code, replay = report(tmp_path, "replay", *args, "--offline", "--mocks", str(rec))
    assert live_code == replay_code == 1
    assert outcomes(replay) == outcomes(live)
    assert any(not passed for _, _, passed in outcomes(live))


def _secrets_collection(tmp_path: Path) -> Path:
    base = f"https://{SANDBOX_HOST}"
    return write(tmp_path / "secrets.json", {
        "name": "secrets", "secrets": ["PRIVATE_NOTE"],
        "variables": {"PRIVATE_NOTE": "my-private-note-value", "OAUTH_ID": OAUTH_CLIENT_ID,
                      "OAUTH_SECRET": OAUTH_CLIENT_SECRET},
        "items": [
            {"name": "Create browser", "request": {"method": "GET", "url": f"{base}/v1.2/browser/create.json",
                                                   "query": {"client_key": "{{CLIENT_KEY}}", "message": "{}"}},
             "capture": {"GUEST_REF": "$.customer_ref"}},
            {"name": "Guest", "request": {"method": "GET", "url": f"{base}/v2.1/guests/{{{{GUEST_REF}}}}",
                                          "auth": {"type": "basic", "username": "{{CLIENT_KEY}}",
                                                   "password": "{{API_TOKEN}}"}}},
            {"name": "Token", "request": {"method": "POST", "url": f"{base}/oauth/token",
                                          "body": {"form": {"grant_type": "client_credentials",
                                                            "client_id": "{{OAUTH_ID}}",
                                                            "client_secret": "{{OAUTH_SECRET}}"}}},
             "capture": {"BEARER": "$.access_token"}},
            {"name": "Destination", "request": {
                "method": "PUT", "url": f"{base}/destination/emails/a@example.com",
                "auth": {"type": "bearer", "token": "{{BEARER}}"},
                "body": {"json": {"note": "{{PRIVATE_NOTE}}", "api_token": "{{API_TOKEN}}"}}}},
            {"name": "Destination via OAuth2", "request": {
                "method": "GET", "url": f"{base}/destination/emails/a@example.com",
                "auth": {"type": "oauth2", "accessTokenUrl": f"{base}/oauth/token",
                         "clientId": "{{OAUTH_ID}}", "clientSecret": "{{OAUTH_SECRET}}"}}},
        ],
    })


def test_recorded_files_hold_no_secret(tmp_path: Path) -> None:
    sandbox = Sandbox(seed=3)
    transport = sandbox.transport()
    session = HttpSession(mounts={f"https://{SANDBOX_HOST}": transport})
    rec = tmp_path / "rec"
    executions = run_all(_secrets_collection(tmp_path), RunOptions(record_dir=str(rec)), SANDBOX_ENV, sender=session)
    assert [ex.response.status for ex in executions] == [200, 200, 200, 202, 200]
    tokens = list(sandbox.tokens)
    assert len(tokens) == 2
    files = sorted((rec / "secrets").glob("*.json"))
    assert len(files) == 5
    text = "\n".join(f.read_text() for f in files)
    basic = base64.b64encode(f"{CLIENT_KEY}:{API_TOKEN}".encode()).decode()
    for secret in [CLIENT_KEY, API_TOKEN, basic, OAUTH_CLIENT_SECRET, "my-private-note-value", *tokens]:
        assert secret not in text
    assert "authorization" not in text.lower() and "Bearer " not in text
    token_file = json.loads(files[2].read_text())
    assert token_file["calls"][0]["response"]["json"]["access_token"] == "*****"
    dest = json.loads(files[3].read_text())["calls"][0]
    # values of variables: placeholders naming them, which replay fills (docs/offline.md)
    assert dest["response"]["json"] == {"api_token": "{{*****:API_TOKEN}}", "note": "{{*****:PRIVATE_NOTE}}"}
    assert "client_key={{*****:CLIENT_KEY}}" in json.loads(files[0].read_text())["calls"][0]["request"]["url"]


def test_re_recording_is_byte_identical(tmp_path: Path) -> None:
    """Against a deterministic sandbox (seeded refs, fixed clock) two recordings are the same bytes."""

    def record_into(folder: Path) -> dict[str, bytes]:
        sandbox = Sandbox(seed=42, clock=lambda: 1_700_000_000.0)
        session = HttpSession(mounts={f"https://{SANDBOX_HOST}": sandbox.transport()})
        executions = run_all(GUEST_JOURNEY, RunOptions(record_dir=str(folder)), SANDBOX_ENV, sender=session)
        assert all(not ex.failed for ex in executions)
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}

    first = record_into(tmp_path / "one")
    second = record_into(tmp_path / "one")  # recording again over the same folder
    third = record_into(tmp_path / "two")
    assert len(first) == 9
    assert first == second == third
    sample = json.loads(first["guest-journey/07-guest-rest-api-read-the-guest-back.json"])
    assert list(sample) == sorted(sample) and "timeMs" not in json.dumps(sample)


def test_recorded_mocks_match_on_method_path_and_item_not_on_random_ids(tmp_path: Path) -> None:
    from runner.transport.offline import path_pattern

    pattern = path_pattern("/v2.1/guests/6f1d2c3b-4a59-4e8f-8a7b-1c2d3e4f5a6b/extensions/ext")
    assert pattern.match("/v2.1/guests/0b9b3f1e-5a49-4c1c-9f1e-7d0c2a1b3c4d/extensions/ext")
    assert not pattern.match("/v2.1/guests/0b9b3f1e-5a49-4c1c-9f1e-7d0c2a1b3c4d/extensions/ext1")
    assert path_pattern("/v1.2/browser/*****/show.json").match("/v1.2/browser/abc/show.json")


# ------------------------------------------------------------------------------ guest journey


def test_guest_journey_passes_in_process(tmp_path: Path) -> None:
    code, rep = report(tmp_path, "r", str(GUEST_JOURNEY), "-e", str(SANDBOX_ENV))
    assert code == 0
    assert rep["summary"]["requests"] == {"total": 9, "failed": 0}
    assert rep["summary"]["assertions"]["total"] == 25 and rep["summary"]["assertions"]["failed"] == 0


def test_guest_journey_passes_offline(tmp_path: Path) -> None:
    code, rep = report(tmp_path, "r", str(GUEST_JOURNEY), "-e", str(SANDBOX_ENV), "--offline")
    assert code == 0
    assert rep["summary"]["assertions"] == {"total": 25, "failed": 0}
    # the declared mocks answered: the guest ref is the mocked one
    assert "/v2.1/guests/6f1d2c3b-4a59-4e8f-8a7b-1c2d3e4f5a6b" in rep["executions"][6]["request"]["url"]


def test_guest_journey_checks_the_sandbox_state(tmp_path: Path) -> None:
    """In-process against a sandbox we hold: the journey left one closed session with every event type."""
    sandbox = Sandbox()
    session = HttpSession(mounts={f"https://{SANDBOX_HOST}": sandbox.transport()})
    executions = run_all(GUEST_JOURNEY, RunOptions(), SANDBOX_ENV, sender=session)
    assert all(not ex.failed for ex in executions)
    (guest,) = sandbox.guests.values()
    assert guest.data["email"] == "guest.journey@example.com"
    assert guest.extensions == {"ext": {"loyaltyTier": "gold", "lastOrderRef": "ORDER-1001", "pointsBalance": 120}}
    (sess,) = sandbox.sessions.values()
    assert sess.status == "CLOSED" and sess.close_reason == "FORCE_CLOSE"
    assert [e["type"] for e in sess.events] == ["VIEW", "IDENTITY", "ADD", "CHECKOUT", "FORCE_CLOSE"]
    checkout = sess.events[3]["message"]
    assert checkout["status"] == "PURCHASED" and checkout["reference_id"] == "ORDER-1001"


def test_re_recording_a_live_loopback_server_is_byte_identical(tmp_path: Path, loopback: Any) -> None:
    """A real HTTP server sends Date, Server and Set-Cookie: none of them reaches the files."""
    @loopback.route("GET", "/profile")
    def _(handler: Any) -> None:
        send_json(handler, 200, {"name": "Ada", "access_token": "live-access-token-value"},
                  {"Set-Cookie": "session=cookie-value-123; HttpOnly", "X-Kept": "yes"})

    coll = write(tmp_path / "live.json", {"name": "live", "items": [
        {"name": "Profile", "request": {"method": "GET", "url": f"{loopback.url}/profile",
                                        "headers": {"Cookie": "session=cookie-value-123"},
                                        "auth": {"type": "bearer", "token": "bearer-token-value-456"}},
         "assert": [{"that": "$.name", "equals": "Ada"}]},
    ]})
    snapshots = []
    for _ in range(2):
        run_all(coll, RunOptions(record_dir=str(tmp_path / "rec")))
        snapshots.append((tmp_path / "rec/live/01-profile.json").read_bytes())
    assert snapshots[0] == snapshots[1]
    text = snapshots[0].decode()
    for gone in ("cookie-value-123", "bearer-token-value-456", "live-access-token-value", "Date", "date\"",
                 "server\"", "set-cookie"):
        assert gone not in text
    saved = json.loads(text)["calls"][0]["response"]
    assert saved["headers"] == {"content-type": "application/json", "x-kept": "yes"}
    replay = run_all(coll, RunOptions(offline=True, mocks_dir=str(tmp_path / "rec")))
    assert replay[0].error is None and replay[0].assertions[0].passed
    assert len(loopback.requests) == 2  # the two recordings; the replay sent nothing


def test_a_mocked_redirect_is_answered_as_declared(tmp_path: Path) -> None:
    coll = write(tmp_path / "c.json", {"name": "redirect", "items": [
        {"name": "moved", "request": {"method": "GET", "url": "https://api.example.invalid/old"},
         "assert": [{"status": 301}, {"that": "header Location", "equals": "https://api.example.invalid/new"}],
         "mock": {"status": 301, "headers": {"Location": "https://api.example.invalid/new"}}},
    ]})
    (ex,) = run_all(coll, RunOptions(offline=True))
    assert ex.error is None and [a.passed for a in ex.assertions] == [True, True]


def test_collection_level_mocks_match_method_and_url(tmp_path: Path) -> None:
    from runner.core.engine import Run, RunOptions
    from runner.load import load_collection
    from runner.load.environment import Environment

    doc = {
        "name": "collection mocks",
        "mocks": [
            {"method": "GET", "url": "/v1.2/browser/create.json", "response": {"json": {"status": "OK", "ref": "b-1"}}},
            {"url": "https://{{HOST}}/v2.1/guests/", "response": [{"status": 503}, {"status": 200, "json": {"n": 2}}]},
        ],
        "items": [
            {"name": "create", "request": {"method": "GET", "url": "https://{{HOST}}/v1.2/browser/create.json?x=1"},
             "assert": [{"that": "$.ref", "equals": "b-1"}]},
            {"name": "own mock wins", "request": {"method": "GET", "url": "https://{{HOST}}/v1.2/browser/create.json"},
             "mock": {"json": {"ref": "own"}}, "assert": [{"that": "$.ref", "equals": "own"}]},
            {"name": "wrong method", "request": {"method": "POST", "url": "https://{{HOST}}/v1.2/browser/create.json"}},
            {"name": "guest 1", "request": {"method": "GET", "url": "https://{{HOST}}/v2.1/guests/g1"},
             "assert": [{"status": 503}]},
            {"name": "guest 2", "request": {"method": "DELETE", "url": "https://{{HOST}}/v2.1/guests/g2"},
             "assert": [{"status": 200}, {"that": "$.n", "equals": 2}]},
            {"name": "other host", "request": {"method": "GET", "url": "https://elsewhere.test/v2.1/guests/g1"}},
        ],
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    executions = list(Run(load_collection(path), Environment("e", {"HOST": "api.test"}), RunOptions(offline=True)))
    outcome = {e.name: (e.response.status if e.response else e.error.split(" (")[0], e.failed) for e in executions}
    assert outcome == {
        "create": (200, False),
        "own mock wins": (200, False),
        "wrong method": ("offline: no mock for POST https://api.test/v1.2/browser/create.json", True),
        "guest 1": (503, False),
        "guest 2": (200, False),
        "other host": ("offline: no mock for GET https://elsewhere.test/v2.1/guests/g1", True),
    }

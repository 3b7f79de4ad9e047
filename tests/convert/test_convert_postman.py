"""cdp-runner import / export: Postman <-> native round trips, message builders, environments."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from runner.cli.main import main
from runner.convert.jsbuilders import parse_builders
from runner.load.environment import load_environment

ROOT = Path(__file__).resolve().parents[2]
# every shipped native collection (connection items are refused by export on purpose)
NATIVE = [p for p in sorted((ROOT / "collections").rglob("*.json"))
          if "postman" not in p.name and "mocks" not in p.parts and '"connection"' not in p.read_text()]
POSTMAN = [ROOT / "collections/stream/close-session.postman_collection.json",
           ROOT / "tests/conformance/postman-breadth.postman_collection.json",
           ROOT / "tests/conformance/gist-failing.postman_collection.json"]


def convert(command: str, src: Path, out: Path, *extra: str) -> Any:
    assert main([command, str(src), "-o", str(out), *extra]) == 0
    return json.loads(out.read_text()) if out.suffix == ".json" else out.read_text()


def normalised(value: Any) -> Any:
    """The documented normalisations of an export -> import round trip."""
    if isinstance(value, str):
        return re.sub(r"\$\{\s*([^{}]+?)\s*\}", r"{{\1}}", value)  # Postman knows only {{}}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, dict):
        out = {k: normalised(v) for k, v in value.items()}
        if "mock" in out and "request" in out:  # a mock's default status is written out
            mocks = out["mock"] if isinstance(out["mock"], list) else [out["mock"]]
            for m in mocks:
                m.setdefault("status", 200)
        return out
    return value


@pytest.mark.parametrize("collection", NATIVE, ids=lambda p: p.name)
def test_native_export_import_round_trip(collection: Path, tmp_path: Path) -> None:
    exported = convert("export", collection, tmp_path / "x.postman_collection.json")
    assert exported["info"]["schema"].endswith("/v2.1.0/collection.json")
    back = convert("import", tmp_path / "x.postman_collection.json", tmp_path / "back.json")
    assert back == normalised(json.loads(collection.read_text()))


@pytest.mark.parametrize("collection", POSTMAN, ids=lambda p: p.name)
def test_postman_import_export_import_is_stable(collection: Path, tmp_path: Path) -> None:
    first = convert("import", collection, tmp_path / "first.json")
    convert("export", tmp_path / "first.json", tmp_path / "again.postman_collection.json")
    second = convert("import", tmp_path / "again.postman_collection.json", tmp_path / "second.json")
    assert second == first


def test_gist_scripts_become_message_builders(tmp_path: Path) -> None:
    native = convert("import", POSTMAN[0], tmp_path / "gist.json")
    view, close = native["items"][1], native["items"][2]
    assert view["prerequest"] == {"messages": {"message": {
        "channel": "WEB", "type": "VIEW", "language": "EN", "currency": "GBP", "page": "home page",
        "pos": "{{PointOfSale}}", "browser_id": "{{browserId}}"}}}
    assert close["prerequest"]["messages"]["message"]["type"] == "FORCE_CLOSE"  # postman.setEnvironmentVariable
    assert "script" not in view["prerequest"]
    # its test script was only common checks: they became native assertions named as in Postman
    assert "tests" not in view and view["assert"] == [{"status": 201, "name": "Status code is 201"},
                                                      {"that": "$.status", "equals": "OK", "name": "view accepted"}]


@pytest.mark.parametrize("source", [
    'var m = {"a": 1};\npm.environment.set("message", JSON.stringify(m));\nconsole.log(m);',  # something else too
    'var m = {"a": Date.now()};\npm.environment.set("message", JSON.stringify(m));',          # a computed value
    'var m = {"a": "{{x}}"};\npm.environment.set("message", JSON.stringify(m));',             # JS would not template
    'var m = {"a": 1};\npm.environment.set("message", m);',                                   # not JSON-encoded
    'var m = {"a": 1}; var unused = {};\npm.environment.set("message", JSON.stringify(m));',  # a leftover
    'pm.environment.set("x", "y");',
])
def test_other_scripts_stay_javascript(source: str) -> None:
    assert parse_builders(source) is None


def test_builder_parser_accepts_the_gist_variants() -> None:
    source = """// build the message
    const message = {
        channel: 'WEB', "pos": pm.variables.get("POS"), nested: {n: -1.5, ok: true, none: null},
        ids: [pm.globals.get('g'), "x"], page: pm.variables.replaceIn("{{PAGE}} page"),
    };
    postman.setEnvironmentVariable("message", JSON.stringify(message));
    pm.variables.set("other", JSON.stringify({"a": pm.collectionVariables.get("A")}))"""
    assert parse_builders(source) == {
        "message": {"channel": "WEB", "pos": "{{POS}}", "nested": {"n": -1.5, "ok": True, "none": None},
                    "ids": ["{{g}}", "x"], "page": "{{PAGE}} page"},
        "other": {"a": "{{A}}"},
    }


def test_edited_generated_checks_stay_javascript(tmp_path: Path) -> None:
    exported = convert("export", ROOT / "collections/stream/close-session.json", tmp_path / "x.postman_collection.json")
    test_event = next(e for e in exported["item"][0]["event"] if e["listen"] == "test")
    test_event["script"]["exec"] = [line.replace('.to.eql("OK")', '.to.eql("KO")') for line in test_event["script"]["exec"]]
    (tmp_path / "x.postman_collection.json").write_text(json.dumps(exported))
    back = convert("import", tmp_path / "x.postman_collection.json", tmp_path / "back.json")
    assert "assert" not in back["items"][0] and '.to.eql("KO")' in "\n".join(back["items"][0]["tests"])


def test_imported_bodies_auth_and_examples(tmp_path: Path) -> None:
    native = convert("import", POSTMAN[1], tmp_path / "breadth.json")
    assert native["auth"] == {"type": "basic", "username": "{{basicUser}}", "password": "{{basicPass}}"}
    assert native["prerequest"] == {"script": 'pm.variables.set("order", "collection");'}
    bearer = native["items"][0]["items"][1]
    assert bearer["auth"] == {"type": "bearer", "token": "{{bearerToken}}"}
    assert bearer["items"][1]["request"]["auth"] == {"type": "none"}
    assert bearer["items"][3]["request"]["auth"]["in"] == "query"
    raw, form = native["items"][2]["items"]
    assert raw["request"]["body"] == {"json": {"env": "{{onlyEnv}}", "n": 1, "list": [True, None]}}
    assert raw["request"]["query"] == {"kept": "1"} and raw["request"]["headers"] == {"X-Kept": "yes"}
    assert raw["mock"] == {"status": 200, "json": {"method": "POST"}}
    assert form["request"]["body"] == {"form": {"a": "{{onlyEnv}}", "c": "two words"}}


def test_formdata_and_graphql_import(tmp_path: Path) -> None:
    collection = {"info": {"name": "f", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
                  "item": [{"name": "upload", "request": {"method": "POST", "url": "http://127.0.0.1:1/u", "body": {
                      "mode": "formdata", "formdata": [{"key": "a", "value": "1", "type": "text"},
                                                       {"key": "off", "value": "x", "disabled": True},
                                                       {"key": "f", "type": "file", "src": "data/x.csv"}]}}},
                           {"name": "gql", "request": {"method": "POST", "url": "http://127.0.0.1:1/g", "body": {
                               "mode": "graphql", "graphql": {"query": "{ a }", "variables": "{\"n\": 1}"}}}}]}
    src = tmp_path / "f.postman_collection.json"
    src.write_text(json.dumps(collection))
    native = convert("import", src, tmp_path / "f.json")
    assert native["items"][0]["request"]["body"] == {"multipart": [{"name": "a", "value": "1"},
                                                                   {"name": "f", "file": "data/x.csv"}]}
    assert native["items"][1]["request"]["body"] == {"graphql": {"query": "{ a }", "variables": {"n": 1}}}
    from runner.load import load_collection

    loaded = load_collection(tmp_path / "f.json")
    assert loaded.requests[0].body.value == [("a", "1"), ("f", {"file": "data/x.csv"})]


@pytest.mark.parametrize("kind", ["asap", "made-up"])
def test_unsupported_auth_is_an_input_error(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    collection = {"info": {"name": "a", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                  "item": [{"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:1/",
                                                     "auth": {"type": kind}}}]}
    src = tmp_path / "a.postman_collection.json"
    src.write_text(json.dumps(collection))
    assert main(["import", str(src), "-o", str(tmp_path / "a.json")]) == 2
    err = capsys.readouterr().err
    assert f"'{kind}'" in err and "/item/0/request/auth/type" in err


@pytest.mark.parametrize("kind", ["digest", "awsv4", "hawk", "oauth1", "ntlm", "edgegrid", "jwt"])
def test_every_auth_type_imports_and_exports_with_its_options(kind: str, tmp_path: Path) -> None:
    options = [{"key": "username", "value": "u"}, {"key": "password", "value": "{{pw}}"},
               {"key": "addParamsToHeader", "value": True, "type": "boolean"}]
    collection = {"info": {"name": "a", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                  "item": [{"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:1/",
                                                     "auth": {"type": kind, kind: options}}}]}
    src = tmp_path / "a.postman_collection.json"
    src.write_text(json.dumps(collection))
    assert main(["import", str(src), "-o", str(tmp_path / "a.json")]) == 0
    native = json.loads((tmp_path / "a.json").read_text())
    assert native["items"][0]["request"]["auth"] == {"type": kind, "username": "u", "password": "{{pw}}",
                                                     "addParamsToHeader": True}
    assert main(["export", str(tmp_path / "a.json"), "-o", str(tmp_path / "b.postman_collection.json")]) == 0
    back = json.loads((tmp_path / "b.postman_collection.json").read_text())["item"][0]["request"]["auth"]
    assert back["type"] == kind
    assert {p["key"]: p["value"] for p in back[kind]} == {"username": "u", "password": "{{pw}}",
                                                          "addParamsToHeader": True}


def test_connection_items_are_not_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "c.json"
    src.write_text(json.dumps({"name": "c", "items": [{"name": "conn", "connection": {"request": {}}}]}))
    assert main(["export", str(src), "-o", str(tmp_path / "c.postman_collection.json")]) == 2
    assert "connection" in capsys.readouterr().err and not (tmp_path / "c.postman_collection.json").exists()


def test_environment_import_reads_back_the_same(tmp_path: Path) -> None:
    values = {"plain": "v", "quotes": "it's \"quoted\"", "backslash": "a\\b\\'c", "dollar": "$x and $",
              "hash": "a # not a comment", "empty": "", "multi": "line1\nline2", "number": 5}
    env = {"name": "e", "values": [{"key": k, "value": v, "enabled": True} for k, v in values.items()]
           + [{"key": "API_SECRET", "value": "s3cr3t", "type": "secret", "enabled": True},
              {"key": "off", "value": "x", "enabled": False}]}
    src = tmp_path / "e.postman_environment.json"
    src.write_text(json.dumps(env))
    text = convert("import", src, tmp_path / "e.env")
    assert "s3cr3t" not in text and "# API_SECRET: a secret in Postman" in text
    loaded = load_environment(tmp_path / "e.env").values
    assert loaded == {**{k: str(v) for k, v in values.items()}, "API_SECRET": ""}
    env["values"].append({"key": "fm", "value": "${PAGE}", "enabled": True})
    src.write_text(json.dumps(env))
    assert "# fm: check this value" in convert("import", src, tmp_path / "w.env")
    convert("import", src, tmp_path / "k.env", "--keep-secrets")
    assert load_environment(tmp_path / "k.env").values["API_SECRET"] == "s3cr3t"


def test_exported_collection_runs_under_newman_like_the_native_one(newman: str, tls_sandbox: tuple[str, str],
                                                                   tmp_path: Path) -> None:
    """Exported checks are real checks: Newman gets the same assertion names and outcomes as the native run."""
    host, ca = tls_sandbox
    native = ROOT / "collections/stream/close-session.json"
    convert("export", native, tmp_path / "x.postman_collection.json")
    env = load_environment(ROOT / "environments/sandbox.env").values | {"API_ENDPOINT": host}
    env_args = [a for k, v in env.items() for a in ("--env-var", f"{k}={v}")]
    report = tmp_path / "newman.json"
    subprocess.run([newman, "run", str(tmp_path / "x.postman_collection.json"), *env_args, "--insecure", "-r", "json",
                    "--reporter-json-export", str(report)], capture_output=True, text=True, timeout=120)
    theirs = [(ex["item"]["name"], a["assertion"], "error" not in a)
              for ex in json.loads(report.read_text())["run"]["executions"] for a in ex.get("assertions", [])]
    code = main(["run", str(native), *env_args, "--ca-cert", ca, "--no-sandbox", "-r", "json",
                 "--report-dir", str(tmp_path / "ours")])
    ours = [(ex["name"], a["name"], a["passed"])
            for ex in json.loads((tmp_path / "ours/report.json").read_text())["executions"] for a in ex["assertions"]]
    assert len(theirs) >= 8 and ours == theirs and code == 0


def test_collection_settings_postman_cannot_express_survive_the_round_trip(tmp_path: Path) -> None:
    doc = {"name": "extras", "independentIterations": True, "tags": ["smoke"],
           "mocks": [{"method": "GET", "url": "/v1.2/browser/create.json", "response": {"status": 200, "json": {"ref": "b"}}}],
           "items": [{"name": "r", "request": {"method": "GET", "url": "https://h.test/v1.2/browser/create.json"}}]}
    path = tmp_path / "extras.json"
    path.write_text(json.dumps(doc))
    convert("export", path, tmp_path / "x.postman_collection.json")
    assert convert("import", tmp_path / "x.postman_collection.json", tmp_path / "back.json") == doc


def test_import_names_the_place_of_an_unsupported_body_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from runner.cli.main import main

    doc = {"info": {"name": "w", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": [{"name": "f", "item": [{"name": "r", "request": {"method": "POST", "url": "https://h/x",
                                                                     "body": {"mode": "weird"}}}]}]}
    src = tmp_path / "w.postman_collection.json"
    src.write_text(json.dumps(doc))
    assert main(["import", str(src), "-o", str(tmp_path / "w.json")]) == 2
    assert f"{src} at /item/0/item/0/request/body/mode: unsupported body mode 'weird'" in capsys.readouterr().err


def test_oauth2_settings_survive_the_round_trip_and_run_from_postman(tmp_path: Path) -> None:
    from runner.load import load_collection

    auth = {"type": "oauth2", "accessTokenUrl": "https://auth.test/oauth/token", "clientId": "{{ID}}",
            "clientSecret": "{{SECRET}}", "credentials": "body", "scope": "read", "audience": "https://api.test",
            "headers": {"X-Tenant": "t1"}, "form": {"resource": "guests"}}
    doc = {"name": "oauth", "auth": auth,
           "items": [{"name": "r", "request": {"method": "GET", "url": "https://api.test/x"}}]}
    path = tmp_path / "oauth.json"
    path.write_text(json.dumps(doc))
    convert("export", path, tmp_path / "o.postman_collection.json")
    assert convert("import", tmp_path / "o.postman_collection.json", tmp_path / "back.json") == doc
    # the exported Postman file, run as it is, asks for the token the same way
    assert load_collection(tmp_path / "o.postman_collection.json").requests[0].auth == auth

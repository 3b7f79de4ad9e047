"""Every credential of every auth type stays out of the console (verbose) and report.json, even when
its variable has an ordinary name, the server echoes it back and a script logs it."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from auth_server import checking

from runner.cli.main import main

SECRETS = {  # variable -> value; names say nothing secret on purpose
    "v_basic": "basic-pass-111", "v_bearer": "bearer-tok-222", "v_apikey": "apikey-val-333",
    "v_digest": "digest-pass-444", "v_cs": "consumer-sec-555", "v_ts": "token-sec-666", "v_tok": "oauth1-tok-777",
    "v_hawk": "hawk-key-888", "v_aws": "aws-secret-999", "v_sess": "aws-session-000", "v_ntlm": "ntlm-pass-121",
    "v_egsec": "eg-secret-131", "v_egacc": "eg-access-141", "v_egcli": "eg-client-151", "v_jwt": "jwt-secret-161",
    "v_o2": "oauth2-tok-171",
}

AUTHS: dict[str, tuple[str, dict[str, Any]]] = {
    "basic": ("v_basic", {"username": "u", "password": "{{v_basic}}"}),
    "bearer": ("v_bearer", {"token": "{{v_bearer}}"}),
    "apikey": ("v_apikey", {"key": "k", "value": "{{v_apikey}}", "in": "query"}),
    "digest": ("v_digest", {"username": "u", "password": "{{v_digest}}", "realm": "r", "nonce": "n"}),
    "oauth1": ("v_cs", {"consumerKey": "ck", "consumerSecret": "{{v_cs}}", "token": "{{v_tok}}",
                        "tokenSecret": "{{v_ts}}", "signatureMethod": "PLAINTEXT", "addParamsToHeader": False}),
    "hawk": ("v_hawk", {"authId": "id", "authKey": "{{v_hawk}}", "algorithm": "sha256"}),
    "awsv4": ("v_aws", {"accessKey": "AK", "secretKey": "{{v_aws}}", "sessionToken": "{{v_sess}}"}),
    "ntlm": ("v_ntlm", {"username": "u", "password": "{{v_ntlm}}"}),
    "edgegrid": ("v_egsec", {"clientSecret": "{{v_egsec}}", "accessToken": "{{v_egacc}}", "clientToken": "{{v_egcli}}"}),
    "jwt": ("v_jwt", {"algorithm": "HS256", "secret": "{{v_jwt}}", "payload": "{}"}),
    "oauth2": ("v_o2", {"accessToken": "{{v_o2}}"}),
}


def _collection(url: str) -> dict[str, Any]:
    items = []
    for kind, (_variable, options) in AUTHS.items():
        logs = [f"console.log(pm.variables.get('{v}'));" for v in SECRETS if f"{{{{{v}}}}}" in json.dumps(options)]
        items.append({"name": kind, "request": {
            "method": "GET", "url": f"{url}/echo/{kind}",
            "auth": {"type": kind, kind: [{"key": k, "value": v} for k, v in options.items()]}},
            "event": [{"listen": "test", "script": {"exec": [
                "console.log(pm.response.text());", *logs,
                "pm.test('sent', () => pm.response.to.have.status(200));"]}}]})
    return {"info": {"name": "masking", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": items, "variable": [{"key": k, "value": v} for k, v in SECRETS.items()]}


def test_no_credential_of_any_auth_type_in_console_or_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("spnego")
    with checking() as server:
        path = tmp_path / "masking.postman_collection.json"
        path.write_text(json.dumps(_collection(server.url)))
        code = main(["run", str(path), "-r", "cli", "-r", "json", "--report-dir", str(tmp_path), "--verbose"])
    shown = capsys.readouterr()
    outputs = shown.out + shown.err + (tmp_path / "report.json").read_text()
    report = json.loads((tmp_path / "report.json").read_text())
    assert code == 0, outputs
    assert [e["response"]["status"] for e in report["executions"]] == [200] * len(AUTHS)
    assert "*****" in outputs
    arrived = [v for e in server.log for _, v in e["headers"]] + [e["target"] for e in server.log]
    forbidden = list(SECRETS.values()) + [base64.b64encode(b"u:basic-pass-111").decode()] + \
        [v.partition(" ")[2] for v in arrived if v.startswith(("Bearer ey", "Hawk ", "AWS4", "EG1", "Digest"))]
    leaked = [s for s in forbidden if s in outputs]
    assert not leaked

"""One Postman collection with every auth type, run by Newman and by cdp-runner against the same
loopback server: per request, the same Authorization header and the same query and body parameters.
Where the collection can fix nonce and timestamp (oauth1, hawk, edgegrid, digest with a given
nonce) the values must be identical; elsewhere only the nonces, timestamps and what derives from them
are normalised, and the server's own check of the signature must pass for both."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from auth_server import checking

from runner.cli.main import main

pytestmark = pytest.mark.slow

_NORMALISE = [
    (re.compile(r'(?<!\w)(nonce|cnonce|response)="[^"]*"'), r'\1="…"'),  # digest answering a challenge
    (re.compile(r"\d{8}/"), "DATE/"), (re.compile(r"Signature=\w+"), "Signature=…"),  # SigV4 (time-based)
    (re.compile(r"^NTLM .*"), "NTLM …"),  # NTLM messages carry random client challenges
]


def _opts(**options: Any) -> list[dict[str, Any]]:
    return [{"key": k, "value": v, "type": "boolean" if isinstance(v, bool) else "string"} for k, v in options.items()]


def _items(url: str, rsa_key: str | None) -> list[dict[str, Any]]:
    fixed = {"nonce": "fixedNonce1", "timestamp": "1700000000"}

    def item(name: str, kind: str, options: dict[str, Any], *, method: str = "GET", path: str = "echo",
             query: str = "q=1", body: dict[str, Any] | None = None, headers: list[dict[str, str]] | None = None):
        request: dict[str, Any] = {"method": method, "url": f"{url}/{path}/{name}?{query}", "header": headers or [],
                                   "auth": {"type": kind, kind: _opts(**options)}}
        if body:
            request["body"] = body
        return {"name": name, "request": request}

    json_body = {"mode": "raw", "raw": '{"a": 1}'}
    form = {"mode": "urlencoded", "urlencoded": [{"key": "f", "value": "v/w"}]}
    ctype = [{"key": "Content-Type", "value": "application/json"}]
    items = [
        item("basic", "basic", {"username": "postman", "password": "pw"}),
        item("bearer", "bearer", {"token": "tok-1"}),
        item("bearer-empty", "bearer", {"token": ""}),
        item("apikey-header", "apikey", {"key": "X-Key", "value": "k-1"}, headers=[{"key": "x-key", "value": "old"}]),
        item("apikey-query", "apikey", {"key": "api", "value": "k-2", "in": "query"}, query="api=old&q=1"),
        item("oauth2", "oauth2", {"accessToken": "at-1", "addTokenTo": "header"}),
        item("oauth2-query", "oauth2", {"accessToken": "at-2", "addTokenTo": "queryParams"}),
        item("digest-given", "digest", {"username": "postman", "password": "pw", "realm": "Users", "nonce": "abc",
                                        "algorithm": "MD5"}),
        item("digest-challenge", "digest", {"username": "postman", "password": "pw"}, path="digest", query="alg=MD5"),
        item("oauth1-header", "oauth1", {"consumerKey": "ck", "consumerSecret": "cs", "token": "t", "tokenSecret": "ts",
                                         "signatureMethod": "HMAC-SHA1", "version": "1.0", "realm": "R",
                                         "addParamsToHeader": True, **fixed}, query="b=x%20y&a=1"),
        item("oauth1-query", "oauth1", {"consumerKey": "ck", "consumerSecret": "cs", "signatureMethod": "HMAC-SHA256",
                                        "addParamsToHeader": False, **fixed}),
        item("oauth1-body", "oauth1", {"consumerKey": "ck", "consumerSecret": "cs", "signatureMethod": "PLAINTEXT",
                                       "addParamsToHeader": False, **fixed}, method="POST", body=form),
        item("oauth1-bodyhash", "oauth1", {"consumerKey": "ck", "consumerSecret": "cs", "signatureMethod": "HMAC-SHA512",
                                           "includeBodyHash": True, "addParamsToHeader": True, **fixed},
             method="POST", body=json_body, headers=ctype),
        item("hawk", "hawk", {"authId": "id", "authKey": "key", "algorithm": "sha256", "extraData": "x", **fixed,
                              "nonce": "n6char"}),
        item("hawk-payload", "hawk", {"authId": "id", "authKey": "key", "algorithm": "sha1", "includePayloadHash": True,
                                      "nonce": "n6char", "timestamp": "1700000000"},
             method="POST", body=json_body, headers=ctype),
        item("awsv4", "awsv4", {"accessKey": "AK", "secretKey": "SK", "region": "eu-west-1", "service": "execute-api"},
             path="aws"),
        item("awsv4-s3-session", "awsv4", {"accessKey": "AK", "secretKey": "SK", "sessionToken": "ST",
                                           "service": "s3"}, path="aws"),
        item("awsv4-query", "awsv4", {"accessKey": "AK", "secretKey": "SK", "addAuthDataToQuery": True}, path="aws"),
        item("edgegrid", "edgegrid", {"accessToken": "a", "clientToken": "c", "clientSecret": "s",
                                      "nonce": "eg-nonce", "timestamp": "20240101T00:00:00+0000"}),
        item("edgegrid-post", "edgegrid", {"accessToken": "a", "clientToken": "c", "clientSecret": "s",
                                           "nonce": "eg-nonce", "timestamp": "20240101T00:00:00+0000",
                                           "headersToSign": "x-a"},
             method="POST", body=json_body, headers=ctype + [{"key": "X-A", "value": "1"}]),
        item("jwt", "jwt", {"algorithm": "HS256", "secret": "s", "payload": '{"sub": "1", "n": 2}', "header": '{"kid": "k"}'}),
        item("jwt-query", "jwt", {"algorithm": "HS384", "secret": "s", "payload": "{}", "addTokenTo": "queryParam",
                                  "queryParamKey": "t"}),
        item("ntlm", "ntlm", {"username": "CORP\\alice", "password": "N7lm-pass"}, path="ntlm"),
    ]
    if rsa_key:  # RSASSA-PKCS1-v1_5 is deterministic: the same token from both
        items.append(item("jwt-rs256", "jwt", {"algorithm": "RS256", "privateKey": rsa_key, "payload": '{"a": 1}'}))
    return items


def _requests(log: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last request per item (after any challenge round trips), normalised."""
    seen: dict[str, dict[str, Any]] = {}
    for entry in log:
        name = entry["target"].split("/")[2].split("?")[0]
        authorization = next((v for k, v in entry["headers"] if k.lower() == "authorization"), None)
        query = entry["target"].partition("?")[2]
        for pattern, replacement in _NORMALISE:
            authorization = authorization and pattern.sub(replacement, authorization)
            query = pattern.sub(replacement, query) if name.startswith("awsv4") else query
        query = re.sub(r"X-Amz-Date=\w+", "X-Amz-Date=…", query)
        seen[name] = {"name": name, "status": entry["status"], "authorization": authorization, "query": query, "body": entry["body"],
                      "amz": sorted(k.lower() for k, _ in entry["headers"] if k.lower().startswith("x-amz"))}
    return seen


def test_every_auth_type_sends_what_newman_sends(newman: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spnego")
    (tmp_path / "users").write_text("CORP:alice:N7lm-pass\n")
    monkeypatch.setenv("NTLM_USER_FILE", str(tmp_path / "users"))
    rsa_key = None
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    except ImportError:
        pass
    runs = {}
    with checking(username="postman", password="pw", realm="Users", accessKey="AK", secretKey="SK") as server:  # one server: the port is part of what is signed
        collection = {"info": {"name": "auth types", "schema": "https://schema.getpostman.com/json/collection/"
                                                               "v2.1.0/collection.json"},
                      "item": _items(server.url, rsa_key)}
        path = tmp_path / "auth.postman_collection.json"
        path.write_text(json.dumps(collection))
        for who in ("newman", "cdp-runner"):
            server.log.clear()
            if who == "newman":
                proc = subprocess.run([newman, "run", str(path)], capture_output=True, text=True, timeout=120)
                assert proc.returncode == 0, proc.stdout[-3000:]
            else:
                assert main(["run", str(path)]) == 0
            # the server checked digest, SigV4 and NTLM: the final answer to each request is 200
            assert {r["name"]: r["status"] for r in _requests(server.log).values()} == \
                {r["name"]: 200 for r in _requests(server.log).values()}, who
            runs[who] = _requests(server.log)
    theirs, ours = runs["newman"], runs["cdp-runner"]
    assert list(ours) == list(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name

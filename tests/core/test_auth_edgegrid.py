"""edgegrid: EG1-HMAC-SHA256 recomputed by the server (headers to sign and the POST body hash)."""

from __future__ import annotations

from auth_server import checking, send, sign

CREDS = {"accessToken": "akab-access", "clientToken": "akab-client", "clientSecret": "C113nt53KR3TN6N90yVuAgICxIRwsObLi0E67/N8eRN="}


def spec(**options: object) -> dict[str, object]:
    return {"type": "edgegrid", **CREDS, **options}


def test_get_and_post_verified() -> None:
    with checking(**CREDS, headersToSign=["x-a", "x-b"]) as server:
        (status, body), _ = send(spec(headersToSign="X-A, x-b"), server.url + "/edgegrid/p?q=1",
                                 headers=[("X-A", " one  two "), ("x-b", "3")])
        assert status == 200, body
        (status, body), _ = send(spec(headersToSign="x-a,x-b"), server.url + "/edgegrid", "POST",
                                 content=b'{"big": "body"}', headers=[("X-A", "1"), ("Content-Type", "application/json")])
        assert status == 200, body
        (status, body), _ = send(spec(clientSecret="wrong"), server.url + "/edgegrid")
        assert status == 401


def test_given_nonce_and_timestamp_and_missing_tokens() -> None:
    prepared = sign(spec(nonce="n-1", timestamp="20240101T00:00:00+0000"), "http://127.0.0.1:9/")
    assert dict(prepared.headers)["Authorization"].startswith(
        "EG1-HMAC-SHA256 client_token=akab-client;access_token=akab-access;timestamp=20240101T00:00:00+0000;"
        "nonce=n-1;signature=")
    assert sign(spec(accessToken=""), "http://127.0.0.1:9/").headers == []

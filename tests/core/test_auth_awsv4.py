"""awsv4: Signature Version 4 recomputed by the server from what arrived (header and query forms)."""

from __future__ import annotations

import pytest
from auth_server import checking, send, sign

CREDS = {"accessKey": "AKIDEXAMPLE", "secretKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}


def spec(**options: object) -> dict[str, object]:
    return {"type": "awsv4", **CREDS, "region": "eu-west-1", "service": "execute-api", **options}


@pytest.mark.parametrize("service", ["execute-api", "s3"])
def test_header_signature_verified(service: str) -> None:
    with checking(**CREDS) as server:
        # S3 signs the first value of a repeated key only (as Postman's signer does): no repeats for it
        query = "b=2&a=1&a=0&sp=x%20y" if service != "s3" else "b=2&a=1&sp=x%20y"
        (status, body), _ = send(spec(service=service), server.url + "/aws/items?" + query,
                                 headers=[("X-Custom", "  two   spaces ")])
    assert status == 200, body
    assert body["headers"]["authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") and f"/eu-west-1/{service}/aws4_request" in \
        body["headers"]["authorization"]
    assert "x-custom" in body["headers"]["authorization"]


def test_body_hash_and_session_token() -> None:
    with checking(**CREDS, sessionToken="SESSION/TOKEN") as server:
        (status, body), _ = send(spec(sessionToken="SESSION/TOKEN"), server.url + "/aws", "POST",
                                 content=b'{"k": "v"}', headers=[("Content-Type", "application/json")])
    assert status == 200, body
    assert body["headers"]["x-amz-security-token"] == "SESSION/TOKEN"
    assert body["headers"]["x-amz-content-sha256"] and "content-type" in body["headers"]["authorization"]


@pytest.mark.parametrize("service", ["execute-api", "s3"])
def test_query_signature_verified(service: str) -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(service=service, addAuthDataToQuery=True), server.url + "/aws/q?z=1")
    assert status == 200, body
    assert "authorization" not in body["headers"]
    assert [k for k, _ in body["query"]][:2] == ["z", "X-Amz-Expires" if service == "s3" else "X-Amz-Date"]


def test_wrong_secret_refused_and_stale_headers_replaced() -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(secretKey="other"), server.url + "/aws")
        assert status == 401
        prepared = sign(spec(), server.url + "/aws", headers=[("X-Amz-Date", "19990101T000000Z"),
                                                               ("authorization", "old")])
    names = [k.lower() for k, _ in prepared.headers]
    assert names.count("x-amz-date") == 1 and names.count("authorization") == 1
    assert dict((k.lower(), v) for k, v in prepared.headers)["x-amz-date"] != "19990101T000000Z"

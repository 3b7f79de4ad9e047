"""oauth1: every signature method and placement, verified by a server that recomputes the signature."""

from __future__ import annotations

import pytest
from auth_server import checking, send, sign

from runner.core.auth import AuthError

CREDS = {"consumerKey": "ck-1", "consumerSecret": "cs secret/1", "tokenSecret": "ts~2"}


def spec(**options: object) -> dict[str, object]:
    return {"type": "oauth1", "consumerKey": "ck-1", "consumerSecret": "cs secret/1", "token": "tok",
            "tokenSecret": "ts~2", "signatureMethod": "HMAC-SHA1", "version": "1.0", **options}


@pytest.mark.parametrize("method", ["HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT"])
@pytest.mark.parametrize("in_header", [True, False])
def test_signature_methods_in_header_and_query(method: str, in_header: bool) -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(signatureMethod=method, addParamsToHeader=in_header, realm="R m"),
                                 server.url + "/oauth1/a%20b?x=1&y=a+b&empty=")
        assert status == 200, body
        authorization = body["headers"].get("authorization", "")
        if in_header:
            assert authorization.startswith('OAuth realm="R%20m",oauth_consumer_key="ck-1",oauth_token="tok",'
                                            f'oauth_signature_method="{method}",oauth_timestamp="')
            assert "oauth_signature" not in server.log[0]["target"]
        else:
            assert not authorization and "oauth_signature=" in server.log[0]["target"]


def test_wrong_secret_is_refused_by_the_server() -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(consumerSecret="other"), server.url + "/oauth1")
    assert status == 401 and "does not match" in body["why"]


def test_urlencoded_post_carries_the_parameters_in_the_body_and_signs_the_form() -> None:
    with checking(**CREDS) as server:
        (status, body), prepared = send(spec(), server.url + "/oauth1", "POST", data=[("a", "1 2"), ("b", "ü")])
    assert status == 200, body
    assert "oauth_signature=" in body["body"] and "oauth_signature" not in server.log[0]["target"]


def test_body_hash_nonce_timestamp_and_no_empty_parameters() -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(includeBodyHash=True, nonce="fixedNonce", timestamp="1700000000",
                                      addParamsToHeader=True, version="", callback="", verifier=""),
                                 server.url + "/oauth1", "PUT", content=b'{"a": 1}',
                                 headers=[("Content-Type", "application/json")])
    assert status == 200, body
    header = body["headers"]["authorization"]
    assert 'oauth_nonce="fixedNonce"' in header and 'oauth_timestamp="1700000000"' in header
    assert "oauth_body_hash=" in header and "oauth_version" not in header and "oauth_callback" not in header


def test_disable_header_encoding_writes_values_as_they_are() -> None:
    prepared = sign(spec(addParamsToHeader=True, disableHeaderEncoding=True, consumerKey="c k", realm="a b"),
                    "http://127.0.0.1:9/oauth1")
    header = dict(prepared.headers)["Authorization"]
    assert header.startswith('OAuth realm="a b",oauth_consumer_key="c k",')


def test_an_existing_authorization_header_and_oauth_query_parameters_are_replaced() -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(), server.url + "/oauth1?oauth_nonce=stale&keep=1",
                                 headers=[("authorization", "old")])
    assert status == 200, body
    assert "stale" not in server.log[0]["target"] and "keep=1" in server.log[0]["target"]
    assert "authorization" not in body["headers"]


def test_rsa_signature() -> None:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    with checking(**CREDS, publicKey=public) as server:
        for method in ("RSA-SHA1", "RSA-SHA256", "RSA-SHA512"):
            (status, body), _ = send(spec(signatureMethod=method, privateKey=private, consumerSecret=""),
                                     server.url + "/oauth1?q=1")
            assert status == 200, (method, body)


def test_a_private_key_that_cannot_sign_is_an_auth_error() -> None:
    pytest.importorskip("cryptography")
    with pytest.raises(AuthError, match="oauth1 RSA-SHA1: cannot sign with the private key"):
        sign(spec(signatureMethod="RSA-SHA1", privateKey="not a key"), "http://127.0.0.1:9/")


def test_nothing_is_signed_without_consumer_key() -> None:
    prepared = sign(spec(consumerKey=""), "http://127.0.0.1:9/x")
    assert prepared.headers == [] and prepared.params == []

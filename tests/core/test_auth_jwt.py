"""jwt: tokens signed here are verified by PyJWT on the server side, for every algorithm family."""

from __future__ import annotations

import base64
import json

import pytest
from auth_server import checking, send, sign

from runner.core.auth import AuthError

CLAIMS = {"sub": "user-1", "n": 1, "name": "Zoë"}


def _keys(algorithm: str) -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if algorithm.startswith("ES"):
        curve = {"ES256": ec.SECP256R1(), "ES384": ec.SECP384R1(), "ES512": ec.SECP521R1()}[algorithm]
        key = ec.generate_private_key(curve)
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_hmac_tokens_verified(algorithm: str) -> None:
    with checking(key="s3cret-key-long-enough-for-hs512-please-0123456789-0123456789-xyz", algorithm=algorithm,
                  claims=CLAIMS) as server:
        (status, body), _ = send({"type": "jwt", "algorithm": algorithm, "payload": json.dumps(CLAIMS),
                                  "secret": "s3cret-key-long-enough-for-hs512-please-0123456789-0123456789-xyz",
                                  "header": '{"kid": "k1"}'}, server.url + "/jwt")
    assert status == 200, body
    token = body["headers"]["authorization"].removeprefix("Bearer ")
    assert json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "==")) == {"kid": "k1", "alg": algorithm}


@pytest.mark.parametrize("algorithm", ["RS256", "PS384", "ES256", "ES512"])
def test_key_pair_tokens_verified(algorithm: str) -> None:
    pytest.importorskip("cryptography")
    private, public = _keys(algorithm)
    with checking(key=public, algorithm=algorithm, claims=CLAIMS) as server:
        (status, body), _ = send({"type": "jwt", "algorithm": algorithm, "payload": json.dumps(CLAIMS),
                                  "privateKey": private}, server.url + "/jwt")
    assert status == 200, body


def test_base64_secret_query_placement_and_prefix() -> None:
    secret = base64.b64encode(b"\x00binary-secret-of-32-bytes-or-more\xff").decode()
    with checking(key=b"\x00binary-secret-of-32-bytes-or-more\xff", algorithm="HS256", claims={}, queryParamKey="jwt") as server:
        (status, body), _ = send({"type": "jwt", "algorithm": "HS256", "secret": secret, "payload": "",
                                  "isSecretBase64Encoded": True, "addTokenTo": "queryParam", "queryParamKey": "jwt"},
                                 server.url + "/jwt?jwt=stale")
        assert status == 200, body
        assert [k for k, _ in body["query"]] == ["jwt"]
    prepared = sign({"type": "jwt", "algorithm": "HS256", "secret": "s", "payload": "{}", "headerPrefix": "JWT"},
                    "http://127.0.0.1:9/")
    assert dict(prepared.headers)["Authorization"].startswith("JWT eyJ")


def test_bad_inputs_are_auth_errors() -> None:
    for options, message in (({"algorithm": "none"}, "invalid algorithm"), ({"algorithm": "HS256"}, "secret"),
                             ({"algorithm": "RS256"}, "private key"),
                             ({"algorithm": "HS256", "secret": "s", "payload": "{oops"}, "payload is not valid JSON")):
        with pytest.raises(AuthError, match=message):
            sign({"type": "jwt", **options}, "http://127.0.0.1:9/")

"""digest: the 401 challenge is answered once (Prepared.auth_flow through the transport), the server
recomputes the response; what the challenge taught signs the next request straight away."""

from __future__ import annotations

import pytest
from auth_server import checking, send, sign

from runner.core.auth import AuthError, TokenCache
from runner.transport.http import HttpSession

CREDS = {"username": "postman", "password": "pass word", "realm": "Users"}


def spec(**options: object) -> dict[str, object]:
    return {"type": "digest", "username": "postman", "password": "pass word", **options}


@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess", "SHA-256", "SHA-512-256"])
def test_challenge_is_answered_and_verified(algorithm: str) -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(algorithm=algorithm), f"{server.url}/digest/x?alg={algorithm}")
        assert status == 200, body
        assert [("authorization" in {k.lower() for k, _ in e["headers"]}) for e in server.log] == [False, True]
        header = dict(server.log[1]["headers"])["Authorization"]
        assert header.startswith('Digest username="postman", realm="Users", nonce="') and \
            f'algorithm="{algorithm}", qop=auth, nc=00000001, cnonce="' in header


def test_wrong_password_stays_401() -> None:
    with checking(**CREDS) as server:
        (status, body), _ = send(spec(password="nope"), server.url + "/digest")
    assert status == 401 and "does not match" in body["why"]


def test_the_learnt_challenge_signs_the_next_request_with_the_next_count() -> None:
    with checking(**CREDS) as server:
        session = HttpSession()
        tokens = TokenCache(session)
        assert send(spec(), server.url + "/digest/1", tokens=tokens)[0][0] == 200
        assert send(spec(), server.url + "/digest/2", tokens=tokens)[0][0] == 200
        session.close()
    assert len(server.log) == 3  # one challenge only
    assert "nc=00000002" in dict(server.log[2]["headers"])["Authorization"]


def test_disable_retry_request_sends_once_and_keeps_the_401() -> None:
    with checking(**CREDS) as server:
        (status, _), _ = send(spec(disableRetryRequest=True), server.url + "/digest")
    assert status == 401 and len(server.log) == 1


def test_given_realm_and_nonce_sign_the_first_request() -> None:
    prepared = sign(spec(realm="Users", nonce="abc", algorithm="MD5"), "http://127.0.0.1:9/p?q=1")
    header = dict(prepared.headers)["Authorization"]
    assert header.startswith('Digest username="postman", realm="Users", nonce="abc", uri="/p?q=1", '
                             'algorithm="MD5", response="')


def test_unknown_algorithm_is_an_auth_error() -> None:
    with pytest.raises(AuthError, match="unsupported algorithm 'SHA-1'"):
        sign(spec(algorithm="SHA-1"), "http://127.0.0.1:9/")

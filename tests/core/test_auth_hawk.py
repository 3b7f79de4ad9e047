"""hawk: the MAC (and the payload hash) recomputed by the server."""

from __future__ import annotations

import pytest
from auth_server import checking, send, sign

from runner.core.auth import AuthError

CREDS = {"authId": "id-1", "authKey": "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn"}


def spec(**options: object) -> dict[str, object]:
    return {"type": "hawk", "authId": "id-1", "authKey": CREDS["authKey"], "algorithm": "sha256", **options}


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_mac_verified(algorithm: str) -> None:
    with checking(**CREDS, algorithm=algorithm) as server:
        (status, body), _ = send(spec(algorithm=algorithm, extraData="some-app-data", app="app1", delegation="d1"),
                                 server.url + "/hawk/resource?a=1&b=2")
    assert status == 200, body
    assert body["headers"]["authorization"].startswith('Hawk id="id-1", ts="')


def test_payload_hash_verified_and_wrong_key_refused() -> None:
    with checking(**CREDS, algorithm="sha256", requireHash=True) as server:
        (status, body), _ = send(spec(includePayloadHash=True), server.url + "/hawk", "POST",
                                 content=b'{"x": 1}', headers=[("Content-Type", "application/json; charset=utf-8")])
        assert status == 200, body
        (status, body), _ = send(spec(includePayloadHash=True, authKey="wrong"), server.url + "/hawk", "POST",
                                 content=b"{}", headers=[("Content-Type", "application/json")])
        assert status == 401 and "mac does not match" in body["why"]


def test_given_nonce_and_timestamp_are_used() -> None:
    prepared = sign(spec(nonce="Ya2Zx1", timestamp="1700000000"), "http://127.0.0.1:9/x")
    assert dict(prepared.headers)["Authorization"].startswith('Hawk id="id-1", ts="1700000000", nonce="Ya2Zx1", mac="')


def test_unknown_algorithm_is_an_auth_error() -> None:
    with pytest.raises(AuthError, match="sha1 or sha256"):
        sign(spec(algorithm="md5"), "http://127.0.0.1:9/x")

"""The sandbox served on loopback (uvicorn), over HTTP and HTTPS."""

from __future__ import annotations

import json
import ssl

import httpx
import pytest
from sandbox_helpers import full_message

from runner.sandbox import (
    API_TOKEN,
    CLIENT_KEY,
    running,
)


def test_running_over_loopback_http():
    with running() as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.port > 0
        with httpx.Client(base_url=base_url, trust_env=False) as c:
            created = c.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
            assert created.status_code == 200
            browser = created.json()["ref"]
            r = c.get("/v1.2/event/create.json",
                      params={"client_key": CLIENT_KEY, "message": json.dumps(full_message(browser))})
            assert r.status_code == 201
            shown = c.get(f"/v1.2/browser/{browser}/show.json", params={"client_key": CLIENT_KEY})
            assert shown.json()["customer"]["ref"] == created.json()["customer_ref"]
            assert shown.headers["content-type"] == "application/json"
            guest = c.post("/v2.1/guests", json={"guestType": "visitor"}, auth=(CLIENT_KEY, API_TOKEN))
            assert guest.status_code == 201 and guest.json()["href"].startswith(base_url)
        assert base_url.sandbox.browsers[browser].sessions[0].status == "OPEN"


def test_running_over_loopback_https(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile, cafile = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(certfile), append=True)
    cert.private_key_pem.write_to_path(str(keyfile))
    ca.cert_pem.write_to_path(str(cafile))

    with running(certfile=str(certfile), keyfile=str(keyfile)) as base_url:
        assert base_url.startswith("https://127.0.0.1:")
        ctx = ssl.create_default_context(cafile=str(cafile))
        with httpx.Client(base_url=base_url, verify=ctx, trust_env=False) as c:
            r = c.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
            assert r.status_code == 200 and r.json()["status"] == "OK"
        # and a client that does not trust the CA refuses the connection
        with httpx.Client(base_url=base_url, trust_env=False) as c, pytest.raises(httpx.ConnectError):
            c.get("/")

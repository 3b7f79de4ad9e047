"""Batch API of the sandbox: allocate an upload location, upload, status, error log, records applied."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import uuid

import httpx
from sandbox_helpers import BASE

from runner.sandbox import Sandbox

GUEST = {"ref": str(uuid.uuid4()), "schema": "guest", "mode": "upsert",
         "value": {"guestType": "customer", "firstName": "Jane", "email": "jane@example.com",
                   "identifiers": [{"provider": "CRM", "id": "J-1"}],
                   "extensions": [{"name": "ext", "key": "default", "loyaltyNumber": "1234"}]}}


def gz(*records: dict) -> bytes:
    return gzip.compress("".join(json.dumps(r) + "\r\n" for r in records).encode())


def allocate(rest, data: bytes, **overrides) -> dict:
    ref = str(uuid.uuid4())
    body = {"checksum": hashlib.md5(data).hexdigest(), "size": len(data), **overrides}
    r = rest.put(f"/v2/batches/{ref}", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def upload(rest, location: dict, data: bytes, **headers) -> httpx.Response:
    md5 = base64.b64encode(hashlib.md5(data).digest()).decode()
    return rest.put(location["location"]["href"], content=data,
                    headers={"Content-Type": "application/gzip", "Content-Md5": md5, **headers})


# allocate-batch-upload-location.html: checksum and size in, {href, ref, checksum, size, location, status} out
def test_allocate_shape(rest):
    data = gz(GUEST)
    body = allocate(rest, data)
    assert body["href"] == f"{BASE}/v2/batches/{body['ref']}"
    assert body["checksum"] == hashlib.md5(data).hexdigest() and body["size"] == len(data)
    assert body["location"]["href"] and body["location"]["expiry"].endswith("Z")
    assert body["status"] == {"code": "uploading"}


def test_allocate_needs_checksum_size_and_a_uuid(rest):
    ref = str(uuid.uuid4())
    assert rest.put(f"/v2/batches/{ref}", json={"size": 10}).status_code == 400
    assert rest.put(f"/v2/batches/{ref}", json={"checksum": "not-md5", "size": 10}).status_code == 400
    assert rest.put(f"/v2/batches/{ref}", json={"checksum": "0" * 32}).status_code == 400
    assert rest.put("/v2/batches/not-a-uuid", json={"checksum": "0" * 32, "size": 1}).status_code == 400
    assert rest.put(f"/v2/batches/{ref}", json={"checksum": "0" * 32, "size": 1}).status_code == 201
    assert rest.put(f"/v2/batches/{ref}", json={"checksum": "0" * 32, "size": 1}).status_code == 409  # unique


# upload-batch-file.html + retrieve-batch-file-upload-status.html: 200, then success; records applied
def test_upload_applies_guest_records(rest, sandbox):
    data = gz(GUEST)
    location = allocate(rest, data)
    r = upload(rest, location, data)
    assert r.status_code == 200 and r.content == b""
    assert rest.get(f"/v2/batches/{location['ref']}").json()["status"] == {"code": "success"}
    [guest] = sandbox.find_guests(provider="CRM", ident="J-1")
    assert guest.data["firstName"] == "Jane" and guest.extensions["ext"] == {"loyaltyNumber": "1234"}
    # upsert again: the same guest is updated
    data2 = gz({**GUEST, "value": {"identifiers": [{"provider": "CRM", "id": "J-1"}], "lastName": "Jones"}})
    upload(rest, allocate(rest, data2), data2)
    [guest] = sandbox.find_guests(provider="CRM", ident="J-1")
    assert guest.data["lastName"] == "Jones" and guest.data["firstName"] == "Jane"


def test_upload_applies_order_records(rest, sandbox):
    order = {"ref": str(uuid.uuid4()), "schema": "order", "mode": "upsert",
             "value": {"referenceId": "BATCH-1", "orderedAt": "2025-01-01T00:00:00Z", "price": 9, "currencyCode": "EUR",
                       "contact": {"email": "jane@example.com"}}}
    data = gz(GUEST, order)
    upload(rest, allocate(rest, data), data)
    [guest] = sandbox.find_guests(email="jane@example.com")
    [found] = rest.get("/v2.1/orders", params={"guestRef": guest.ref}).json()["items"]
    assert found["referenceId"] == "BATCH-1"


# retrieve-details-of-batch-uploads.html: "corrupted - the MD5 checksum or the size ... does not match"
def test_checksum_or_size_mismatch_is_corrupted(rest):
    data = gz(GUEST)
    location = allocate(rest, data, checksum="0" * 32)
    assert upload(rest, location, data).status_code == 200
    assert rest.get(f"/v2/batches/{location['ref']}").json()["status"]["code"] == "corrupted"
    location = allocate(rest, data, size=len(data) + 1)
    upload(rest, location, data)
    assert rest.get(f"/v2/batches/{location['ref']}").json()["status"]["code"] == "corrupted"


# upload-batch-file.html: Content-Md5 is the Base64 of the MD5; a wrong one is refused
def test_wrong_content_md5_is_refused(rest):
    data = gz(GUEST)
    location = allocate(rest, data)
    r = upload(rest, location, data, **{"Content-Md5": base64.b64encode(b"x" * 16).decode()})
    assert r.status_code == 400 and b"BadDigest" in r.content


# retrieve-batch-upload-error-log.html: error status with a log of {ref, code, message}; 402 unsupported mode
def test_error_log(rest, client):
    bad_mode = {**GUEST, "ref": str(uuid.uuid4()), "mode": "replace"}
    no_identity = {"ref": str(uuid.uuid4()), "schema": "guest", "mode": "upsert", "value": {"firstName": "X"}}
    data = gz(GUEST, bad_mode, no_identity)
    location = allocate(rest, data)
    upload(rest, location, data)
    status = rest.get(f"/v2/batches/{location['ref']}").json()["status"]
    assert status["code"] == "error" and status["log"]
    log = [json.loads(line) for line in client.get(status["log"]).text.splitlines()]
    assert [(e["ref"], e["code"]) for e in log] == [(bad_mode["ref"], 402), (no_identity["ref"], 400)]
    assert "Identity information missing" in log[1]["message"]


# retrieve-batch-file-upload-status.html: "error" without a log when the file is not gzipped
def test_not_gzip_is_error_without_log(rest):
    data = b"PK\x03\x04 a zip file"
    location = allocate(rest, data)
    upload(rest, location, data)
    assert rest.get(f"/v2/batches/{location['ref']}").json()["status"] == {"code": "error"}


# batch-file-formatting-requirements.html: at most 50 MB (the limit is a setting, shrunk here)
def test_size_limit():
    assert Sandbox().config.batch_max_bytes == 50 * 1024 * 1024
    sb = Sandbox(batch_max_bytes=100)
    with httpx.Client(transport=sb.transport(), base_url=BASE, auth=("sandbox-client-key-0000000000000000",
                                                                    "sandbox-api-token-not-a-secret")) as c:
        data = gzip.compress(bytes(range(256)) * 4)
        assert c.put(f"/v2/batches/{uuid.uuid4()}", json={"checksum": "0" * 32, "size": 101}).status_code == 400
        location = c.put(f"/v2/batches/{uuid.uuid4()}", json={"checksum": hashlib.md5(data).hexdigest(),
                                                              "size": 100}).json()
        r = c.put(location["location"]["href"], content=data)
        assert r.status_code == 400 and b"EntityTooLarge" in r.content


# retrieve-details-of-batch-uploads.html: GET /v2/batches/inspect with a status filter
def test_inspect(rest):
    data = gz(GUEST)
    good = allocate(rest, data)
    upload(rest, good, data)
    pending = allocate(rest, data)
    listing = rest.get("/v2/batches/inspect").json()
    assert listing["totalCount"] == 2 and {i["ref"] for i in listing["items"]} == {good["ref"], pending["ref"]}
    only = rest.get("/v2/batches/inspect", params={"status": "success,error"}).json()["items"]
    assert [i["ref"] for i in only] == [good["ref"]]
    assert rest.get(f"/v2/batches/inspect/{pending['ref']}").json()["status"]["code"] == "uploading"


def test_expired_location_is_refused():
    now = [1_000_000.0]
    sb = Sandbox(clock=lambda: now[0])
    with httpx.Client(transport=sb.transport(), base_url=BASE, auth=("sandbox-client-key-0000000000000000",
                                                                    "sandbox-api-token-not-a-secret")) as c:
        data = gz(GUEST)
        location = allocate(c, data)
        now[0] += 3601  # allocate-batch-upload-location.html: valid for one hour
        assert upload(c, location, data).status_code == 403

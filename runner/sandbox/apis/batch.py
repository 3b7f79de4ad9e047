"""Batch API: allocate an upload location, upload the gzipped file there, read its status and
error log; the uploaded guest and order records are applied to the sandbox's state.

Sources (doc.sitecore.com, CDP developer documentation, Batch API): allocate-batch-upload-location
(``PUT /v2/batches/{uuid}`` with hex-MD5 ``checksum`` and ``size``; ``location.href`` valid one
hour), upload-batch-file (``PUT`` of the gzipped bytes, ``Content-MD5``, empty 200),
batch-file-formatting-requirements (one gzipped JSON file, 50 MB at most, one record per line
with ``ref``, ``schema``, ``mode``, ``value``), retrieve-batch-file-upload-status and
retrieve-details-of-batch-uploads (status codes, ``/v2/batches/inspect``),
retrieve-batch-upload-error-log (``ref``, ``code``, ``message`` per failed record; 402 for an
unsupported mode).

The real upload location is a pre-signed S3 URL; the sandbox serves its own
``/sandbox-batch-uploads/{ref}`` and ``/sandbox-batch-logs/{ref}`` (no auth, as pre-signed URLs)
and processes the file at once, so the status after the upload is final."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import zlib
from typing import Any

import httpx

from ..auth import rest_auth
from ..responses import JSON, HttpError, base_url, body_bytes, iso, json_body, json_response, rest_error
from ..router import Routes
from ..state import Guest, Record, State
from .guests import validate_guest_fields
from .orders import create_order, validate_order

routes = Routes()

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")
SCHEMAS = ("guest", "order", "tracking")
MODES = ("insert", "create", "upsert", "merge", "delete", "gdpr_delete")


def _status(request: httpx.Request, batch: Record, *, inspect: bool = False) -> JSON:
    d = batch.data
    code = d["status"]
    if code == "file_uploaded" and not inspect:  # only the inspect endpoint shows file_uploaded
        code = "processing"
    status: JSON = {"code": code}
    if d.get("log"):
        status["log"] = d["log"]
    return {"href": str(request.url), "ref": batch.ref, "checksum": d["checksum"], "size": d["size"],
            "location": {"href": d["location"], "expiry": iso(d["expiry"])}, "status": status,
            "createdAt": iso(batch.created_at), "modifiedAt": iso(batch.modified_at)}


@routes("GET|PUT", r"/v2/batches/(?P<ref>(?!inspect$)[^/]+)")
def batch(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    if request.method in ("GET", "HEAD"):
        return json_response(200, _status(request, sb.record("batch", ref, "batch")))
    if not _UUID.match(ref):
        raise rest_error(400, f"the batch ref must be a UUID, got {ref!r}")
    if ref in sb.records["batch"]:
        raise rest_error(409, f"batch {ref} exists already (a batch ref is unique across all batches)")
    body = json_body(request)
    checksum, size = body.get("checksum"), body.get("size")
    if not isinstance(checksum, str) or not _MD5.match(checksum):
        raise rest_error(400, "checksum is required: the hex-encoded MD5 of the gzipped file")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise rest_error(400, "size is required: the size in bytes of the gzipped file")
    if size > sb.config.batch_max_bytes:
        raise rest_error(400, f"size {size} is over the {sb.config.batch_max_bytes}-byte limit of a batch file")
    record = sb.add_record("batch", {
        "checksum": checksum.lower(), "size": size, "status": "uploading",
        "location": f"{base_url(request)}/sandbox-batch-uploads/{ref}",
        "expiry": sb.now() + sb.config.batch_location_ttl, "log": None, "errors": [], "records": 0,
    }, ref=ref)
    return json_response(201, _status(request, record))


@routes("GET", r"/v2/batches/inspect")
def inspect_all(sb: State, request: httpx.Request) -> httpx.Response:
    rest_auth(sb, request)
    params = request.url.params
    wanted = {s for s in params.get("status", "").split(",") if s}
    try:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 10))
    except ValueError:
        raise rest_error(400, "offset and limit must be integers") from None
    found = [b for b in sb.records["batch"].values() if not wanted or b.data["status"] in wanted]
    items = [{"href": f"{base_url(request)}/v2/batches/inspect/{b.ref}", "ref": b.ref, "status": b.data["status"],
              **({"log": b.data["log"]} if b.data.get("log") else {}),
              "createdAt": iso(b.created_at), "modifiedAt": iso(b.modified_at)} for b in found[offset:offset + limit]]
    return json_response(200, {"totalCount": len(found), "offset": offset, "limit": limit, "items": items})


@routes("GET", r"/v2/batches/inspect/(?P<ref>[^/]+)")
def inspect_one(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    rest_auth(sb, request)
    return json_response(200, _status(request, sb.record("batch", ref, "batch"), inspect=True))


def _s3_error(status: int, code: str, message: str) -> HttpError:
    # the upload location stands for S3, which answers errors as XML
    xml = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return HttpError(httpx.Response(status, content=xml.encode(), headers={"Content-Type": "application/xml"}))


@routes("PUT", r"/sandbox-batch-uploads/(?P<ref>[^/]+)")
def upload(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    record = sb.records["batch"].get(ref)
    if record is None:
        raise _s3_error(404, "NoSuchUpload", f"no upload location allocated for batch {ref}")
    d = record.data
    if sb.now() > d["expiry"]:
        raise _s3_error(403, "AccessDenied", "Request has expired (an upload location is valid for one hour)")
    if d["status"] != "uploading":
        raise _s3_error(403, "AccessDenied", f"batch {ref} was uploaded already")
    raw = body_bytes(request)
    if len(raw) > sb.config.batch_max_bytes:
        raise _s3_error(400, "EntityTooLarge", f"a batch file is at most {sb.config.batch_max_bytes} bytes")
    digest = hashlib.md5(raw).digest()
    sent_md5 = request.headers.get("Content-MD5")
    if sent_md5 is not None and sent_md5.strip() != base64.b64encode(digest).decode():
        raise _s3_error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
    record.modified_at = sb.now()
    if digest.hex() != d["checksum"] or len(raw) != d["size"]:
        d["status"] = "corrupted"  # the MD5 checksum or the size does not match the allocation
        return httpx.Response(200)
    _process(sb, request, record, raw)
    return httpx.Response(200)


@routes("GET", r"/sandbox-batch-logs/(?P<ref>[^/]+)")
def error_log(sb: State, request: httpx.Request, ref: str) -> httpx.Response:
    record = sb.records["batch"].get(ref)
    if record is None or not record.data.get("log"):
        raise _s3_error(404, "NoSuchKey", f"no error log for batch {ref}")
    text = "".join(json.dumps(e) + "\n" for e in record.data["errors"])
    return httpx.Response(200, content=text.encode(), headers={"Content-Type": "application/json"})


def _process(sb: State, request: httpx.Request, batch_record: Record, raw: bytes) -> None:
    d = batch_record.data
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        d["status"] = "error"  # not gzip: "error" without a log (documented)
        return
    errors: list[JSON] = []
    count = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        count += 1
        try:
            entry = json.loads(line)
        except ValueError as e:
            errors.append({"ref": None, "code": 400, "message": f"Validation error: line {count} is not JSON ({e})"})
            continue
        problem = _apply(sb, entry)
        if problem:
            errors.append({"ref": entry.get("ref") if isinstance(entry, dict) else None,
                           "code": problem[0], "message": problem[1]})
    d["records"], d["errors"] = count, errors
    if errors:
        d["status"], d["log"] = "error", f"{base_url(request)}/sandbox-batch-logs/{batch_record.ref}"
    else:
        d["status"] = "success"


def _apply(sb: State, entry: Any) -> tuple[int, str] | None:
    """Apply one record; a (code, message) for the error log when it cannot be applied."""
    if not isinstance(entry, dict):
        return 400, "Validation error: a record is a JSON object"
    missing = [k for k in ("ref", "schema", "mode", "value") if k not in entry]
    if missing:
        return 400, f"Validation error: missing {', '.join(missing)}"
    if entry["schema"] not in SCHEMAS:
        return 400, f"Validation error: schema must be one of {', '.join(SCHEMAS)}"
    if entry["mode"] not in MODES:
        return 402, f"Unsupported mode {entry['mode']!r} (supported: {', '.join(MODES)})"
    value = entry["value"]
    if not isinstance(value, dict):
        return 400, "Validation error: value is a JSON object"
    try:
        if entry["schema"] == "guest":
            return _apply_guest(sb, entry["mode"], value)
        if entry["schema"] == "order":
            return _apply_order(sb, value)
    except HttpError as e:
        return 400, f"Validation error: {json.loads(e.response.content).get('message')}"
    return None  # tracking records are accepted and not modelled by the sandbox


def _identify(sb: State, value: JSON) -> Guest | None:
    for ident in value.get("identifiers") or []:
        if isinstance(ident, dict) and ident.get("provider") and ident.get("id"):
            found = sb.find_guests(provider=str(ident["provider"]), ident=str(ident["id"]))
            if found:
                return found[0]
    if isinstance(value.get("email"), str):
        found = sb.find_guests(email=value["email"])
        if found:
            return found[0]
    return None


def _apply_guest(sb: State, mode: str, value: JSON) -> tuple[int, str] | None:
    if not value.get("identifiers") and not value.get("email"):
        return 400, "Identity information missing"
    value = dict(value)
    extensions = value.pop("extensions", None) or []
    guest = _identify(sb, value)
    if mode in ("delete", "gdpr_delete"):
        if guest is None:
            return 404, "Guest not found"
        sb.delete_guest(guest)
        return None
    fields = validate_guest_fields(value, require_type=guest is None or mode in ("insert", "create"))
    if guest is None:
        guest = sb.create_guest(**fields)
    elif mode in ("insert", "create"):
        guest.data = fields
    else:
        guest.data.update(fields)
    for ext in extensions if isinstance(extensions, list) else []:
        if isinstance(ext, dict) and ext.get("name"):
            guest.extensions[str(ext["name"])] = {k: v for k, v in ext.items() if k not in ("name", "key")}
    guest.modified_at = sb.now()
    return None


def _apply_order(sb: State, value: JSON) -> tuple[int, str] | None:
    value = dict(value)
    contact = value.pop("contact", None) or value.pop("contacts", None)
    if isinstance(contact, list):
        contact = contact[0] if contact else None
    items = value.pop("orderItems", None) or []
    guest = _identify(sb, contact) if isinstance(contact, dict) else None
    if isinstance(contact, dict) and guest is None:
        return 400, "Identity information missing"
    order = create_order(sb, validate_order(value, "v2.1"), guest.ref if guest else None)
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            sb.add_record("orderItem", dict(item), parent=order.ref)
    return None

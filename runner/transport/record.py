"""Recording (``--record DIR``): a Sender that wraps another and keeps each live answer as a mock
file that ``--offline --mocks DIR`` replays, secrets scrubbed.

A secret the server echoed is written as a placeholder naming its variable (``{{*****:API_TOKEN}}``,
``runner.core.secrets.placeholder``) that replay fills with the value of the run it is replayed
in, so a check comparing the echo with the variable has the same outcome offline as live; a
secret no variable holds (a Basic header, a fetched OAuth2 token) is ``*****``. Files are
written again when the run ends, scrubbed with every secret the run learnt by then (a token a
test script stored after its response was recorded)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import httpx

from runner._files import dump_json
from runner.core.secrets import MASK, SECRET_FIELDS, SECRET_HEADERS, Masker, is_secret_name
from runner.model.collection import Collection, Request
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.transport.base import Sender, Sent
from runner.transport.mock_folders import recording_folder
from runner.transport.offline import item_keys, request_place

MOCK_FILE_VERSION = 1

#: Query parameters whose values are replaced by ``*****`` in recorded URLs (besides secret-looking names).
SECRET_PARAMS = frozenset({"client_key", "api_token", "access_token", "token", "key", "apikey", "api_key"})
#: Response headers not recorded: secrets, and values that change on every call or no longer apply
#: (httpx has already decoded the body, and computes the length again on replay).
DROPPED_HEADERS = SECRET_HEADERS | {
    "date", "server", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive",
    "age", "expires", "last-modified", "etag", "x-request-id", "x-correlation-id", "x-amzn-requestid",
    "x-amzn-trace-id", "cf-ray", "via", "strict-transport-security", "report-to", "nel",
}

def slug(text: str, limit: int = 60) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:limit].rstrip("-") or "item"



class RecordingSender:
    """Sends through `inner` and records every answer to a collection item (not token or script requests).

    One file per item, ``DIR/<collection stem>/<NN>-<slug of item path>.json``, holding every call
    of that item in this run (iterations, loops, retries) in order; the file is rewritten after each
    call, so recording again replaces it. Keys are sorted and no times or durations are kept.
    """

    def __init__(self, inner: Sender, record_dir: str, collection: Collection, masker: Masker,
                 secret_names: AbstractSet[str]) -> None:
        self.inner = inner
        self._folder = recording_folder(record_dir, collection.path)  # unique per collection, inside record_dir
        self._collection_name = collection.name
        self._masker = masker
        self._secret_names = secret_names
        self._keys = item_keys(collection.requests)
        self._index = {request_place(r): i for i, r in enumerate(collection.requests)}
        self._calls: dict[str, list[tuple[httpx.Request, Response]]] = {}  # as received: scrubbed when written
        self._files: dict[str, tuple[str, dict[str, Any]]] = {}  # item key -> file name, the rest of its document

    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        sent = self.inner.send(prepared, item)
        if item is not None and sent.response is not None and sent.wire is not None:
            self._record(item, sent.wire, sent.response)
        return sent

    def close(self) -> None:
        try:
            for key in self._files:  # again, with the secrets learnt since each file was written
                self._write(key)
        finally:
            self.inner.close()

    def _record(self, req: Request, wire: httpx.Request, response: Response) -> None:
        key = self._keys.get(request_place(req), req.item)
        self._calls.setdefault(key, []).append((wire, response))
        position = self._index.get(request_place(req), 0)
        width = max(2, len(str(len(self._index))))
        occurrence = key.rpartition("#")[2] if "#" in key[len(req.item):] else ""
        name = f"{position + 1:0{width}d}-{slug(req.item)}{'-' + occurrence if occurrence else ''}.json"
        doc: dict[str, Any] = {"version": MOCK_FILE_VERSION, "collection": self._collection_name, "item": req.item}
        if occurrence:
            doc["occurrence"] = int(occurrence)
        self._files[key] = (name, doc)
        self._write(key)

    def _write(self, key: str) -> None:
        name, doc = self._files[key]
        names = SECRET_FIELDS | {n.lower() for n in self._secret_names}
        calls = [{"request": scrub_request(wire, self._masker, names),
                  "response": scrub_response(response, self._masker, names)} for wire, response in self._calls[key]]
        self._folder.mkdir(parents=True, exist_ok=True)
        text = dump_json({**doc, "calls": calls}, indent=2, sort_keys=True) + "\n"
        (self._folder / name).write_text(text, encoding="utf-8")


def scrub_url(url: httpx.URL, masker: Masker, names: AbstractSet[str]) -> str:
    """The URL with secret values scrubbed, and the values of secret query parameters too. The
    query is scrubbed as it was sent, not decoded and encoded again (which changes what a
    part of a secret looks like)."""
    parts = urlsplit(str(url))
    query = "&".join(_scrub_param(pair, masker, names) for pair in parts.query.split("&")) if parts.query else ""
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"  # user:password@ is never recorded
    return urlunsplit((parts.scheme, netloc, masker.scrub(parts.path), query, ""))


def _scrub_param(pair: str, masker: Masker, names: AbstractSet[str]) -> str:
    key, sep, value = pair.partition("=")
    name = unquote_plus(key).lower()
    if sep and value and (name in SECRET_PARAMS or name in names or is_secret_name(name)):
        return f"{masker.scrub(key)}={_field(unquote_plus(value), masker)}"
    return masker.scrub(pair)


def scrub_request(request: httpx.Request, masker: Masker, names: AbstractSet[str]) -> dict[str, Any]:
    """What a mock file keeps of the request: method, path (matched on replay) and scrubbed URL."""
    return {"method": request.method, "path": masker.scrub(request.url.path) or "/",
            "url": scrub_url(request.url, masker, names)}


def scrub_json(value: Any, names: AbstractSet[str], masker: Masker) -> Any:
    if isinstance(value, dict):
        return {k: (_field(v, masker) if k.lower() in names and v not in (None, "") else scrub_json(v, names, masker))
                for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_json(v, names, masker) for v in value]
    if isinstance(value, str):
        return masker.scrub(value)
    return value


def _field(value: Any, masker: Masker) -> Any:
    """A field or parameter named like a secret: its value's placeholder when it is a known
    variable's value, else ``*****`` whatever it holds."""
    if isinstance(value, str):
        scrubbed = masker.scrub(value)
        if scrubbed != value:
            return scrubbed
    return MASK


def scrub_response(response: Response, masker: Masker, names: AbstractSet[str]) -> dict[str, Any]:
    """A mock ``{status, headers, json | text}`` of a live response, secrets scrubbed."""
    headers: dict[str, str] = {}
    for k, v in response.headers.multi_items():
        if k.lower() in DROPPED_HEADERS:
            continue
        headers[k.lower()] = (headers[k.lower()] + ", " if k.lower() in headers else "") + masker.scrub(v)
    out: dict[str, Any] = {"status": response.status, "headers": dict(sorted(headers.items()))}
    body = response.json_or_error()
    if response.content and not isinstance(body, Exception):
        out["json"] = scrub_json(body, names, masker)
    else:
        out["text"] = masker.scrub(response.text)
    return out

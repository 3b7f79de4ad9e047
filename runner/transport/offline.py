"""Offline answers (``--offline``) and recording of live answers (``--record DIR``).

Offline, every request is still built by httpx (URL, headers, body encoding, auth) and then
answered by one respx router per run instead of the network. Its routes, in order:

1. the request's own mocks (native ``mock``; Postman saved examples), matched on the item;
2. mock files from ``--mocks DIR`` (written by ``--record``), matched on method, path
   (id-like segments are wildcards) and item;
3. a placeholder answer to OAuth2 client-credentials token requests (no server to check them).

Anything else is a failed request with a reason naming the method and URL. See docs/offline.md.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import respx
from respx.patterns import Lookup, M, Pattern

from runner.errors import InputError
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.transport.http import DEFAULT_TIMEOUT_MS, build_request, describe_fault
from runner._files import read_json
from runner.model.collection import Request
from runner.core.secrets import MASK, SECRET_HEADERS, is_secret_name

ITEM_EXTENSION = "cdp_runner.item"  # httpx request extension naming the collection item being sent
DELAY_EXTENSION = "cdp_runner.delay_ms"  # httpx response extension: how long the mock waits
OFFLINE_TOKEN = "offline-placeholder-token"
MOCK_FILE_VERSION = 1

#: JSON body fields whose values are replaced by ``*****`` in recorded files.
SECRET_FIELDS = frozenset({
    "access_token", "accesstoken", "refresh_token", "refreshtoken", "id_token", "idtoken", "token",
    "client_secret", "clientsecret", "password", "api_token", "apitoken", "client_key", "clientkey",
    "api_key", "apikey",
})
#: Query parameters whose values are replaced by ``*****`` in recorded URLs (besides secret-looking names).
SECRET_PARAMS = frozenset({"client_key", "api_token", "access_token", "token", "key", "apikey", "api_key"})
#: Response headers not recorded: secrets, and values that change on every call or no longer apply
#: (httpx has already decoded the body, and computes the length again on replay).
DROPPED_HEADERS = SECRET_HEADERS | {
    "date", "server", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive",
    "age", "expires", "last-modified", "etag", "x-request-id", "x-correlation-id", "x-amzn-requestid",
    "x-amzn-trace-id", "cf-ray", "via", "strict-transport-security", "report-to", "nel",
}
_ID_SEGMENT = re.compile(r"^(?:[0-9a-fA-F-]{8,}|\d+|.*\*{5}.*)$")


class ItemPattern(Pattern):
    """respx pattern: the collection item a request was sent for (an httpx request extension).

    Used as an object, never by keyword through respx's registry: the key is set after the
    class exists so that re-importing this module (pytester's in-process runs) does not hit
    respx's "key already defined" check.
    """

    lookups = (Lookup.EQUAL,)

    def parse(self, request: httpx.Request) -> Any:
        return request.extensions.get(ITEM_EXTENSION)


ItemPattern.key = "cdp_runner_item"


class OfflineMiss(Exception):
    """No route answered an offline request."""


@dataclass(slots=True)
class _Sequence:
    """Mocks served one per call; the last one repeats."""

    mocks: list[dict[str, Any]]
    calls: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        mock = self.mocks[min(self.calls, len(self.mocks) - 1)]
        self.calls += 1
        return to_response(mock, request)


@dataclass(slots=True)
class OfflineMocks:
    """The per-run respx router and the item keys of the run's requests."""

    router: respx.MockRouter
    keys: dict[int, str]  # id(Request) -> item key
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        # A mocked 3xx is answered as declared: following it would need a mock for its target.
        self.client = httpx.Client(transport=httpx.MockTransport(self.router.handler), follow_redirects=False)

    def key(self, req: Request) -> str:
        return self.keys.get(id(req)) or req.item


# ------------------------------------------------------------------------------ building


def item_keys(requests: list[Request]) -> dict[int, str]:
    """A stable key per request: its item path, plus ``#N`` for the N-th repeat of the same path."""
    seen: dict[str, int] = {}
    keys: dict[int, str] = {}
    for req in requests:
        n = seen.get(req.item, 0)
        seen[req.item] = n + 1
        keys[id(req)] = req.item if n == 0 else f"{req.item}#{n}"
    return keys


def to_response(mock: dict[str, Any], request: httpx.Request | None = None) -> httpx.Response:
    """An httpx response from a mock ``{status, headers, json | text, delayMs}``."""
    headers = dict(mock.get("headers") or {})
    has_type = any(k.lower() == "content-type" for k in headers)
    if "json" in mock:
        content = json.dumps(mock["json"], ensure_ascii=False).encode()
        if not has_type:
            headers["Content-Type"] = "application/json"
    else:
        content = str(mock.get("text") or "").encode()
        if not has_type and content:
            headers["Content-Type"] = "text/plain; charset=utf-8"
    headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "content-encoding",
                                                                     "transfer-encoding")}
    return httpx.Response(int(mock.get("status") or 200), headers=headers, content=content, request=request,
                          extensions={DELAY_EXTENSION: float(mock.get("delayMs") or 0)})


def path_pattern(path: str) -> re.Pattern[str]:
    """A regex for a recorded path: id-like and masked segments match any segment."""
    parts = ["[^/]+" if _ID_SEGMENT.match(seg) else re.escape(seg) for seg in path.split("/")]
    return re.compile("^" + "/".join(parts) + "$")


def build(run: Any) -> OfflineMocks:
    """The run's router: the requests' own mocks, the collection's mocks, ``--mocks DIR`` files,
    then OAuth2 token requests (first match wins)."""
    router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
    keys = item_keys(run.collection.requests)
    for req in run.collection.requests:
        if req.mocks:
            router.route(ItemPattern(keys[id(req)])).mock(side_effect=_Sequence(list(req.mocks)))
    for mock in run.collection.mocks:
        router.route(_collection_pattern(run, mock)).mock(side_effect=_Sequence(_as_list(mock["response"])))
    if run.options.mocks_dir:
        for key, method, path, mocks in load_mock_dir(run.options.mocks_dir, run.collection.path):
            router.route(ItemPattern(key) & M(method=method, path__regex=path_pattern(path))) \
                .mock(side_effect=_Sequence(mocks))
    router.route(M(method="POST", data__contains={"grant_type": "client_credentials"})).mock(
        return_value=httpx.Response(200, json={"access_token": OFFLINE_TOKEN, "token_type": "Bearer",
                                               "expires_in": 3600, "scope": "offline"}))
    return OfflineMocks(router, keys)


def _as_list(response: Any) -> list[dict[str, Any]]:
    return list(response) if isinstance(response, list) else [response]


def _collection_pattern(run: Any, mock: dict[str, Any]) -> Any:
    """A collection-level mock's route: method (if given) and a path, or a URL prefix, with variables filled in."""
    from runner.core.template import render

    url = render(mock["url"], run.variables, where=f"{run.collection.path}#/mocks", strict=False)
    pattern = M(path=url) if url.startswith("/") else M(url__startswith=url.split("?", 1)[0])
    return pattern & M(method=mock["method"]) if mock.get("method") else pattern


def mocks_for(run: Any) -> OfflineMocks:
    """The run's offline mocks, built on first use and cached on the run."""
    mocks = getattr(run, "_mocks", None)
    if mocks is None:
        mocks = build(run)
        run._mocks = mocks
    return mocks


def offline_transport(run: Any) -> httpx.MockTransport:
    """The transport of the run's own session offline (OAuth2 token requests): the router, never the network."""

    def handle(request: httpx.Request) -> httpx.Response:
        try:
            return mocks_for(run).router.handler(request)
        except AssertionError:  # respx: not mocked
            raise httpx.ConnectError(f"offline: no mock for {request.method} {request.url}", request=request)

    return httpx.MockTransport(handle)


# ------------------------------------------------------------------------------ offline


def respond_offline(run: Any, req: Request, prepared: Prepared) -> tuple[Response | None, str | None, httpx.Request | None]:
    """Answer ``prepared`` from the run's mocks; nothing goes over the network."""
    mocks = mocks_for(run)
    try:
        request = build_request(mocks.client, prepared)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
        return None, f"invalid request: {exc}", None
    request.extensions[ITEM_EXTENSION] = mocks.key(req)
    started = time.perf_counter()
    try:
        response = mocks.client.send(request)
    except AssertionError:  # respx: not mocked
        url = run.masker(str(request.url))
        return None, (f"offline: no mock for {request.method} {url} (declare \"mock\" on the request or in "
                      "the collection's \"mocks\", add a Postman example, or record one with --record DIR)"), request
    except httpx.HTTPError as exc:
        return None, describe_fault(exc, prepared), request
    delay = float(response.extensions.get(DELAY_EXTENSION) or 0)
    read_ms = prepared.read_ms or DEFAULT_TIMEOUT_MS
    if delay:
        time.sleep(min(delay, read_ms) / 1000)
        if delay > read_ms:
            return None, f"read timeout: no response within {read_ms:g} ms", request
    elapsed = (time.perf_counter() - started) * 1000
    return Response(response.status_code, response.reason_phrase, response.headers, response.content, elapsed), \
        None, request


# ------------------------------------------------------------------------------ mock files


def collection_stem(path: str) -> str:
    """``close-session.json`` -> ``close-session``; ``x.postman_collection.json`` -> ``x.postman``.

    A native collection and a Postman one of the same name keep their recordings apart.
    """
    name = Path(path).name
    if name.endswith(".json"):
        name = name[: -len(".json")]
    if name.endswith(".postman_collection"):
        name = name[: -len("_collection")]
    return name or "collection"


def slug(text: str, limit: int = 60) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:limit].rstrip("-") or "item"


def load_mock_dir(directory: str, collection_path: str) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(item key, method, path, mocks) routes from ``DIR/<collection stem>/*.json`` (or ``DIR/*.json``)."""
    base = Path(directory)
    if not base.is_dir():
        raise InputError("--mocks: not a folder", file=directory)
    folder = base / collection_stem(collection_path)
    if not folder.is_dir():
        folder = base
    routes: list[tuple[str, str, str, list[dict[str, Any]]]] = []
    for file in sorted(folder.glob("*.json")):
        doc = read_json(str(file))
        if not isinstance(doc, dict) or not isinstance(doc.get("item"), str) or not isinstance(doc.get("calls"), list):
            raise InputError("not a cdp-runner mock file (expected {\"item\", \"calls\": [...]})", file=str(file),
                             place="/")
        key = doc["item"] if not doc.get("occurrence") else f"{doc['item']}#{doc['occurrence']}"
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for i, call in enumerate(doc["calls"]):
            try:
                method, path, response = call["request"]["method"], call["request"]["path"], call["response"]
                if not isinstance(response, dict):
                    raise TypeError
            except (KeyError, TypeError):
                raise InputError("a call needs request.method, request.path and a response object",
                                 file=str(file), place=f"/calls/{i}") from None
            grouped.setdefault((str(method).upper(), str(path)), []).append(response)
        routes.extend((key, method, path, mocks) for (method, path), mocks in grouped.items())
    return routes


# ------------------------------------------------------------------------------ recording


@dataclass(slots=True)
class _Recording:
    keys: dict[int, str]
    index: dict[int, int]  # id(Request) -> position in the collection
    calls: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def record(run: Any, req: Request, sent_request: httpx.Request | None, response: Response) -> None:
    """Save a live response as a mock file ``--offline --mocks DIR`` replays (secrets scrubbed).

    One file per item, ``DIR/<collection stem>/<NN>-<slug of item path>.json``, holding every call
    of that item in this run (iterations, loops) in order; the file is rewritten after each call,
    so recording again replaces it. Keys are sorted and no times or durations are kept.
    """
    if sent_request is None:
        return
    rec: _Recording | None = getattr(run, "_recording", None)
    if rec is None:
        requests = run.collection.requests
        rec = _Recording(item_keys(requests), {id(r): i for i, r in enumerate(requests)})
        run._recording = rec
    key = rec.keys.get(id(req), req.item)
    calls = rec.calls.setdefault(key, [])
    calls.append({"request": scrub_request(run, sent_request), "response": scrub_response(run, response)})
    position = rec.index.get(id(req), 0)
    width = max(2, len(str(len(rec.index))))
    occurrence = key.rpartition("#")[2] if "#" in key[len(req.item):] else ""
    name = f"{position + 1:0{width}d}-{slug(req.item)}{'-' + occurrence if occurrence else ''}.json"
    doc: dict[str, Any] = {"version": MOCK_FILE_VERSION, "collection": run.collection.name, "item": req.item,
                           "calls": calls}
    if occurrence:
        doc["occurrence"] = int(occurrence)
    folder = Path(run.options.record_dir) / collection_stem(run.collection.path)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (folder / name).write_text(text, encoding="utf-8")


def _secret_field_names(run: Any) -> set[str]:
    return SECRET_FIELDS | {n.lower() for n in run.secret_names}


def scrub_url(run: Any, url: httpx.URL) -> str:
    """The URL with secret query values replaced by ``*****`` and known secret values masked."""
    secret_names = _secret_field_names(run)
    params = [(k, MASK if k.lower() in SECRET_PARAMS or k.lower() in secret_names or is_secret_name(k) else v)
              for k, v in url.params.multi_items()]
    parts = urlsplit(str(url))
    query = urlencode(params, safe="*")
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"  # user:password@ is never recorded
    return run.masker(urlunsplit((parts.scheme, netloc, parts.path, query, ""))) or ""


def scrub_request(run: Any, request: httpx.Request) -> dict[str, Any]:
    """What a mock file keeps of the request: method, path (matched on replay) and scrubbed URL."""
    return {"method": request.method, "path": run.masker(request.url.path) or "/", "url": scrub_url(run, request.url)}


def scrub_json(value: Any, names: set[str], masker: Any) -> Any:
    if isinstance(value, dict):
        return {k: (MASK if k.lower() in names and value[k] not in (None, "") else scrub_json(v, names, masker))
                for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_json(v, names, masker) for v in value]
    if isinstance(value, str):
        return masker(value)
    return value


def scrub_response(run: Any, response: Response) -> dict[str, Any]:
    """A mock ``{status, headers, json | text}`` of a live response, secrets scrubbed."""
    headers: dict[str, str] = {}
    for k, v in response.headers.multi_items():
        if k.lower() in DROPPED_HEADERS:
            continue
        headers[k.lower()] = (headers[k.lower()] + ", " if k.lower() in headers else "") + (run.masker(v) or "")
    out: dict[str, Any] = {"status": response.status, "headers": dict(sorted(headers.items()))}
    body = response.json_or_error()
    if response.content and not isinstance(body, Exception):
        out["json"] = scrub_json(body, _secret_field_names(run), run.masker)
    else:
        out["text"] = run.masker(response.text) or ""
    return out

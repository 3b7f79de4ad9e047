"""Offline answers (``--offline``): a Sender that answers from mocks, never the network.

Every request is still built by httpx (URL, headers, body encoding, auth) and then
answered by one respx router per run instead of the network. Its routes, in order:

1. the request's own mocks (native ``mock``; Postman saved examples), matched on the item;
2. mock files from ``--mocks DIR`` (written by ``--record``), matched on method, path
   (id-like segments are wildcards) and item; the secrets a recording holds as placeholders
   (``{{*****:NAME}}``) are answered with the run's current value of NAME;
3. a placeholder answer to OAuth2 client-credentials token requests (no server to check them).

Anything else is a failed request with a reason naming the method and URL. Recording the
files it replays is runner.transport.record. See docs/offline.md.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import respx
from respx.patterns import Lookup, M, Pattern

from runner._files import dump_json, utf8
from runner.core.secrets import Masker, fill
from runner.core.template import render
from runner.core.variables import Variables
from runner.errors import FailureKind, InputError
from runner.load.mock_files import read_mock_file
from runner.model.collection import Collection, Request
from runner.model.prepared import Prepared
from runner.model.response import Response
from runner.transport.base import Sent
from runner.transport.http import DEFAULT_TIMEOUT_MS, build_request, describe_fault, fault_kind
from runner.transport.mock_folders import replay_folder

ITEM_EXTENSION = "cdp_runner.item"  # httpx request extension naming the collection item being sent
DELAY_EXTENSION = "cdp_runner.delay_ms"  # httpx response extension: how long the mock waits
OFFLINE_TOKEN = "offline-placeholder-token"
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


@dataclass(slots=True)
class _Sequence:
    """Mocks served one per call; the last one repeats."""

    mocks: list[dict[str, Any]]
    lookup: Any = None  # recorded mocks: name -> the current value of a variable, for placeholders
    calls: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        mock = self.mocks[min(self.calls, len(self.mocks) - 1)]
        self.calls += 1
        if self.lookup is not None:
            mock = _filled(mock, self.lookup)
        return to_response(mock, request)


def _filled(value: Any, lookup: Any) -> Any:
    """A recorded mock with each secret placeholder replaced by the variable's current value."""
    if isinstance(value, str):
        return fill(value, lookup)
    if isinstance(value, dict):
        return {k: _filled(v, lookup) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, lookup) for v in value]
    return value


# ------------------------------------------------------------------------------ building


def request_place(req: Request) -> tuple[str, str, str]:
    """What tells a collection's requests apart, the same for every copy of one (a native file's
    requests are built anew each time the run reaches them): place in the file, id, item path."""
    return req.pointer, req.id, req.item


def item_keys(requests: Sequence[Request]) -> dict[tuple[str, str, str], str]:
    """A stable key per request: its item path, plus ``#N`` for the N-th repeat of the same path."""
    seen: dict[str, int] = {}
    keys: dict[tuple[str, str, str], str] = {}
    for req in requests:
        n = seen.get(req.item, 0)
        seen[req.item] = n + 1
        keys[request_place(req)] = req.item if n == 0 else f"{req.item}#{n}"
    return keys


def to_response(mock: dict[str, Any], request: httpx.Request | None = None) -> httpx.Response:
    """An httpx response from a mock ``{status, headers, json | text, delayMs}``."""
    headers = dict(mock.get("headers") or {})
    has_type = any(k.lower() == "content-type" for k in headers)
    if "json" in mock:
        content = utf8(dump_json(mock["json"]))
        if not has_type:
            headers["Content-Type"] = "application/json"
    else:
        content = utf8(str(mock.get("text") or ""))
        if not has_type and content:
            headers["Content-Type"] = "text/plain; charset=utf-8"
    raw = [(_header_bytes(str(k)), _header_bytes(str(v))) for k, v in headers.items()
           if str(k).lower() not in ("content-length", "content-encoding", "transfer-encoding")]
    return httpx.Response(int(mock.get("status") or 200), headers=raw, content=content, request=request,
                          extensions={DELAY_EXTENSION: float(mock.get("delayMs") or 0)})


def _header_bytes(text: str) -> bytes:
    """A header as a server sends it: each character one Latin-1 byte, as responses are read (so a
    recorded value is answered as it was received); other text as its UTF-8 bytes."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return utf8(text)


def path_pattern(path: str) -> re.Pattern[str]:
    """A regex for a recorded path: id-like and masked segments match any segment."""
    parts = ["[^/]+" if _ID_SEGMENT.match(seg) else re.escape(seg) for seg in path.split("/")]
    return re.compile("^" + "/".join(parts) + "$")


class OfflineSender:
    """Answers every request from the run's mocks (first match wins): the requests' own mocks,
    the collection's mocks, ``--mocks DIR`` files, then OAuth2 client-credentials token requests.

    Bad ``--mocks`` files are input errors when it is made, before anything runs.
    """

    def __init__(self, collection: Collection, variables: Variables, masker: Masker,
                 mocks_dir: str | None = None) -> None:
        self._masker = masker
        self.router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        self._keys = item_keys(collection.requests)
        for req in collection.requests:
            if req.mocks:
                self.router.route(ItemPattern(self._keys[request_place(req)])).mock(side_effect=_Sequence(list(req.mocks)))
        for mock in collection.mocks:
            pattern = _collection_pattern(mock, variables, collection.path)
            self.router.route(pattern).mock(side_effect=_Sequence(_as_list(mock["response"])))
        if mocks_dir:
            for key, method, path, mocks in load_mock_dir(mocks_dir, collection.path):
                self.router.route(ItemPattern(key) & M(method=method, path__regex=path_pattern(path))) \
                    .mock(side_effect=_Sequence(mocks, variables.get))
        self.router.route(M(method="POST", data__contains={"grant_type": "client_credentials"})).mock(
            return_value=httpx.Response(200, json={"access_token": OFFLINE_TOKEN, "token_type": "Bearer",
                                                   "expires_in": 3600, "scope": "offline"}))
        # A mocked 3xx is answered as declared: following it would need a mock for its target.
        self._client = httpx.Client(transport=httpx.MockTransport(self.router.handler), follow_redirects=False)

    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        """Answer `prepared` from the mocks; nothing goes over the network."""
        try:
            request = build_request(self._client, prepared)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
            return Sent(None, f"invalid request: {exc}", None)
        if item is not None:
            request.extensions[ITEM_EXTENSION] = self._keys.get(request_place(item)) or item.item
        started = time.perf_counter()
        try:
            response = self._client.send(request)
        except AssertionError:  # respx: not mocked
            url = self._masker(str(request.url))
            return Sent(None, f"offline: no mock for {request.method} {url} (declare \"mock\" on the request or "
                              "in the collection's \"mocks\", add a Postman example, or record one with --record DIR)",
                        request)
        except httpx.HTTPError as exc:
            return Sent(None, describe_fault(exc, prepared), request, fault_kind(exc))
        delay = float(response.extensions.get(DELAY_EXTENSION) or 0)
        read_ms = prepared.read_ms or DEFAULT_TIMEOUT_MS
        if delay:
            time.sleep(min(delay, read_ms) / 1000)
            if delay > read_ms:
                return Sent(None, f"read timeout: no response within {read_ms:g} ms", request, FailureKind.TIMEOUT)
        elapsed = (time.perf_counter() - started) * 1000
        return Sent(Response(response.status_code, response.reason_phrase, response.headers, response.content,
                             elapsed), None, request)

    def close(self) -> None:
        self._client.close()


def _as_list(response: Any) -> list[dict[str, Any]]:
    return list(response) if isinstance(response, list) else [response]


def _collection_pattern(mock: dict[str, Any], variables: Variables, path: str) -> Any:
    """A collection-level mock's route: method (if given) and a path, or a URL prefix, with variables filled in."""
    url = render(mock["url"], variables, where=f"{path}#/mocks", strict=False)
    pattern = M(path=url) if url.startswith("/") else M(url__startswith=url.split("?", 1)[0])
    return pattern & M(method=mock["method"]) if mock.get("method") else pattern


# ------------------------------------------------------------------------------ mock files


def load_mock_dir(directory: str, collection_path: str) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(item key, method, path, mocks) routes from ``DIR/<collection stem>/*.json`` (or ``DIR/*.json``)."""
    base = Path(directory)
    if not base.is_dir():
        raise InputError("--mocks: not a folder", file=directory)
    folder = replay_folder(directory, collection_path)
    routes: list[tuple[str, str, str, list[dict[str, Any]]]] = []
    for file in sorted(folder.glob("*.json")):
        doc = read_mock_file(file)  # every field checked: exit 2 with its place, before anything runs
        key = doc["item"] if not doc.get("occurrence") else f"{doc['item']}#{doc['occurrence']}"
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for call in doc["calls"]:
            request = call["request"]
            grouped.setdefault((request["method"].upper(), request["path"]), []).append(call["response"])
        routes.extend((key, method, path, mocks) for (method, path), mocks in grouped.items())
    return routes

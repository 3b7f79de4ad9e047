"""Mock files (written by ``--record DIR``, replayed by ``--offline --mocks DIR``), checked field by
field when the folder is loaded: a wrong field is exit 2 naming the file and its JSON pointer,
before anything runs, never a crash in the middle of a run.

A mock file::

    {"version": 1, "collection": "...", "item": "Folder/Request", "occurrence": 2,
     "calls": [{"request": {"method": "GET", "path": "/v1/x", "url": "..."},
                "response": {"status": 200, "headers": {"name": "value"},
                             "json": <any JSON> | "text": "...", "delayMs": 0}}]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runner._files import json_type, pointer_escape, read_json
from runner.errors import InputError

#: The longest a mock may make a request wait (``delayMs``): one hour.
MAX_DELAY_MS = 3_600_000


def read_mock_file(file: Path) -> dict[str, Any]:
    """A mock file, every field checked; InputError with file and JSON pointer otherwise."""
    name = str(file)
    doc = read_json(file, what="mock file")
    if not isinstance(doc, dict) or not isinstance(doc.get("calls"), list):
        raise InputError("not a cdp-runner mock file (expected {\"item\", \"calls\": [...]})", file=name, place="/")
    _expect(isinstance(doc.get("item"), str), "\"item\" must be a string (the item's path)", name, "/item",
            doc.get("item"))
    occurrence = doc.get("occurrence")
    _expect(occurrence is None or (type(occurrence) is int and occurrence >= 0),
            "\"occurrence\" must be a whole number", name, "/occurrence", occurrence)
    for i, call in enumerate(doc["calls"]):
        where = f"/calls/{i}"
        _expect(isinstance(call, dict), "a call must be an object {\"request\", \"response\"}", name, where, call)
        request = call.get("request")
        _expect(isinstance(request, dict), "a call needs a request object", name, where + "/request", request)
        for key in ("method", "path"):
            _expect(isinstance(request.get(key), str) and request[key] != "", f"request.{key} must be a non-empty "
                    "string", name, f"{where}/request/{key}", request.get(key))
        check_response(call.get("response"), name, where + "/response")
    return doc


def check_response(mock: Any, file: str, where: str) -> None:
    """One mocked answer ``{status, headers, json | text, delayMs}``: each field of the type it needs."""
    _expect(isinstance(mock, dict), "a response must be an object {\"status\", \"headers\", \"json\" | \"text\"}",
            file, where, mock)
    status = mock.get("status")
    _expect(status is None or (type(status) is int and 100 <= status <= 599),
            "\"status\" must be a whole number from 100 to 599", file, where + "/status", status)
    headers = mock.get("headers")
    _expect(headers is None or isinstance(headers, dict), "\"headers\" must be an object {\"name\": \"value\"}",
            file, where + "/headers", headers)
    for key, value in (headers or {}).items():
        _expect(isinstance(value, str), "a header value must be a string", file,
                f"{where}/headers/{pointer_escape(key)}", value)
        _expect(key != "" and key.isascii() and key.isprintable() and ":" not in key and " " not in key,
                "not a valid header name", file, f"{where}/headers/{pointer_escape(key)}", key)
    text = mock.get("text")
    _expect(text is None or isinstance(text, str), "\"text\" must be a string", file, where + "/text", text)
    delay = mock.get("delayMs")
    _expect(delay is None or (type(delay) in (int, float) and 0 <= delay <= MAX_DELAY_MS),
            f"\"delayMs\" must be a number of milliseconds from 0 to {MAX_DELAY_MS}", file, where + "/delayMs", delay)


def _expect(ok: bool, message: str, file: str, place: str, got: Any) -> None:
    if not ok:
        shown = json_type(got)
        if isinstance(got, (str, int, float)) and not isinstance(got, bool):
            shown += f" {json.dumps(got, ensure_ascii=False)[:40]}"
        raise InputError(f"{message}, got {shown}", file=file, place=place)

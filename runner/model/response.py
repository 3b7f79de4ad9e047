"""The parts of an HTTP response that checks, captures and scripts look at."""

from __future__ import annotations

import json
from typing import Any

import httpx

from runner._files import nesting_beyond
from runner.errors import QueryError

#: How deep a response's JSON may nest for checks, captures and recordings to read it (what walks it
#: after parsing recurses once or twice per level; Python stops near 1,000). Real APIs stay far below.
MAX_RESPONSE_DEPTH = 256


class Response:
    """The parts of an HTTP response that checks, captures and scripts look at."""

    __slots__ = ("status", "reason", "headers", "content", "time_ms", "_text", "_json")

    def __init__(self, status: int, reason: str, headers: httpx.Headers, content: bytes, time_ms: float) -> None:
        self.status, self.reason, self.headers = status, reason, headers
        self.content, self.time_ms = content, time_ms
        self._text: str | None = None
        self._json: Any = _UNPARSED

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = decode(self.content, _charset(self.headers))
        return self._text

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json_or_error(self) -> Any:
        """The parsed JSON body, or a QueryError saying why there is none (not raised)."""
        if self._json is _UNPARSED:
            text = self.text
            if nesting_beyond(text, MAX_RESPONSE_DEPTH) is not None:  # before the parser recurses that deep
                self._json = QueryError(f"response body is JSON nested too deeply (over {MAX_RESPONSE_DEPTH} levels)")
                return self._json
            try:
                self._json = json.loads(text)
            except ValueError as exc:
                ctype = self.headers.get("content-type", "no content type")
                self._json = QueryError(f"response body is not JSON ({ctype}): {exc.args[0]}")
            except RecursionError:
                self._json = QueryError("response body is JSON nested too deeply")
        return self._json


_UNPARSED = object()


def decode(content: bytes, charset: str) -> str:
    """`content` as text in `charset`; an unknown charset falls back to UTF-8 (bad bytes replaced),
    as Postman does, never an error."""
    try:
        return content.decode(charset, errors="replace")
    except LookupError:
        return content.decode("utf-8", errors="replace")


def _charset(headers: httpx.Headers) -> str:
    ctype = headers.get("content-type", "")
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"

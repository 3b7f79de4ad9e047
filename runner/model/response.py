"""The parts of an HTTP response that checks, captures and scripts look at."""

from __future__ import annotations

import json
from typing import Any

import httpx

from runner.errors import QueryError


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
            self._text = self.content.decode(_charset(self.headers), errors="replace")
        return self._text

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json_or_error(self) -> Any:
        """The parsed JSON body, or a QueryError saying why there is none (not raised)."""
        if self._json is _UNPARSED:
            try:
                self._json = json.loads(self.text)
            except ValueError as exc:
                ctype = self.headers.get("content-type", "no content type")
                self._json = QueryError(f"response body is not JSON ({ctype}): {exc.args[0]}")
        return self._json


_UNPARSED = object()


def _charset(headers: httpx.Headers) -> str:
    ctype = headers.get("content-type", "")
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"

"""Masking of secret values in everything the runner shows or writes."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "*****"
SECRET_NAME_PATTERNS = ("*SECRET*", "*PASSWORD*", "*TOKEN*", "*KEY*")
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
_MIN_LEN = 4  # shorter values would mask ordinary text ("1", "on")


#: names that say "this is where, not what": ESP_TOKEN_URL is an address and ESP_CLIENT_CERT a
#: certificate file's path, not a secret
_ADDRESS_SUFFIXES = ("_URL", "_URI", "_ENDPOINT", "_HOST", "_CERT", "_CERTIFICATE")


def is_secret_name(name: str) -> bool:
    upper = name.upper()
    if upper.endswith(_ADDRESS_SUFFIXES):
        return False
    return any(fnmatch.fnmatchcase(upper, p) for p in SECRET_NAME_PATTERNS)


class Masker:
    """Replaces known secret values (and their URL-encoded forms) by ``*****``."""

    __slots__ = ("_values", "_pattern")

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(*values)

    def add(self, *values: object) -> None:
        changed = False
        for v in values:
            if not isinstance(v, str) or len(v) < _MIN_LEN:
                continue
            for form in (v, quote(v, safe=""), quote_plus(v, safe=""), quote(v, safe="/:")):
                if form not in self._values:
                    self._values.add(form)
                    changed = True
        if changed:
            ordered = sorted(self._values, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(v) for v in ordered))

    def __call__(self, text: str | None) -> str | None:
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(MASK, text)

    def deep(self, value: Any) -> Any:
        """``value`` with every string inside it (JSON objects, arrays, keys) masked; for expected/actual."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(k) if isinstance(k, str) else k: self.deep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.deep(v) for v in value]
        return value

    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, MASK if k.lower() in SECRET_HEADERS else self(v) or "") for k, v in headers]

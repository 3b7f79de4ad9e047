"""API key: one header (default) or query parameter. It replaces a header or parameter of the same
name that the request already has, so the key is never sent twice (as Postman)."""

from __future__ import annotations

from typing import Any

from runner.core.auth._common import drop_query, same_header_name, text
from runner.model.prepared import Prepared

NAME = "apikey"
SECRETS = ("value",)


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    key, value = text(spec, "key"), text(spec, "value")
    if not (key or value):
        return
    if text(spec, "in", "header") == "query":
        drop_query(prepared, {key})
        prepared.params.append((key, value))
    else:
        prepared.headers = [(k, v) for k, v in prepared.headers if not same_header_name(k, key)]
        prepared.headers.append((key, value))

"""No auth: the request goes as written (Postman's ``noauth``; ``none`` in native collections)."""

from __future__ import annotations

from typing import Any

from runner.model.prepared import Prepared

NAME = "noauth"
SECRETS: tuple[str, ...] = ()


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    return None

"""Bearer token: ``Authorization: Bearer <token>``; an empty token sends no header at all (as Postman)."""

from __future__ import annotations

from typing import Any

from runner.core.auth._common import set_header, text
from runner.model.prepared import Prepared

NAME = "bearer"
SECRETS = ("token",)


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    token = text(spec, "token")
    if token:
        set_header(prepared, "Authorization", f"Bearer {token}")

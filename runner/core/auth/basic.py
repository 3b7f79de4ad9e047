"""Basic auth: ``Authorization: Basic base64(username:password)``, UTF-8, sent even when both are empty."""

from __future__ import annotations

from typing import Any

from runner.core.auth._common import set_header, text
from runner.core.auth.oauth2 import basic_header
from runner.model.prepared import Prepared

NAME = "basic"
SECRETS = ("password",)


def apply(spec: dict[str, Any], prepared: Prepared, tokens: Any) -> None:
    set_header(prepared, "Authorization", basic_header(text(spec, "username"), text(spec, "password")))

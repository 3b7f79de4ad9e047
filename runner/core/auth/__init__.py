"""Authentication: one module per scheme, and here the one list of them (``SCHEMES``).

Every scheme module has ``NAME`` (its Postman type), ``SECRETS`` (the options that are credentials)
and ``apply(spec, prepared, tokens)``, which adds headers, query or body parameters to a Prepared
request, or an ``auth_flow`` for the schemes that answer a server's 401 challenge (digest, ntlm).
A spec is a rendered auth object: ``{"type": ..., <option>: <value>, ...}`` with Postman's option names.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from runner.core.auth import (
    apikey,
    awsv4,
    basic,
    bearer,
    digest,
    edgegrid,
    hawk,
    jwt,
    noauth,
    ntlm,
    oauth1,
    oauth2,
)
from runner.core.auth.oauth2 import TokenCache, basic_header, check_token_url, refresh
from runner.errors import AuthError
from runner.model.prepared import Prepared

SCHEMES: dict[str, ModuleType] = {m.NAME: m for m in (
    noauth, basic, bearer, apikey, oauth2, digest, oauth1, hawk, awsv4, ntlm, edgegrid, jwt)}
ALIASES = {"none": "noauth"}  # the native format's name for no auth
TYPES: tuple[str, ...] = tuple(SCHEMES) + tuple(ALIASES)

__all__ = ["AuthError", "TokenCache", "TYPES", "SCHEMES", "apply", "secret_values", "scheme", "refresh",
           "basic_header", "check_token_url"]


def scheme(kind: str) -> ModuleType | None:
    return SCHEMES.get(ALIASES.get(kind, kind))


def apply(spec: dict[str, Any] | None, prepared: Prepared, tokens: TokenCache) -> None:
    """Add the credentials a rendered auth spec describes to `prepared`; AuthError when they cannot be."""
    if not spec:
        return
    kind = str(spec.get("type", "noauth"))
    module = scheme(kind)
    if module is None:
        raise AuthError(f"unsupported auth type {kind!r} (supported: {', '.join(SCHEMES)})")
    module.apply(spec, prepared, tokens)


def secret_values(spec: dict[str, Any] | None) -> list[str]:
    """Every credential in a rendered spec (passwords, secrets, tokens, keys), for the masker."""
    if not spec:
        return []
    module = scheme(str(spec.get("type", "")))
    names = module.SECRETS if module is not None else ()
    return [v for v in (spec.get(n) for n in names) if isinstance(v, str) and v]

"""Variable scopes. Narrowest wins: globals < collection < environment < data < local."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCOPES = ("globals", "collection", "environment", "data", "local")
_NARROW_FIRST = tuple(reversed(SCOPES))
_MISSING = object()


class Variables:
    """All variable scopes of one run; values are JSON values (usually strings)."""

    __slots__ = ("scopes",)

    def __init__(self, **scopes: Mapping[str, Any]) -> None:
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise ValueError(f"unknown variable scope(s): {sorted(unknown)}")
        self.scopes: dict[str, dict[str, Any]] = {s: dict(scopes.get(s) or {}) for s in SCOPES}

    def lookup(self, name: str) -> Any:
        """The value of `name` from the narrowest scope that has it, or `MISSING`."""
        for scope in _NARROW_FIRST:
            values = self.scopes[scope]
            if name in values:
                return values[name]
        return _MISSING

    def get(self, name: str, default: Any = None) -> Any:
        value = self.lookup(name)
        return default if value is _MISSING else value

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not _MISSING

    def set(self, name: str, value: Any, scope: str = "local") -> None:
        self.scopes[scope][name] = value

    def apply(self, ops: Iterable[Any]) -> None:
        """Apply script variable operations (objects with scope, op, name, value)."""
        for op in ops:
            values = self.scopes[op.scope]
            if op.op == "set":
                values[op.name] = op.value
            elif op.op == "unset":
                values.pop(op.name, None)
            elif op.op == "clear":
                values.clear()

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """A copy of every scope, for scripts and exports."""
        return {scope: dict(values) for scope, values in self.scopes.items()}

    def merged(self) -> dict[str, Any]:
        """One flat mapping with precedence applied."""
        out: dict[str, Any] = {}
        for scope in SCOPES:
            out.update(self.scopes[scope])
        return out


MISSING = _MISSING

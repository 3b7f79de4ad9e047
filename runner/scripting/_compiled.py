"""The compiled scripts an engine context holds: script source -> its slot in pm.js's registry.

A run compiles each distinct script once and looks it up by source afterwards. A context keeps at most
`limit` of them: a new script takes the slot of the one used longest ago, and pm.js's ``register()``
replaces the function held there, which the engine then frees. Without a bound, a file whose items all
have scripts of their own (a literal differs) grows the context by every script it ever ran.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Slots a context keeps (about 1.5 kB of engine memory a short script); a run with more distinct
#: scripts than this in each iteration compiles them again in the next.
COMPILED_LIMIT = 512


class CompiledScripts:
    """Script source -> slot, least recently used first."""

    __slots__ = ("limit", "_slots")

    def __init__(self, limit: int = COMPILED_LIMIT) -> None:
        self.limit = max(1, int(limit))
        self._slots: dict[str, int] = {}

    def get(self, source: str) -> int | None:
        """The slot of `source`, now the most recently used; None when it is not compiled here."""
        slots = self._slots
        index = slots.pop(source, None)
        if index is not None:
            slots[source] = index
        return index

    def next_slot(self) -> int:
        """The slot a new script is registered in: a new one, or the least recently used one's when full."""
        slots = self._slots
        if len(slots) < self.limit:
            return len(slots)  # slots 0 .. len-1 are taken: none is freed before the limit is reached
        return slots[next(iter(slots))]

    def add(self, source: str, index: int) -> None:
        """Record `source` as registered in `index` (what next_slot() gave), dropping the script it replaced."""
        slots = self._slots
        if len(slots) >= self.limit:
            del slots[next(iter(slots))]
        slots[source] = index

    def __len__(self) -> int:
        return len(self._slots)

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __contains__(self, source: object) -> bool:
        return source in self._slots

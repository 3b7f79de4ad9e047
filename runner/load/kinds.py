"""Plug-in request kinds for native collections (Tavern-style): an item that is neither a folder
nor a ``request`` is loaded by the kind named by one of its keys, e.g. ``"connection"``.

Kinds are found through the entry-point group ``cdp_runner.kinds`` (name = the item key, value =
a function ``(item, json_pointer, file) -> Request``), so the loader and the engine never import
one. This package's own kind, Personalize connections, is registered in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any

from runner.errors import InputError
from runner.model.collection import Request

GROUP = "cdp_runner.kinds"
ItemLoader = Callable[[Mapping[str, Any], str, str], Request]


@lru_cache(maxsize=1)
def _registered() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def kind_of(node: Mapping[str, Any]) -> str | None:
    """The installed kind that claims `node` (by one of its keys), or None."""
    kinds = _registered()
    return next((key for key in node if key in kinds), None)


def load_item(node: Mapping[str, Any], where: str, file: str) -> Request:
    """The Request a kind makes of `node`; InputError when no installed kind claims it."""
    kinds = _registered()
    for key in node:
        if key in kinds:
            loader: ItemLoader = kinds[key].load()
            return loader(node, where, file)
    known = ", ".join(sorted(kinds)) or "none installed"
    raise InputError(f"an item needs \"request\", \"items\" or the key of a request kind ({known})",
                     file=file, place=where)

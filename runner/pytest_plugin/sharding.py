"""pytest plugin: with pytest-split (``--splits N --group K``), keep each collection whole on one
shard. A collection's requests share variables (captures, script ``set``s), so a shard holding
request 2 without request 1 would fail; pytest-split itself splits test by test.

Rule, the same on every shard: a collection runs on the shard pytest-split gave its first
request to, and all its requests run there. So the shards together still run every test
exactly once. Registered as the ``pytest11`` entry point ``cdp_runner_sharding``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> Generator[None, Any, Any]:
    before = list(items) if _splitting(config) else None
    result = yield
    if before is not None:
        whole = keep_collections_whole(before, items)
        removed = [i for i in items if i not in set(whole)]
        items[:] = whole
        if removed:
            config.hook.pytest_deselected(items=removed)
    return result


def _splitting(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "splits", None)) and bool(getattr(config.option, "group", None))


def keep_collections_whole(before: list[pytest.Item], chosen: list[pytest.Item]) -> list[pytest.Item]:
    """`chosen` (this shard's items), with each collection either wholly in or wholly out."""
    group_of: dict[pytest.Item, str] = {}
    members: dict[str, list[pytest.Item]] = {}
    for item in before:
        group = _collection(item)
        if group is not None:
            group_of[item] = group
            members.setdefault(group, []).append(item)
    kept = set(chosen)
    out: list[pytest.Item] = []
    placed: set[str] = set()
    for item in chosen:
        group = group_of.get(item)
        if group is None:
            out.append(item)  # an ordinary test: as pytest-split chose
        elif group not in placed and members[group][0] in kept:
            out.extend(members[group])  # the shard with the first request runs them all, in order
            placed.add(group)
    return out


def _collection(item: pytest.Item) -> str | None:
    """The collection file a cdp-runner request item belongs to (None for other tests)."""
    driver = getattr(item, "driver", None)
    return getattr(driver, "group", None) if item.get_closest_marker("cdp") is not None else None

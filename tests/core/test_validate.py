"""The check before a run (runner.core.validate) on a lazily loaded native file: it reads what
loading noted of each request (the variables it sets and reads), so it builds no request unless
one uses a name nothing defines, and then names it at its place as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_json

from runner.core.plan import check
from runner.errors import InputError
from runner.load import load_collection
from runner.model.collection import LazyRequests
from runner.model.options import RunOptions


def _items(n: int, last_url: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = [
        {"name": f"r{i}", "request": {"method": "GET", "url": "{{BASE}}/x"}, "capture": {"TOKEN": "$.t"}}
        for i in range(n)]
    items.append({"name": "last", "request": {"method": "GET", "url": last_url}})
    return items


def _builds(collection: object, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    requests = collection.requests  # type: ignore[attr-defined]
    assert isinstance(requests, LazyRequests)
    built: list[int] = []
    build = requests._build

    def counting(i: int) -> object:
        built.append(i)
        return build(i)

    monkeypatch.setattr(requests, "_build", counting)
    return built


def test_the_check_builds_no_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_json(tmp_path / "c.json", {"name": "c", "variables": {"BASE": "http://127.0.0.1:9"},
                                             "items": _items(50, "{{BASE}}/{{TOKEN}}")})
    collection = load_collection(path)
    built = _builds(collection, monkeypatch)
    check(collection, None, RunOptions())
    assert built == []


def test_an_unknown_name_is_still_named_at_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_json(tmp_path / "c.json", {"name": "c", "variables": {"BASE": "http://127.0.0.1:9"},
                                             "items": _items(50, "{{BASE}}/{{TOKN}}")})
    collection = load_collection(path)
    built = _builds(collection, monkeypatch)
    with pytest.raises(InputError) as info:
        check(collection, None, RunOptions())
    assert "unknown variable 'TOKN'" in str(info.value) and "did you mean" in str(info.value).lower()
    assert "/items/50/request/url" in str(info.value)
    assert built == [50]  # only the request that holds it

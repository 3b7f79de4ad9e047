"""The check before a run (runner.core.validate) on a lazily loaded native file: it reads what
loading noted of each request (the variables it sets and reads), so it builds no request unless
one uses a name nothing defines, and then names it at its place as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_json
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.core import usage
from runner.core.plan import check
from runner.core.template import find_names
from runner.errors import InputError
from runner.load import load_collection
from runner.model.collection import LazyRequests, Request
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


_TEMPLATED = st.sampled_from(["{{A}}", "{{ B }}", "${C}", "{{$guid}}", "x", "{{A}}/{{D}}", "{{", "}}", "{{E", ""])


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.tuples(_TEMPLATED, _TEMPLATED, _TEMPLATED), min_size=1, max_size=8),
       kept=st.integers(1, 5))
def test_the_names_a_request_reads_are_found_in_its_templates(texts: list[tuple[str, str, str]], kept: int) -> None:
    """What loading notes a request reads (a text's names kept per text, the store cleared when full)
    is what its templates name, request after request."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(usage, "_NAMES_KEPT", kept)
        for url, value, header in texts:
            req = Request(id="0", name="r", item="r", folders=(), method="GET", url=url, pointer="/items/0",
                          query=[("q", value)], headers=[("X-H", header)], messages={"m": {"k": value + url}})
            found = usage.uses_of(req)
            assert found is not None
            assert found.reads == {name for _, text in usage.templated(req) for name in find_names(text)}

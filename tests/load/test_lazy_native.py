"""Native collections are loaded lazily (issue 17): each Request is built from its place in the file
when asked for, so memory stays near the file's size; the Requests, the checks made at load and
every error are those of the eager loader."""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import read_report, run_cli

from runner._files import parse_json, read_text
from runner.errors import InputError
from runner.load import load_collection
from runner.load.native import from_native
from runner.model.collection import LazyRequests, Request, find_request

CHECKS = [{"status": 201}, {"that": "$.status", "equals": "OK", "name": "session closed"},
          {"that": "$.ref", "exists": True}, {"that": "$.items", "length": 2}, {"that": "header X", "matches": "^a"}]


def request_item(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "POST", "url": "{{BASE}}/v1/{{id}}", "query": {"n": 1, "q": "x"},
                                      "headers": {"X-Own": "1"}, "body": {"json": {"a": [1, "{{id}}"]}}},
            "assert": CHECKS, **extra}


# Keys in every order: "items" before the settings it inherits, at the top and in folders.
COLLECTION: dict[str, Any] = {
    "items": [
        request_item("first", capture={"id": "$.ref", "ref/x": {"from": "body", "regex": "r(.)"}}),
        {"items": [
            request_item("inner", prerequest={"messages": {"m": {"type": "VIEW", "page": "{{id}}"}}}),
            {"name": "deeper", "items": [request_item("deepest", tags=["t2"], mock={"status": 200})],
             "auth": {"type": "bearer", "token": "{{T}}"}},
            request_item("same name"), request_item("same name", tests="pm.test('x', () => {});"),
        ], "name": "folder", "headers": {"X-Folder": "f"}, "tags": ["t1"], "tests": ["// folder test"]},
        {"name": "empty folder", "items": []},
        {"name": "text", "request": {"method": "GET", "url": None, "body": {"form": {"a": "b"}},
                                     "timeout": {"connectMs": 5, "readMs": 7}}},
        {"name": "conn", "connection": {"auth": {"type": "none"}, "request": {"method": "POST", "url": "https://h.example/x/${email}",
                                                    "body": '{"e": "${email}"}'}},
         "testValues": {"email": "a@b.c"}},
    ],
    "name": "lazy", "headers": {"X-Top": "t"}, "variables": {"BASE": "http://127.0.0.1:9", "T": "tok"},
    "secrets": ["T"], "tags": ["top"], "prerequest": {"script": ["// top script"]},
    "mocks": [{"method": "GET", "url": "http://x/", "response": {"status": 204}}],
}


def eager(path: Path) -> Any:
    return from_native(parse_json(read_text(path), file=str(path)), str(path))


def write(tmp_path: Path, text: str, name: str = "c.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("indent", [None, 2])
def test_the_requests_are_those_of_the_eager_loader(tmp_path: Path, indent: int | None) -> None:
    path = write(tmp_path, json.dumps(COLLECTION, indent=indent))
    lazy, expected = load_collection(path), eager(path)
    assert isinstance(lazy.requests, LazyRequests)
    assert list(lazy.requests) == expected.requests and len(lazy.requests) == 7
    assert lazy.requests[-1] == expected.requests[-1] and lazy.requests[1:3] == expected.requests[1:3]
    assert (lazy.name, lazy.variables, lazy.secret_names, lazy.tags, lazy.mocks, lazy.has_scripts) == \
        (expected.name, expected.variables, expected.secret_names, expected.tags, expected.mocks, True)
    assert lazy.requests[1].pointer == "/items/1/items/0" and lazy.requests[2].folders == ("folder", "deeper")


def test_the_native_keys_are_the_schemas() -> None:
    from runner.load import NATIVE_KEYS
    from runner.load.native import schema

    assert set(NATIVE_KEYS) == set(schema()["properties"])


def test_has_scripts_is_known_without_building(tmp_path: Path) -> None:
    without = {"name": "c", "items": [request_item("a"), {"name": "f", "items": [request_item("b")]}]}
    assert load_collection(write(tmp_path, json.dumps(without))).has_scripts is False
    with_script = {"name": "c", "items": [request_item("a"), {"name": "f", "items": [request_item("b")],
                                                               "prerequest": {"script": "1"}}]}
    assert load_collection(write(tmp_path, json.dumps(with_script))).has_scripts is True


BAD = {
    "schema violation in the last item": '{"name": "c", "items": [{"name": "a", "request": {"method": "GET", '
                                         '"url": "u"}}, {"name": "b", "request": {"method": "GET"}}]}',
    "bad check after a schema violation": '{"name": "c", "items": [{"name": "a", "request": {"method": "GET", '
                                          '"url": "u"}, "assert": [{"that": "$.[", "exists": true}]}, '
                                          '{"name": "b", "request": {"url": "u"}}]}',
    "bad regex in a folder": '{"items": [{"items": [{"name": "a", "request": {"method": "GET", "url": "u"}, '
                             '"assert": [{"that": "body", "matches": "("}]}], "name": "f"}], "name": "c"}',
    "trailing comma": '{"name": "c", "items": [{"name": "a", "request": {"method": "GET", "url": "u"}},]}',
    "messages on a folder": '{"name": "c", "items": [{"name": "f", "items": [], "prerequest": '
                            '{"messages": {"m": {}}}}]}',
    "a repeated items key": '{"name": "c", "items": [], "items": [1]}',
    "junk after the document": '{"name": "c", "items": []} x',
    "folder named late and wrongly": '{"items": [{"items": [], "name": 5}], "name": "c"}',
}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_errors_are_those_of_the_eager_loader(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as expected:
        eager(path)
    with pytest.raises(InputError) as got:
        load_collection(path)
    assert (got.value.message, got.value.place) == (expected.value.message, expected.value.place)


def test_a_repeated_items_key_counts_the_last_one_as_json_does(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"name": "c", "items": []})[:-1] + ', "items": [' +
                 json.dumps(request_item("a")) + "]}")
    assert list(load_collection(path).requests) == eager(path).requests


def bench_like(count: int) -> dict[str, Any]:
    return {"name": "big", "items": [{
        "name": f"FORCE_CLOSE {i:05d}",
        "prerequest": {"messages": {"message": {"channel": "WEB", "type": "FORCE_CLOSE", "page": f"page {i}",
                                                "pos": "{{POS}}"}}},
        "request": {"method": "GET", "url": "{{BASE_URL}}/v1.2/event/create.json",
                    "query": {"client_key": "{{CLIENT_KEY}}", "message": "{{message}}"}},
        "assert": CHECKS[:3]} for i in range(count)]}


def test_memory_kept_after_loading_stays_near_the_file_size(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps(bench_like(2000), indent=1))
    load_collection(path)  # imports, schema validators
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        collection = load_collection(path)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(collection.requests) == 2000
    # the text itself plus a little per item; Request objects for every item were over 4 times the file
    assert kept < 1.5 * path.stat().st_size, (kept, path.stat().st_size)


def test_set_next_request_finds_its_target_without_building_requests(tmp_path: Path) -> None:
    collection = load_collection(write(tmp_path, json.dumps(bench_like(50))))
    requests = collection.requests
    assert isinstance(requests, LazyRequests)
    built: list[int] = []
    build = requests._build

    def counting(index: int) -> Request:
        built.append(index)
        return build(index)

    requests._build = counting
    assert find_request(requests, "FORCE_CLOSE 00042") == 42 and find_request(requests, "7") == 7
    assert find_request(requests, "nothing") is None and built == []
    everything = list(requests)
    for target in ("FORCE_CLOSE 00003", "12", 12, None):  # as a linear search over the requests finds it
        assert find_request(requests, target) == find_request(everything, target)


def test_repeated_item_paths_keep_their_own_mocks_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = [{"name": "same", "request": {"method": "GET", "url": "http://127.0.0.1:9/x"},
              "mock": {"status": status}, "assert": [{"status": status}]} for status in (201, 202, 203)]
    path = write(tmp_path, json.dumps({"name": "c", "items": items}))
    code, out = run_cli(capsys, "run", str(path), "--offline", "-r", "json", "--report-dir", str(tmp_path / "r"))
    assert code == 0, out
    assert [e["response"]["status"] for e in read_report(tmp_path / "r")["executions"]] == [201, 202, 203]

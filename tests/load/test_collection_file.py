"""``is_collection_file`` (folders) and ``examine_collection_file`` (pytest collection): the same
answer as reading the file whole (read_json) and testing what it holds, for every kind of file; a file that is no JSON object (a
data file's array) is told by its first bytes, the rest unread; an object is not checked for its
nesting unless it is a collection."""

from __future__ import annotations

import codecs
import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runner import _files
from runner.errors import InputError
from runner.load import examine_collection_file, is_collection_data, is_collection_file

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
REQUEST = {"name": "r", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}
CONNECTION = {"name": "c", "connection": {"request": {"method": "GET", "url": "http://127.0.0.1:9/"}}}


def full_check(path: Path) -> bool:
    """The answer from the whole file, parsed and checked by read_json (what is_collection_file did
    for every file before it read only the start of some)."""
    if path.suffix != ".json" or path.name.endswith((".postman_environment.json", ".schema.json")):
        return False
    try:
        data = _files.read_json(path)
    except InputError:
        return path.name.endswith(".postman_collection.json")
    return is_collection_data(data)


def deep(levels: int) -> str:
    return '{"name": "d", "items": [], "variables": {"v": ' + "[" * levels + "]" * levels + "}}"


CONTENTS: dict[str, str | bytes] = {
    "native": json.dumps({"name": "n", "items": [REQUEST]}),
    "native, items first": json.dumps({"items": [REQUEST], "tags": ["a"], "name": "n"}),
    "native keys after an unknown first key": json.dumps({"debug": True, "name": "n", "items": []}),
    "native, indented": json.dumps({"name": "n", "items": [REQUEST]}, indent=4),
    "native, broken at the end": json.dumps({"name": "n", "items": [REQUEST]})[:-1],
    "native, trailing comma": '{"name": "n", "items": [],}',
    "native, second key repeated": '{"name": "n", "items": [], "items": 3}',
    "native, escaped key": '{"n\\u0061me": "n", "items": []}',
    "native, 128 levels": deep(127),
    "native, 129 levels": deep(128),
    "native, 2000 levels": deep(2000),
    "native, integer too long": '{"name": "n", "items": [], "variables": {"v": ' + "7" * 5000 + "}}",
    "native, long integer and too deep": deep(200)[:-2] + ', "w": ' + "7" * 5000 + "}}",
    "settings": json.dumps({"name": "not a collection", "debug": True}),
    "postman v2.1": json.dumps({"info": {"name": "p", "schema": V21}, "item": []}),
    "postman v2.0, info last": json.dumps({"item": [], "variable": [], "info": {"name": "p", "schema": V20}}),
    "postman, broken": json.dumps({"info": {"name": "p", "schema": V21}, "item": []})[:-2],
    "postman v1": json.dumps({"name": "v1", "order": [], "requests": [], "folders": []}),
    "connection item": json.dumps(CONNECTION),
    "object with request and name": json.dumps(REQUEST),
    "environment": json.dumps({"name": "e", "values": [{"key": "a", "value": "b"}]}),
    "globals": json.dumps({"id": "g", "name": "Globals", "values": [], "_postman_variable_scope": "globals"}),
    "schema": json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}),
    "array of rows": json.dumps([{"name": "n", "items": []}, {"a": 1}]),
    "array, broken": "[1, 2",
    "string": '"{\\"name\\": 1}"',
    "number": "42",
    "null": "null",
    "true": "true",
    "empty": "",
    "whitespace": " \n\t\r ",
    "5000 spaces, then an array": " " * 5000 + "[]",
    "5000 spaces, then a collection": " " * 5000 + json.dumps({"name": "n", "items": []}),
    "form feed first": "\f" + json.dumps({"name": "n", "items": []}),
    "non-breaking space first": "\u00a0" + json.dumps({"name": "n", "items": []}),
    "comment first": "// a collection\n" + json.dumps({"name": "n", "items": []}),
    "BOM, native": codecs.BOM_UTF8 + json.dumps({"name": "n", "items": []}).encode(),
    "BOM, array": codecs.BOM_UTF8 + b"[]",
    "two BOMs, native": codecs.BOM_UTF8 * 2 + json.dumps({"name": "n", "items": []}).encode(),
    "UTF-16 LE with BOM, native": json.dumps({"name": "n", "items": []}).encode("utf-16"),
    "UTF-16 BE with BOM, array": codecs.BOM_UTF16_BE + b"[]".decode().encode("utf-16-be"),
    "UTF-16 LE, no BOM, native": json.dumps({"name": "n", "items": []}).encode("utf-16-le"),
    "UTF-16 BE, no BOM, array": json.dumps([1, 2, 3, 4]).encode("utf-16-be"),
    "not UTF-8, native": json.dumps({"name": "n", "items": []}).encode()[:-1] + b"\xff}",
    "not UTF-8, array": b"[1, \xff]",
    "not UTF-8 first": b"\xff{}",
    "Latin-1 name": '{"name": "caf\xe9", "items": []}'.encode("latin-1"),
    "big native": json.dumps({"name": "n", "items": [REQUEST] * 20_000}),
    "big array": json.dumps([{"name": f"row {i}", "items": [i]} for i in range(20_000)]),
}


@pytest.mark.parametrize("name", ["x.json", "x.postman_collection.json", "x.postman_environment.json", "x.txt"])
@pytest.mark.parametrize("content", list(CONTENTS), ids=list(CONTENTS))
def test_answers_as_reading_the_whole_file(tmp_path: Path, content: str, name: str) -> None:
    path = tmp_path / name
    text = CONTENTS[content]
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    expected = outcome(full_check, path)
    assert outcome(is_collection_file, path) == expected
    found = outcome(lambda p: examine_collection_file(p)[0], path)  # the same, loading a native file as it goes
    assert found == expected


def outcome(check: Callable[[Path], bool], path: Path) -> Any:
    try:
        return check(path)
    except ValueError as exc:  # an integer too long for the parser: both raise it, as read_json does
        return type(exc)


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # opening it for reading would block until a writer comes: the test would hang


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "missing.json")


def _folder(path: Path) -> None:
    path.mkdir()


def _too_large(path: Path) -> None:
    with open(path, "wb") as fh:  # sparse: a size past the limit without writing it
        fh.write(b"[")
        fh.truncate(_files.MAX_INPUT_BYTES + 10)


@pytest.mark.parametrize("name", ["x.json", "x.postman_collection.json"])
@pytest.mark.parametrize("make", [_fifo, _dev_zero, _dangling, _folder, _too_large])
def test_special_files_are_answered_unread(tmp_path: Path, make: Callable[[Path], None], name: str) -> None:
    path = tmp_path / name
    make(path)
    assert is_collection_file(path) is full_check(path) is name.endswith(".postman_collection.json")


def test_a_big_json_array_is_told_by_its_start(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([{"name": f"row {i}", "items": [i, {"a": [i]}]} for i in range(100_000)]))
    assert path.stat().st_size > 4_000_000
    tracemalloc.start()
    try:
        assert not is_collection_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000, f"{peak:,} bytes at the peak: the file was read whole"


def test_an_object_that_is_no_collection_is_not_checked_for_its_nesting(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps({"users": [{"name": f"u{i}", "roles": [["a"], ["b"]]} for i in range(20_000)]}))
    scanned: list[int] = []

    def counting(real: Any) -> Any:
        def count(text: str, *args: Any) -> Any:
            scanned.append(len(text))
            return real(text, *args)
        return count

    import runner.load

    for module, name in ((_files, "nesting_beyond"), (_files, "_valid_json_depth"), (runner.load, "nesting_beyond"),
                         (runner.load, "valid_json_depth")):  # every way of counting the nesting
        if hasattr(module, name):
            monkeypatch.setattr(module, name, counting(getattr(module, name)))
    assert not is_collection_file(path)
    assert scanned == []
    collection = path.with_name("collection.json")
    collection.write_text(json.dumps({"name": "n", "items": [REQUEST] * 200}))
    assert is_collection_file(collection)
    assert scanned == [len(collection.read_text())]  # a collection still is, once

"""Input files read as Newman reads them (issue 13, point 10): UTF-16 and BOM-prefixed environments,
globals and data files; CSV as lenient as csv-parse with Newman's options; ``"disabled": true``
environment values ignored. The expected rows were taken from Newman 6.2 (csv-parse 4) runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runner.errors import InputError
from runner.load.data import load_data
from runner.load.environment import load_environment

ENV = {"name": "e", "values": [{"key": "x", "value": "é 1"}]}
ENCODINGS = {
    "utf-8 BOM": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "utf-16-le BOM": lambda text: ("\ufeff" + text).encode("utf-16-le"),
    "utf-16-be BOM": lambda text: ("\ufeff" + text).encode("utf-16-be"),
    "utf-16-le": lambda text: text.encode("utf-16-le"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_postman_environment_in_any_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "e.postman_environment.json"
    path.write_bytes(ENCODINGS[encoding](json.dumps(ENV, ensure_ascii=False)))
    assert load_environment(path).values == {"x": "é 1"}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_data_and_dotenv_in_any_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "d.csv").write_bytes(ENCODINGS[encoding]("a,b\n\"é\",x y\n"))
    (tmp_path / "d.json").write_bytes(ENCODINGS[encoding]('[{"a": "é"}]'))
    (tmp_path / "d.env").write_bytes(ENCODINGS[encoding]("A=é\n"))
    assert load_data(str(tmp_path / "d.csv")) == [{"a": "é", "b": "x y"}]
    assert load_data(str(tmp_path / "d.json")) == [{"a": "é"}]
    assert load_environment(tmp_path / "d.env").values == {"A": "é"}


def test_broken_utf16_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "e.postman_environment.json"
    path.write_bytes(b"\xff\xfe{\x00\x00\xd8")  # a lone surrogate
    with pytest.raises(InputError, match="not valid UTF-16 text") as info:
        load_environment(path)
    assert info.value.file == str(path)


def test_disabled_environment_values_are_ignored(tmp_path: Path) -> None:
    doc = {"name": "e", "values": [{"key": "x", "value": "1"}, {"key": "x", "value": "2", "disabled": True},
                                  {"key": "y", "value": "3", "disabled": True},
                                  {"key": "z", "value": "4", "disabled": False}]}
    path = tmp_path / "e.postman_environment.json"
    path.write_text(json.dumps(doc))
    assert load_environment(path).values == {"x": "1", "z": "4"}


CSV_ROWS: list[tuple[str, list[dict[str, Any]]]] = [
    ("a,b\n\n1,2\n", [{"a": ""}, {"a": 1, "b": 2}]),
    ("a,b\n 1 , x y \n", [{"a": 1, "b": "x y"}]),
    ('a , b\n"q" , "r s"\n', [{"a": "q", "b": "r s"}]),
    ('a,b\nfoo "bar" baz,2\n', [{"a": 'foo "bar" baz', "b": 2}]),
    ("a,b\n1\n", [{"a": 1}]),
    ("a,b\n1,2,3\n", [{"a": 1, "b": 2}]),
    ("a,b\r\n1,2", [{"a": 1, "b": 2}]),
    ('a\n0\n05\n1.0\n0x10\n1e3\n-3\n+4\n.5\nInfinity\n"7"\n 8 \n',
     [{"a": 0}, {"a": 5}, {"a": 1}, {"a": 0}, {"a": 1000}, {"a": -3}, {"a": 4}, {"a": 0.5}, {"a": "Infinity"},
      {"a": "7"}, {"a": 8}]),
    ("a,a\n1,2\n", [{"a": 2}]),
    ('a,b\n"x""y",2\n', [{"a": 'x"y', "b": 2}]),
    ("a\n\n\n", [{"a": ""}, {"a": ""}]),
    ('a\n"multi\nline"\n', [{"a": "multi\nline"}]),
]


@pytest.mark.parametrize(("text", "rows"), CSV_ROWS)
def test_csv_read_as_newman_reads_it(tmp_path: Path, text: str, rows: list[dict[str, Any]]) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode())
    assert load_data(str(path)) == rows


@pytest.mark.parametrize(("text", "place", "message"), [
    ('a,b\n"x"y,2\n', "2:4", "after a closing quote"),
    ('a,b\n1,2\n"open,2\n', "3:1", "never closed"),
])
def test_csv_that_newman_refuses_is_bad_input(tmp_path: Path, text: str, place: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        load_data(str(path))
    assert info.value.place == place


def test_json_data_whatever_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text(' [{"a": 1}]\n')
    assert load_data(str(path)) == [{"a": 1}]


def test_v1_collection_converted_on_load(tmp_path: Path) -> None:
    """v1: folders (sub-folders first) before top-level requests, headers as lines (// disables),
    bodies from dataMode, legacy scripts and auth helpers, collection variables."""
    from runner.load import load_collection

    v1 = {"id": "c", "name": "legacy", "order": ["top"], "folders_order": ["f"],
          "variables": [{"key": "v", "value": "1"}],
          "folders": [{"id": "f", "name": "F", "order": ["b", "a"], "folders_order": ["sub"]},
                      {"id": "sub", "name": "Sub", "order": ["s"]}],
          "requests": [
              {"id": "a", "name": "A", "url": "http://h/a", "method": "POST", "headers": "X-A: 1\n// X-Off: 2\n",
               "dataMode": "urlencoded", "data": [{"key": "k", "value": "v", "type": "text", "enabled": True},
                                                  {"key": "off", "value": "x", "type": "text", "enabled": False}]},
              {"id": "b", "name": "B", "url": "http://h/b", "method": "PUT", "dataMode": "raw", "rawModeData": "hi",
               "preRequestScript": "pre();", "tests": "tests['t'] = true;",
               "currentHelper": "basicAuth", "helperAttributes": {"id": "basic", "username": "u", "password": "p"}},
              {"id": "s", "name": "S", "url": "http://h/s", "method": "GET"},
              {"id": "top", "name": "Top", "url": "http://h/top", "method": "GET"}]}
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(v1))
    c = load_collection(path)
    assert [r.item for r in c.requests] == ["F/Sub/S", "F/B", "F/A", "Top"]
    a, b = c.requests[2], c.requests[1]
    assert a.headers == [("X-A", "1")] and a.body is not None and a.body.value == [("k", "v")]
    assert b.body is not None and b.body.value == "hi"
    assert [s.source for s in b.prerequest] == ["pre();"] and [s.source for s in b.tests] == ["tests['t'] = true;"]
    assert b.auth == {"type": "basic", "username": "u", "password": "p"}
    assert c.variables == {"v": "1"}


@pytest.mark.parametrize(("url", "expected"), [
    ({"protocol": "http", "host": ["h"], "port": "1", "path": ["get"], "query": [{"key": "a", "value": "1"},
                                                                                {"key": "b", "value": None}]},
     "http://h:1/get?a=1&b"),
    ({"raw": "http://h/items/:id/:other?:id=1", "variable": [{"key": "id", "value": "42"}]},
     "http://h/items/42/:other?:id=1"),
    ({"raw": "{{base}}/items/:id", "variable": [{"key": "id", "value": "{{v}}"}]}, "{{base}}/items/{{v}}"),
])
def test_postman_url_objects(url: dict[str, Any], expected: str) -> None:
    """A URL object without raw keeps its query[]; :name path segments take the url's variable values."""
    from runner.load.postman import url_text

    assert url_text(url) == expected

"""Hostile input files: nesting beyond any real file, special files, oversized files. Each is exit 2
naming the file (and the place), before anything is sent; never a crash (exit 3)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner import _files
from runner.cli.main import main
from runner.errors import InputError

DEEP = 100_000
POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _deep_native(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    body = "[" * DEEP + "]" * DEEP
    path.write_text('{"name": "deep", "items": [{"name": "a", "request": {"method": "POST", '
                    '"url": "http://127.0.0.1:9/x", "body": {"json": ' + body + "}}}]}")
    return path


def _deep_postman(tmp_path: Path) -> Path:
    path = tmp_path / "deep.postman_collection.json"
    folders = '{"name": "f", "item": [' * 400 + '{"name": "r", "request": "http://127.0.0.1:9/"}' + "]}" * 400
    path.write_text(json.dumps({"info": {"name": "d", "schema": POSTMAN_SCHEMA}, "item": ["@"]})
                    .replace('"@"', folders))
    return path


@pytest.mark.parametrize("command", [["run"], ["validate"], ["import"], ["export"]])
@pytest.mark.parametrize("make", [_deep_native, _deep_postman], ids=["native-body", "postman-folders"])
def test_deep_nesting_is_bad_input_with_its_place(command: list[str], make, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = make(tmp_path)
    if command == ["import"] and path.name == "deep.json":
        path = path.rename(tmp_path / "deep.postman_collection.json")
    code = main([*command, str(path), *(["-o", str(tmp_path / "out.json")] if command[0] in ("import", "export")
                                        else [])])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"{path}:1:" in err and "nesting depth limit" in err, err
    assert "Traceback" not in err


def test_nesting_guard_ignores_brackets_in_strings() -> None:
    text = json.dumps({"a": "[" * 1000, "b": "{" * 1000 + '\\"' + "[" * 10})
    assert _files.nesting_beyond(text, 3) is None
    assert _files.nesting_beyond("[[[[1]]]]", 3) == 3


def _nesting_by_hand(text: str, limit: int) -> int | None:
    """The guard's rule, one character at a time: a string runs to its closing quote (or the end),
    ``\\`` escaping the next character; a backslash before a line break ends it there."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        i += 1
        if c == '"':
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    if i + 1 >= n or text[i + 1] == "\n":
                        break
                    i += 1
                i += 1
            else:
                i += 1  # the closing quote (or past the end)
        elif c in "[{":
            depth += 1
            if depth > limit:
                return i - 1
        elif c in "]}":
            depth -= 1
    return None


@settings(max_examples=3000, deadline=None)
@given(text=st.lists(st.sampled_from(list('[]{}"\\ a\n') + ['[[', ']]', '"[', '\\"']), max_size=40).map("".join),
       limit=st.integers(0, 6))
def test_nesting_guard_counts_as_by_hand(text: str, limit: int) -> None:
    """Balanced or not, escaped, unclosed: the guard's answer is the one counted by hand."""
    assert _files.nesting_beyond(text, limit) == _nesting_by_hand(text, limit)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


_TRICKY_TEXT = st.text(alphabet=st.sampled_from(list('[]{}"\\ a\n\u00e9') + ["\ud800"]), max_size=8)
_JSON_VALUES = st.recursive(st.none() | st.integers() | _TRICKY_TEXT,
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY_TEXT, inner, max_size=3),
                            max_leaves=12)


@settings(max_examples=1500, deadline=None)
@given(value=_JSON_VALUES, ascii_only=st.booleans(), indent=st.sampled_from([None, 1]))
def test_fast_depth_of_valid_json_is_the_nesting(value: object, ascii_only: bool, indent: int | None) -> None:
    """parse_json's fast check: for any valid JSON (brackets, quotes and backslashes inside strings,
    escaped or not) the depth it counts is the real one, so it agrees with the guard."""
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    depth = _depth(value)
    assert _files._valid_json_depth(text) == depth
    assert _files.nesting_beyond(text, depth) is None
    assert depth == 0 or _files.nesting_beyond(text, depth - 1) is not None


@settings(max_examples=3000, deadline=None)
@given(text=st.lists(st.sampled_from(list('[]{}" a\n\u00e9\u20ac\ud800') + ['[[', ']]', '"[', '{"']), max_size=60)
       .map("".join), limit=st.integers(0, 6), chunk=st.integers(1, 9))
def test_nesting_guard_without_backslashes_counts_as_by_hand(text: str, limit: int, chunk: int) -> None:
    """A text without backslashes is read a chunk at a time (strings between quotes, brackets by
    bytes): strings and multi-byte characters across chunk ends, unclosed strings, unbalanced
    brackets all count as by hand."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_files, "_DEPTH_CHUNK", chunk)
        assert _files.nesting_beyond(text, limit) == _nesting_by_hand(text, limit)


def test_nesting_at_the_limit_loads(tmp_path: Path) -> None:
    depth = _files.MAX_JSON_DEPTH - 5  # the collection's own object, items, item, request, body
    path = tmp_path / "ok.json"
    path.write_text(json.dumps({"name": "ok", "items": [{"name": "a", "request": {
        "method": "POST", "url": "http://127.0.0.1:9/", "body": {"json": json.loads("[" * depth + "]" * depth)}}}]}))
    assert main(["validate", str(path)]) == 0


def test_special_file_behind_a_json_link_is_refused_unread(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    assert main(["run", str(link)]) == 2
    err = capsys.readouterr().err
    assert str(link) in err and "not a regular file (a character device)" in err


def test_fifo_is_refused_without_opening_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "env.json"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes: the test would hang
    for argv in (["run", str(tmp_path / "c.json"), "-e", str(fifo)], ["validate", str(fifo)]):
        (tmp_path / "c.json").write_text('{"name": "c", "items": []}')
        assert main(argv) == 2
        assert "not a regular file (a named pipe)" in capsys.readouterr().err


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"name": "big", "items": []}' + " " * 100)
    monkeypatch.setattr(_files, "MAX_INPUT_BYTES", 64)
    with pytest.raises(InputError, match=r"too large \(128 bytes; the limit is 64\)"):
        _files.read_json(path)
    monkeypatch.undo()
    assert _files.read_json(path) == {"name": "big", "items": []}


@pytest.mark.parametrize("option", ["--ca-cert", "--client-cert", "--ssl-extra-ca-certs"])
def test_tls_file_that_is_a_fifo_is_refused(option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "ca.pem"
    os.mkfifo(fifo)  # the TLS loader would block on it forever
    (tmp_path / "c.json").write_text('{"name": "c", "items": []}')
    assert main(["run", str(tmp_path / "c.json"), option, str(fifo)]) == 2
    assert f"{fifo}: not a regular file (a named pipe)" in capsys.readouterr().err

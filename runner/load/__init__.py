"""Load a collection file (native or Postman, told apart by content) into the model."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from runner._files import (
    MAX_JSON_DEPTH,
    START_BYTES,
    json_type,
    opens_object,
    parse_json,
    read_start,
    read_text,
)
from runner._files import (
    _valid_json_depth as valid_json_depth,  # the nesting of text json.loads took (exact for valid JSON only)
)
from runner.errors import InputError
from runner.model.collection import Collection

POSTMAN_SCHEMA_MARKERS = ("schema.getpostman.com", "schema.postman.com")
#: the keys of a native collection (its schema's top-level "properties"; tests/load keeps them equal)
NATIVE_KEYS = frozenset({"$schema", "auth", "description", "headers", "independentIterations", "items", "mocks",
                         "name", "prerequest", "sandbox", "secrets", "tags", "tests", "timeout", "variables"})
_FIRST_KEY = re.compile(r'[ \t\n\r]*\{[ \t\n\r]*"([^"\\]*)"')


def is_postman_collection(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    schema = (data.get("info") or {}).get("schema", "") if isinstance(data.get("info"), dict) else ""
    return isinstance(schema, str) and any(m in schema for m in POSTMAN_SCHEMA_MARKERS)


def is_collection_file(path: Path) -> bool:
    """Cheap test used for folders and pytest collection: a native or Postman collection?

    A file that is no JSON object (a data file's array, say) is told by its first bytes, the rest
    unread; an object is parsed, and its nesting checked only when it is a collection. The answers
    are those of read_json and is_collection_data, file by file."""
    return _examine(path, load=False)[0]


def examine_collection_file(path: Path) -> tuple[bool, Collection | None]:
    """is_collection_file, and the collection when the file is a native one that loads on the lazy
    path (then is_collection_file holds: it is valid JSON, nested within the limit, with "name" and
    "items"): one read of the file for both, for a file that is collected as soon as it is found."""
    return _examine(path, load=True)


def _examine(path: Path, *, load: bool) -> tuple[bool, Collection | None]:
    if path.suffix != ".json" or path.name.endswith((".postman_environment.json", ".schema.json")):
        return False, None
    unreadable = path.name.endswith(".postman_collection.json")  # what a file of that name is taken for
    try:
        if opens_object(read_start(path, START_BYTES, expected="a JSON file")) is False and not unreadable:
            return False, None
        text = read_text(path, what="collection file", expected="a JSON file")
    except InputError:
        return unreadable, None
    lazy = _load_lazily(text, str(path)) if load else None
    if lazy is not None:
        return True, lazy
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # as read_json: broken JSON (or a number too long), or nested too deeply
        return unreadable, None
    if not is_collection_data(data) and not unreadable:
        return False, None
    # as read_json: JSON nested too deeply is refused (json.loads took the text: its depth is counted fast)
    return (unreadable if valid_json_depth(text) > MAX_JSON_DEPTH else is_collection_data(data)), None


def is_collection_data(data: Any) -> bool:
    """Whether parsed JSON is a collection: Postman v2 or v1, native, or one item of a plug-in kind."""
    from runner.load.postman_v1 import is_v1_collection

    if is_postman_collection(data) or is_v1_collection(data) or \
            (isinstance(data, dict) and "items" in data and "name" in data):
        return True
    from runner.load.native import is_single_item

    return is_single_item(data)  # one connection item (or another kind's) as a collection


def load_collection(path: str | os.PathLike[str]) -> Collection:
    text = read_text(path, what="collection file", expected="a JSON file")
    lazy = _load_lazily(text, str(path))
    if lazy is not None:
        return lazy
    data = parse_json(text, file=str(path))
    del text
    if not isinstance(data, dict):
        raise InputError(f"expected a collection (a JSON object: native with \"name\" and \"items\", one "
                         f"connection item, or Postman v2.x), got {json_type(data)}", file=str(path), place="/")
    try:
        if is_postman_collection(data):
            from runner.load.postman import from_postman

            return from_postman(data, str(path))
        from runner.load.postman_v1 import is_v1_collection

        if is_v1_collection(data):  # converted on load, as Newman does
            return _from_postman_v1(data, str(path))
        from runner.load.native import from_native

        return from_native(data, str(path))
    except RecursionError:  # read_json bounds the nesting; a walk over it that still runs out of stack
        raise InputError("nested too deeply to load (folders inside folders, or a body's JSON)",
                         file=str(path), place="/") from None


def _load_lazily(text: str, file: str) -> Collection | None:
    """A native collection, its requests built as the run reaches them; None for another kind of
    file, or one with something to report (the eager path says what)."""
    first = _FIRST_KEY.match(text)
    if first is None or first.group(1) not in NATIVE_KEYS:  # not native (a Postman file starts "info")
        return None
    from runner.load.native_items import load

    return load(text, file)


def _from_postman_v1(data: dict[str, Any], file: str) -> Collection:
    from runner.load.postman import from_postman
    from runner.load.postman_v1 import v1_to_v2

    try:
        converted = v1_to_v2(data)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise InputError(f"not a valid Postman v1 collection: unexpected structure ({exc.__class__.__name__}: "
                         f"{exc})", file=file, place="/") from None
    return from_postman(converted, file)


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; folders expand to the collection files inside them, sorted."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*.json") if is_collection_file(f))
            if not found:
                raise InputError("no collection files in this folder", file=p)
            out.extend(str(f) for f in found)
        else:
            out.append(p)
    return out

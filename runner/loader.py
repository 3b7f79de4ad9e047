"""Load a collection file (native or Postman, told apart by content) into the model."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Collection

POSTMAN_SCHEMA_MARKERS = ("schema.getpostman.com", "schema.postman.com")


def read_json(path: str | os.PathLike[str], *, what: str = "file") -> Any:
    """Parse a JSON file; every failure is an InputError naming file and line:column.

    `what` names the file's role in "not found" messages ("data file", "environment file").
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a JSON file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected a JSON file", file=name, place=f"{line}:{col}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message, pos = _explain_json_error(exc)
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise InputError(f"invalid JSON: {message}", file=name, place=f"{line}:{col}") from None


def _explain_json_error(exc: json.JSONDecodeError) -> tuple[str, int]:
    """The json module's message made plainer for the usual mistakes, and where to point."""
    text, pos = exc.doc, exc.pos
    if not text.strip():
        return "the file is empty: expected a JSON document", 0
    before = len(text[:pos].rstrip())
    if before and text[before - 1] == "," and text[pos:pos + 1] in ("}", "]"):
        return f"trailing comma before {text[pos]!r} (JSON allows none): remove it", before - 1
    if pos >= len(text.rstrip()):
        return f"unexpected end of file ({exc.msg}): is a closing '}}' or ']' missing?", pos
    if exc.msg == "Extra data":
        return "extra data after the JSON document (expected one value only)", pos
    if exc.msg.startswith("Expecting property name") and text[pos:pos + 1] == "'":
        return "strings and names need double quotes, not single quotes", pos
    return f"{exc.msg} (found {text[pos]!r})", pos


def json_type(value: Any) -> str:
    """How messages name a JSON value's type: "an object", "an array", ..."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def is_postman_collection(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    schema = (data.get("info") or {}).get("schema", "") if isinstance(data.get("info"), dict) else ""
    return isinstance(schema, str) and any(m in schema for m in POSTMAN_SCHEMA_MARKERS)


def is_collection_file(path: Path) -> bool:
    """Cheap test used for folders and pytest collection: a native or Postman collection?"""
    if path.suffix != ".json" or path.name.endswith((".postman_environment.json", ".schema.json")):
        return False
    try:
        data = read_json(path)
    except InputError:
        return path.name.endswith(".postman_collection.json")
    return is_postman_collection(data) or (isinstance(data, dict) and "items" in data and "name" in data)


def load_collection(path: str | os.PathLike[str]) -> Collection:
    data = read_json(path, what="collection file")
    if not isinstance(data, dict):
        raise InputError(f"expected a collection (a JSON object: native with \"name\" and \"items\", or Postman "
                         f"v2.x), got {json_type(data)}", file=str(path), place="/")
    if is_postman_collection(data):
        from .postman import from_postman

        return from_postman(data, str(path))
    from .native import from_native

    return from_native(data, str(path))


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

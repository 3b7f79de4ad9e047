"""Reading the user's files: JSON with its place (line:column) on every failure, UTF-8 with the
byte that broke it, JSON-pointer escaping. The bottom layer: imports nothing of the package but
errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from runner.errors import InputError


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

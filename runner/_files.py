"""Reading the user's files: JSON with its place (line:column) on every failure, UTF-8 with the
byte that broke it, JSON-pointer escaping. The bottom layer: imports nothing of the package but
errors."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path
from typing import Any

from runner.errors import InputError


def read_text(path: str | os.PathLike[str], *, what: str = "file", expected: str = "a text file") -> str:
    """A user's text file, decoded: UTF-8, or UTF-16 / UTF-8 with a byte-order mark (as editors on
    Windows save them, and as Newman reads them). Every failure is an InputError naming the file,
    and for bad bytes the line:column of the first one.

    `what` names the file's role in "not found" messages ("data file", "environment file").
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, expected {expected}", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", file=name) from None
    utf16 = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(f"not valid UTF-16 text; expected {expected}", file=name) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected {expected} saved as UTF-8",
                         file=name, place=f"{line}:{col}") from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for mostly-ASCII UTF-16 text saved without a byte-order mark (every
    ASCII character then has a zero byte on the same side; Newman's charset detection reads these
    files too), else None."""
    head = raw[:256]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) * 4 >= len(odd) * 3 and not even.count(0):
        return "utf-16-le"
    if even.count(0) * 4 >= len(even) * 3 and not odd.count(0):
        return "utf-16-be"
    return None


def read_json(path: str | os.PathLike[str], *, what: str = "file") -> Any:
    """Parse a JSON file; every failure is an InputError naming file and line:column."""
    text = read_text(path, what=what, expected="a JSON file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message, pos = _explain_json_error(exc)
        line, col = line_col(text, pos)
        raise InputError(f"invalid JSON: {message}", file=str(path), place=f"{line}:{col}") from None


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text` (characters, or bytes for undecodable input)."""
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1, offset - (text.rfind(newline, 0, offset) + 1) + 1


def pointer_escape(key: str) -> str:
    """One JSON-pointer reference token (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return str(key).replace("~", "~0").replace("/", "~1")


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

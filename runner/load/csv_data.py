"""CSV iteration data read as leniently as Newman reads it.

Newman parses data files with csv-parse (``columns, trim, relax, relax_column_count, bom`` and a cast
of unquoted numbers); the same rules here, so a file Newman runs gives the same rows:

- the first record names the columns; whitespace around a delimiter is dropped (outside quotes only);
- a quote inside an unquoted value is an ordinary character (``foo "bar" baz``); ``""`` inside a
  quoted value is one quote; a quoted value may span lines;
- a row with fewer values than columns lacks the missing keys, extra values are dropped;
- an empty line is a row whose first column is ``""``;
- an unquoted value that JavaScript reads as a number becomes that number (``5``, ``-3``, ``1.5``,
  ``1e3``; quirks included: ``0x10`` is ``0``, as ``parseFloat`` has it); quoted values stay text.
"""

from __future__ import annotations

import math
import re
from typing import Any

from runner.errors import InputError

_BLANK = " \t\f\v"
_INT = re.compile(r"[-+]?[1-9][0-9]*")
_DECIMAL = r"(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
_FLOAT_PREFIX = re.compile(rf"[-+]?(?:Infinity|{_DECIMAL})")
_NUMBER = re.compile(rf"[-+]?(?:Infinity|{_DECIMAL})|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")

Field = tuple[str, bool]  # (value, was quoted)


def parse_csv(text: str, file: str) -> list[dict[str, Any]]:
    """Rows of a CSV text as Newman builds them (see the module docstring); errors name line:column."""
    records = _records(text, file)
    if not records:
        return []
    header = [value for value, _ in records[0]]
    rows = []
    for fields in records[1:]:
        row: dict[str, Any] = {}
        for name, (value, quoted) in zip(header, fields, strict=False):  # ragged rows are fine
            row[name] = value if quoted else _cast(value)
        rows.append(row)
    return rows


def _records(text: str, file: str) -> list[list[Field]]:
    records: list[list[Field]] = []
    pos, line, size = 0, 1, len(text)
    while pos < size:
        fields: list[Field] = []
        while True:
            while pos < size and text[pos] in _BLANK:
                pos += 1
            if pos < size and text[pos] == '"':
                value, pos, line = _quoted(text, pos, line, file)
                while pos < size and text[pos] in _BLANK:
                    pos += 1
                if pos < size and text[pos] not in ",\r\n":
                    raise InputError(f"invalid CSV: {text[pos]!r} after a closing quote (expected a comma or the "
                                     "end of the line)", file=file, place=f"{line}:{_column(text, pos)}")
                fields.append((value, True))
            else:
                start = pos
                while pos < size and text[pos] not in ",\r\n":
                    pos += 1
                fields.append((text[start:pos].rstrip(_BLANK), False))
            if pos < size and text[pos] == ",":
                pos += 1
                continue
            if text.startswith("\r\n", pos):
                pos += 2
            elif pos < size:
                pos += 1
            line += 1
            break
        records.append(fields)
    return records


def _quoted(text: str, pos: int, line: int, file: str) -> tuple[str, int, int]:
    """The value of the quoted field opening at `pos`, where parsing goes on, and the line there."""
    opened = (line, _column(text, pos))
    parts = []
    pos += 1
    while True:
        end = text.find('"', pos)
        if end < 0:
            raise InputError("invalid CSV: a quote is never closed", file=file, place=f"{opened[0]}:{opened[1]}")
        parts.append(text[pos:end])
        line += text.count("\n", pos, end)
        if text.startswith('""', end):
            parts.append('"')
            pos = end + 2
            continue
        return "".join(parts), end + 1, line


def _column(text: str, pos: int) -> int:
    return pos - (text.rfind("\n", 0, pos) + 1) + 1


def _cast(value: str) -> Any:
    """Newman's cast of an unquoted value: parseInt for integers, parseFloat where JavaScript's
    ``value - parseFloat(value) + 1 >= 0`` holds, else the text."""
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than int() reads: kept as its text, which renders the same
            return value
    number, prefix = _js_number(value), _js_parse_float(value)
    if math.isnan(number) or math.isnan(prefix) or math.isinf(prefix) and number == prefix:
        return value  # NaN, or Infinity - Infinity (NaN)
    if number - prefix + 1 < 0:
        return value
    return int(prefix) if prefix.is_integer() and abs(prefix) < 2 ** 53 else prefix


def _js_number(value: str) -> float:
    """JavaScript's ``Number(string)``."""
    text = value.strip()
    if not text:
        return 0.0
    if not _NUMBER.fullmatch(text):
        return math.nan
    if text[:2].lower() in ("0x", "0o", "0b"):
        return float(int(text, 0))
    return float(text.replace("Infinity", "inf"))


def _js_parse_float(value: str) -> float:
    """JavaScript's ``parseFloat(string)``: the longest number at the start, else NaN."""
    found = _FLOAT_PREFIX.match(value.lstrip())
    return float(found.group(0).replace("Infinity", "inf")) if found else math.nan

"""Iteration data files: a JSON array of objects, or CSV (header row + one row per iteration).

As Newman: a file whose text is a JSON array or object is JSON whatever its name; anything else is
CSV, read as leniently as Newman reads it (runner.load.csv_data). UTF-8 and UTF-16 alike.
"""

from __future__ import annotations

import json
from typing import Any

from runner._files import json_type, read_json, read_text
from runner.errors import InputError
from runner.load.csv_lint import warn_csv


def load_data(path: str) -> list[dict[str, Any]]:
    if path.endswith(".json"):
        return _json_rows(read_json(path, what="data file"), path)
    text = read_text(path, what="data file", expected="a CSV file")
    if text.strip()[:1] in ("[", "{"):
        try:
            return _json_rows(json.loads(text), path)
        except ValueError:
            pass  # not JSON after all (or a number too long for it): CSV, as Newman falls back
    from runner.load.csv_data import parse_csv

    if not text.strip():
        raise InputError("empty CSV file: expected a header row", file=path, place="1:1")
    rows = parse_csv(text, path)
    warn_csv(text, path)  # a mistake lenient reading hides: a column named twice
    if not rows:
        raise InputError("no data rows after the header", file=path, place="2:1")
    return rows


def _json_rows(rows: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(rows, list) or not rows:
        got = "an empty array" if rows == [] else json_type(rows)
        raise InputError(f"expected a non-empty JSON array of objects (one per iteration), got {got}",
                         file=path, place="/")
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise InputError(f"expected an object (one iteration's variables), got {json_type(row)}",
                             file=path, place=f"/{i}")
    return rows

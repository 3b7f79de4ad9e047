"""Iteration data files: CSV (header row + one row per iteration) or a JSON array of objects."""

from __future__ import annotations

import csv
import io
from typing import Any

from runner._files import json_type, read_json, read_text
from runner.errors import InputError

def load_data(path: str) -> list[dict[str, Any]]:
    if path.endswith(".json"):

        rows = read_json(path, what="data file")
        if not isinstance(rows, list) or not rows:
            got = "an empty array" if rows == [] else json_type(rows)
            raise InputError(f"expected a non-empty JSON array of objects (one per iteration), got {got}",
                             file=path, place="/")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError(f"expected an object (one iteration's variables), got {json_type(row)}",
                                 file=path, place=f"/{i}")
        return rows
    text = read_text(path, what="data file", expected="a CSV file")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("empty CSV file: expected a header row", file=path, place="1:1")
        rows = []
        for values in reader:
            if not values:
                continue
            if len(values) != len(header):
                raise InputError(f"row has {len(values)} fields but the header has {len(header)}: expected one value "
                                 "per column", file=path, place=f"{reader.line_num}:1")
            rows.append(dict(zip(header, values)))
    except csv.Error as exc:
        raise InputError(f"cannot parse CSV: {exc}", file=path, place=f"{reader.line_num}:1") from None
    if not rows:
        raise InputError("no data rows after the header", file=path, place="2:1")
    return rows

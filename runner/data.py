"""Iteration data files: CSV (header row + one row per iteration) or a JSON array of objects."""

from __future__ import annotations

import csv
import io
from typing import Any

from .errors import InputError


def load_data(path: str) -> list[dict[str, Any]]:
    if path.endswith(".json"):
        from .loader import read_json

        rows = read_json(path)
        if not isinstance(rows, list) or not rows:
            raise InputError("expected a non-empty JSON array of objects (one per iteration)", file=path, place="/")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError(f"expected an object, got {type(row).__name__}", file=path, place=f"/{i}")
        return rows
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise InputError("data file not found", file=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; expected a CSV file", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read data file: {exc.strerror}", file=path) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty CSV file: expected a header row", file=path, place="1:1") from None
    rows = []
    for number, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(header):
            raise InputError(f"row has {len(values)} fields, the header has {len(header)}", file=path, place=f"{number}:1")
        rows.append(dict(zip(header, values)))
    if not rows:
        raise InputError("no data rows after the header", file=path, place="2:1")
    return rows

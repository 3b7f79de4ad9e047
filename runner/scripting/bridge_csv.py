"""``csv-parse/lib/sync`` for scripts: CSV text parsed by Python's ``csv`` module."""

from __future__ import annotations

import csv
import io
from typing import Any


def parse(arg: dict) -> list[Any]:
    """``arg``: ``{"text": str, "options": {...}}`` with csv-parse's options ``delimiter``,
    ``quote``, ``columns`` (true or a list of names), ``skip_empty_lines``, ``trim``, ``ltrim``,
    ``rtrim``, ``from_line``, ``relax_column_count``, ``bom``. Rows as lists, or as objects with ``columns``."""
    text = str(arg.get("text") or "")
    opts = arg.get("options") or {}
    if opts.get("bom") or text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    delimiter = str(opts.get("delimiter") or ",")
    quote = opts.get("quote", '"')
    kwargs: dict[str, Any] = {"delimiter": delimiter[:1] or ","}
    if quote in (None, False, ""):
        kwargs["quoting"] = csv.QUOTE_NONE
    else:
        kwargs["quotechar"] = str(quote)[:1]
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), **kwargs)]
    start = max(int(opts.get("from_line") or opts.get("fromLine") or 1), 1) - 1
    rows = rows[start:]
    if opts.get("skip_empty_lines") or opts.get("skipEmptyLines"):
        rows = [r for r in rows if any(c != "" for c in r)]
    if opts.get("trim"):
        rows = [[c.strip() for c in r] for r in rows]
    else:
        if opts.get("ltrim"):
            rows = [[c.lstrip() for c in r] for r in rows]
        if opts.get("rtrim"):
            rows = [[c.rstrip() for c in r] for r in rows]
    columns = opts.get("columns")
    if not columns:
        return rows
    if columns is True:
        if not rows:
            return []
        columns, rows = rows[0], rows[1:]
    names = [str(c) for c in columns]
    relax = opts.get("relax_column_count") or opts.get("relaxColumnCount")
    out = []
    for n, row in enumerate(rows, start=2 if opts.get("columns") is True else 1):
        if len(row) != len(names) and not relax:
            raise ValueError(f"Number of columns on line {n} does not match header")
        out.append({name: row[i] for i, name in enumerate(names) if i < len(row)})
    return out

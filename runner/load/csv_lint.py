"""A mistake in a CSV data file that reading it leniently (as Newman does) would hide: a column
named twice in the header (the last one's values are used). A warning naming the file and line;
the data still loads. (A quote never closed is an error of the reader itself, runner.load.csv_data.)"""

from __future__ import annotations

import sys

_BLANK = " \t"


def header_names(text: str) -> list[str]:
    """The column names of CSV `text`'s first record (quoted names may hold commas, quotes, line
    breaks); [] when the record does not end (a quote never closed)."""
    names: list[str] = []
    value: list[str] = []
    pos, size, field_start = 0, len(text), True
    while pos < size:
        c = text[pos]
        if field_start and c in _BLANK:
            pos += 1
            continue
        if field_start and c == '"':
            pos += 1
            while True:
                end = text.find('"', pos)
                if end < 0:
                    return []
                value.append(text[pos:end])
                if text.startswith('""', end):
                    value.append('"')
                    pos = end + 2
                    continue
                pos = end + 1
                break
            field_start = False
            continue
        if c in ",\r\n":
            names.append("".join(value).strip(_BLANK))
            if c != ",":
                return names
            value, field_start = [], True
        else:
            value.append(c)
            field_start = False
        pos += 1
    names.append("".join(value).strip(_BLANK))
    return names


def csv_warnings(text: str) -> list[tuple[int, str]]:
    """(line, message) for each column named more than once in the header of CSV `text`."""
    seen: set[str] = set()
    twice: list[str] = []
    for name in header_names(text):
        if name in seen and name not in twice:
            twice.append(name)
        seen.add(name)
    return [(1, f"the header names column {name!r} more than once: the last one's values are used")
            for name in twice]


def warn_csv(text: str, file: str) -> None:
    """Print each mistake of CSV `text` as a warning on stderr (``file:line: ...``)."""
    for line, message in csv_warnings(text):
        print(f"cdp-runner: warning: {file}:{line}: {message}", file=sys.stderr)

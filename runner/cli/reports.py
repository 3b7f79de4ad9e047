"""Which reporters a run writes and where: report file names, and the console's colour and symbols.

File names, by how the reporters were asked for:

- ``--reporter-<name>-export PATH``: exactly there (a folder: Newman's default name inside it);
- cdp-runner's spelling (``-r json -r junit``, one name each): ``REPORT_DIR/report.json``,
  ``report.xml``, ``report.html`` as the CLI contract says;
- Newman's spelling (``-r cli,junit`` or ``--reporters``): Newman's timestamped names,
  ``REPORT_DIR/newman-run-report-2026-11-27-17-30-00-123-0.xml``, so a second run never
  overwrites the first (the last number counts up if the name is taken), unless
  ``--report-overwrite`` asks for the fixed names.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime, timezone
from typing import IO, Any

from runner.errors import InputError

FIXED_NAMES = {"json": "report.json", "junit": "report.xml", "html": "report.html"}
NEWMAN_BASE = "newman-run-report"

#: --disable-unicode: the console's symbols in plain text (as Newman's plain-text symbol set)
PLAIN_SYMBOLS = str.maketrans({"✓": "PASS", "✗": "FAIL", "→": "->", "↷": "~>", "│": "|", "›": ">",
                               "…": "...", "—": "-", "–": "-", "↳": "->", "•": "*"})


def timestamp(now: datetime | None = None) -> str:
    """Newman's: the ISO time with every run of non-digits made ``-`` (``2026-11-27-17-30-00-123-``)."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    iso = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return re.sub(r"\D+", "-", iso)


def newman_name(folder: str, ext: str, stamp: str) -> str:
    """``folder/newman-run-report-<stamp>N.ext`` with the first N (from 0) not already taken."""
    n = 0
    while True:
        path = os.path.join(folder, f"{NEWMAN_BASE}-{stamp}{n}{ext}")
        if not os.path.exists(path):
            return path
        n += 1


def report_paths(args: argparse.Namespace, *, now: datetime | None = None) -> dict[str, str]:
    """Our reporter name -> the file it writes, for every file reporter of this run."""
    choice = args.reports
    stamp = timestamp(now)
    paths: dict[str, str] = {}
    for name in choice.names:
        if name == "cli":
            continue
        ext = os.path.splitext(FIXED_NAMES[name])[1]
        export = choice.exports.get(name)
        if export is not None:
            paths[name] = newman_name(export, ext, stamp) if os.path.isdir(export) else export
            if os.path.isdir(paths[name]):
                raise InputError(f"--reporter-{name}-export: is a folder", file=paths[name])
        elif choice.newman_spelling and not args.report_overwrite:
            paths[name] = newman_name(args.report_dir, ext, stamp)
        else:
            paths[name] = os.path.join(args.report_dir, FIXED_NAMES[name])
    seen: dict[str, str] = {}
    for name, path in paths.items():
        if os.path.abspath(path) in seen:
            raise InputError(f"the {seen[os.path.abspath(path)]} and {name} reports would both be written here",
                             file=path)
        seen[os.path.abspath(path)] = name
    return paths


def make_reporters(args: argparse.Namespace, paths: dict[str, str]) -> list[Any]:
    from runner.reporters import make

    reporters: list[Any] = []
    for name in args.reports.names:
        if name == "cli":
            if args.silent or args.reports.silent:
                continue
            stream = ConsoleStream(sys.stdout, color=args.color, plain=args.disable_unicode)
            reporters.append(make("cli", report_dir=args.report_dir, verbose=args.verbose, quiet=args.quiet,
                                  file=stream, progress=None if args.color == "auto" else False))
        else:
            reporter = make(name, report_dir=args.report_dir)
            reporter.path = paths[name]  # type: ignore[attr-defined]  # every file reporter writes to .path
            reporters.append(reporter)
    return reporters


class ConsoleStream:
    """stdout as the console reporter should see it: ``--color on|off`` decides whether it is a
    terminal (colours), ``--disable-unicode`` swaps the symbols for plain text and makes rich
    draw its tables with ASCII (it does so for a stream whose encoding is not UTF)."""

    def __init__(self, stream: IO[str], *, color: str = "auto", plain: bool = False) -> None:
        self._stream = stream
        self._color = color
        self._plain = plain

    @property
    def encoding(self) -> str:
        return "ascii" if self._plain else (getattr(self._stream, "encoding", None) or "utf-8")

    def isatty(self) -> bool:
        if self._color == "auto":
            return bool(getattr(self._stream, "isatty", lambda: False)())
        return self._color == "on"

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(PLAIN_SYMBOLS) if self._plain else text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

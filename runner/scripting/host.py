"""Answers to the sandbox's host calls (see ``host()`` in pm.js).

A script asks the host for work Python does better than hand-written JavaScript: JSON Schema
validation (python-jsonschema), XML parsing (expat, entity declarations refused), HTML parsing
and CSS selection (selectolax / lexbor), CSV parsing (``csv``). Loading a module's JS file into
the engine is a host call too. Every answer is ``{"value": ...}`` or ``{"error": message}``; the
script sees an error as a thrown ``Error``.
"""

from __future__ import annotations

from typing import Any, Callable

from . import bridge_csv, bridge_html, bridge_schema, bridge_xml

_OPS: dict[str, Callable[[Any], Any]] = {
    "jsonschema": bridge_schema.validate,
    "xml": bridge_xml.parse,
    "html": bridge_html.parse,
    "css": bridge_html.select,
    "csv": bridge_csv.parse,
}


def answer(op: str, arg: Any) -> dict:
    """The answer to one host call (never raises)."""
    fn = _OPS.get(op)
    if fn is None:
        return {"error": f"unknown host call {op!r}"}
    try:
        return {"value": fn(arg)}
    except bridge_errors() as exc:
        return {"error": str(exc)}
    except Exception as exc:  # a bug in a bridge must not crash the run: the script sees it
        return {"error": f"{op}: {type(exc).__name__}: {exc}"}


def bridge_errors() -> tuple[type[Exception], ...]:
    return (ValueError,)

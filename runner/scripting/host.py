"""Answers to the sandbox's host calls (see ``host()`` in pm.js).

A script asks the host for work Python does better than hand-written JavaScript: JSON Schema
validation (python-jsonschema), XML parsing (expat, entity declarations refused), HTML parsing
and CSS selection (selectolax / lexbor), CSV parsing (``csv``), CryptoJS's block ciphers
(``cryptography``) and PBKDF2 (``hashlib``). Every answer is
``{"value": ...}`` or ``{"error": message}``; the script sees an error as a thrown ``Error``.
Each bridge module is imported on its first call, so runs whose scripts make no host call
never import jsonschema, expat or selectolax.
"""

from __future__ import annotations

import importlib
from typing import Any

# host call -> (module in this package, function)
_OPS: dict[str, tuple[str, str]] = {
    "jsonschema": ("bridge_schema", "validate"),
    "xml": ("bridge_xml", "parse"),
    "html": ("bridge_html", "parse"),
    "css": ("bridge_html", "select"),
    "csv": ("bridge_csv", "parse"),
    "cipher": ("bridge_cipher", "cipher"),
    "pbkdf2": ("bridge_cipher", "pbkdf2"),
}


def answer(op: str, arg: Any) -> dict:
    """The answer to one host call (never raises)."""
    target = _OPS.get(op)
    if target is None:
        return {"error": f"unknown host call {op!r}"}
    try:
        fn = getattr(importlib.import_module(f"{__package__}.{target[0]}"), target[1])
        return {"value": fn(arg)}
    except ValueError as exc:  # the bridges' way of saying "bad input" (message for the script)
        return {"error": str(exc)}
    except Exception as exc:  # a bug in a bridge must not crash the run: the script sees it
        return {"error": f"{op}: {type(exc).__name__}: {exc}"}

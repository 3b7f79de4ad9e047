"""Personalize connections as a request kind (a plug-in: see runner/load/kinds.py).

definition  the wizard's fields, defaults and naming rules
render      Personalize's templating rules
lint        every problem of a connection at once
prepare     the loader hook and the ConnectionPreparer (auth, mutual TLS)
api         the Connection REST API's JSON shape (export and import)
"""

from __future__ import annotations

from runner.kinds.connection.definition import (
    AUTH_TYPES,
    DEFAULT_HEADERS,
    METHODS,
    NONE_AUTH_WARNING,
    SECRET_FIELDS,
    Problem,
    body_text,
    effective_headers,
    guest_reason,
    names_in,
    templated_texts,
    timeouts_of,
    unknown_reason,
)
from runner.kinds.connection.lint import lint, lint_file
from runner.kinds.connection.prepare import ConnectionPreparer, request_from_connection

__all__ = [
    "AUTH_TYPES", "DEFAULT_HEADERS", "METHODS", "NONE_AUTH_WARNING", "SECRET_FIELDS", "ConnectionPreparer",
    "Problem", "body_text", "effective_headers", "guest_reason", "lint", "lint_file", "names_in",
    "request_from_connection", "templated_texts", "timeouts_of", "unknown_reason",
]

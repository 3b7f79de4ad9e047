"""Checks made before anything is sent, without a run: every variable a native collection uses
is defined by the time its request runs (a did-you-mean when not), and which variables a request
uses while the environment holds them empty."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from runner.core.suggest import did_you_mean
from runner.core.template import find_names
from runner.core.variables import Variables
from runner.errors import InputError
from runner.model.collection import Collection, Request


def check_variables(collection: Collection, requests: Sequence[Request], variables: Variables,
                    rows: list[dict[str, Any]]) -> None:
    """Raise InputError naming the first variable that is used before anything defines it."""
    known = set(variables.merged()) | set().union(*(set(r) for r in rows))
    for req in requests:
        known |= set(req.messages)
        if req.preparer is not None:  # a plug-in kind has its own rules
            req.preparer.check_names(req, known, collection.path)
        else:
            for place, text in templated(req):
                for name in find_names(text):
                    if name not in known:
                        raise InputError(
                            f"unknown variable {name!r}: not in the environment, the collection's variables, "
                            "--env-var, the data file, nor captured by an earlier request"
                            + did_you_mean(name, known), file=collection.path, place=f"{req.pointer}/{place}")
        known |= {c.var for c in req.captures}


def empty_values(collection: Collection, requests: Sequence[Request], variables: Variables,
                 rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(name, JSON pointer of its first use) for each variable a request uses while the environment
    holds it empty (``POS=``). Not those a data column, a capture or a message builder sets before
    the use, nor those a script of the collection names (a script may set them)."""
    environment = variables.scopes["environment"]
    empty = {k for k, v in environment.items() if v == ""} - set().union(*(set(r) for r in rows))
    if not empty:
        return []
    scripts = {s.source for req in requests for s in (*req.prerequest, *req.tests)}
    empty = {k for k in empty if not any(k in source for source in scripts)}
    found: list[tuple[str, str]] = []
    for req in requests:
        empty -= set(req.messages)
        if req.preparer is None:
            for place, text in templated(req):
                for name in find_names(text, braces_only=collection.braces_only):
                    if name in empty:
                        empty.discard(name)
                        found.append((name, f"{req.pointer}/{place}"))
        empty -= {c.var for c in req.captures}
    return found


def templated(req: Request) -> Iterator[tuple[str, str]]:
    """(place, text) for every template in a plain request."""
    yield "request/url", req.url
    for k, v in req.query:
        yield f"request/query/{k}", v
    for k, v in req.headers:
        yield f"request/headers/{k}", k + v
    if req.body is not None:
        yield "request/body", json.dumps(req.body.value) if not isinstance(req.body.value, str) else req.body.value
    if req.auth:
        yield "request/auth", json.dumps(req.auth)
    for name, message in req.messages.items():
        yield f"prerequest/messages/{name}", json.dumps(message)
    for j, a in enumerate(req.assertions):
        if isinstance(a.expected, str):
            yield f"assert/{j}", a.expected

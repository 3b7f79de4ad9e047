"""Checks made before anything is sent, without a run: every variable a native collection uses
is defined by the time its request runs (a did-you-mean when not), and which variables a request
uses while the environment holds them empty."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from runner.core.suggest import did_you_mean
from runner.core.template import find_names
from runner.core.usage import Uses, templated, uses_of
from runner.core.variables import Variables
from runner.errors import InputError
from runner.model.collection import Collection, LazyRequests, Request


def check_variables(collection: Collection, requests: Sequence[Request], variables: Variables,
                    rows: list[dict[str, Any]]) -> None:
    """Raise InputError naming the first variable that is used before anything defines it."""
    known = set(variables.merged()) | set().union(*(set(r) for r in rows))
    stored = requests.uses if isinstance(requests, LazyRequests) else None  # what loading noted: nothing built
    for index, req_or_none in enumerate(_each(requests, stored)):
        use = stored[index] if stored is not None else uses_of(req_or_none)  # type: ignore[arg-type]
        if use is None:  # a plug-in kind has its own rules
            req = req_or_none or requests[index]
            known |= set(req.messages)
            assert req.preparer is not None
            req.preparer.check_names(req, known, collection.path)
            known |= {c.var for c in req.captures}
            continue
        known |= use.builds
        if not use.reads <= known:
            _unknown(collection, req_or_none or requests[index], known)
        known |= use.captures


def _each(requests: Sequence[Request], stored: Sequence[Uses | None] | None) -> Iterator[Request | None]:
    """The requests, or (when a loader noted what each uses) None for each: none is built."""
    return iter([None] * len(requests)) if stored is not None else iter(requests)


def _unknown(collection: Collection, req: Request, known: set[str]) -> None:
    """Raise the InputError for the first name in `req`'s templates that `known` lacks."""
    for place, text in templated(req):
        for name in find_names(text):
            if name not in known:
                raise InputError(
                    f"unknown variable {name!r}: not in the environment, the collection's variables, "
                    "--env-var, the data file, nor captured by an earlier request"
                    + did_you_mean(name, known), file=collection.path, place=f"{req.pointer}/{place}")


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

"""What one request's templates used that deserves a warning: ``{{names}}`` left as written
(Postman sends them so), and variables whose environment value is empty (``CLIENT_KEY=``).

``Usage`` is fed by the renderer while the request is prepared (it hears only of those names, so
the common path costs nothing); ``warnings`` turns what it heard into lines for the result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from runner.core.suggest import did_you_mean, similar
from runner.core.template import DYNAMIC_NAMES, find_names
from runner.core.variables import Variables
from runner.model.collection import Request


def templated(req: Request) -> Iterator[tuple[str, str]]:
    """(place, text) for every template in a plain request, in the order a check reports them."""
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


@dataclass(frozen=True, slots=True)
class Uses:
    """The variables a plain request sets and reads, in the order the run does: its message builders
    set theirs, its templates read, its captures set. A loader keeps one per request, so the check
    before a run (runner.core.validate) builds no request unless a name is unknown."""

    builds: frozenset[str]
    reads: frozenset[str]
    captures: frozenset[str]


def uses_of(req: Request) -> Uses | None:
    """What `req` sets and reads; None for a plug-in kind's request (it checks its names itself)."""
    if req.preparer is not None:
        return None
    reads = {name for _, text in templated(req) for name in _names(text)}
    return Uses(frozenset(req.messages), frozenset(reads), frozenset(c.var for c in req.captures))


def _names(text: str) -> tuple[str, ...]:
    """``find_names(text)``, kept per distinct text: the items of a file repeat their URLs, query and
    header values (the text is all it depends on)."""
    found = _NAMES.get(text)
    if found is None:
        if len(_NAMES) >= _NAMES_KEPT:
            _NAMES.clear()
        found = _NAMES[text] = tuple(find_names(text))
    return found


_NAMES: dict[str, tuple[str, ...]] = {}
_NAMES_KEPT = 4096


class Usage:
    """Names heard while rendering one request, each with the places (``file#pointer``) it stood."""

    __slots__ = ("unresolved", "empty_values")

    def __init__(self) -> None:
        self.unresolved: dict[str, list[str]] = {}
        self.empty_values: dict[str, list[str]] = {}

    def missing(self, name: str, where: str) -> None:
        self.unresolved.setdefault(name, []).append(where)

    def empty(self, name: str, where: str) -> None:
        self.empty_values.setdefault(name, []).append(where)


def warnings(usage: Usage, variables: Variables, already: set[str]) -> list[str]:
    """Lines for the request's result: each unresolved name with a did-you-mean, and each empty
    environment value the request used that no earlier request of the run was warned about
    (`already` is the run's set of those names, updated here)."""
    out: list[str] = []
    if not usage.unresolved and not usage.empty_values:
        return out  # the common case: nothing heard, nothing computed
    known = variables.merged() if usage.unresolved else {}
    for name, places in usage.unresolved.items():
        if name.startswith("$"):
            what, hint = "not a dynamic variable cdp-runner knows", _dynamic_hint(name)
        else:
            what, hint = "no variable of that name", did_you_mean(name, known)
        # the name unbraced: a credential sent as written ("{{token}}") is masked like any other
        out.append(f"unresolved variable {name!r} in {_places(places)}: {what}, sent as written{hint}")
    scopes = variables.scopes
    for name, places in usage.empty_values.items():
        from_environment = scopes["environment"].get(name) == "" and not (name in scopes["data"] or
                                                                          name in scopes["local"])
        if name in already or not from_environment:
            continue  # warned once per run; an empty value from elsewhere (a script, a capture) is meant
        already.add(name)
        out.append(f"variable {name} is empty in the environment ({name}=) and used in {_places(places)}: "
                   "an empty value was sent")
    return out


def _dynamic_hint(name: str) -> str:
    """Did-you-mean among the dynamic variables, compared without their common ``$random`` start
    (else ``$randomCity`` would suggest ``$randomInt``)."""
    def bare(n: str) -> str:
        return n[len("$random"):] if n.startswith("$random") else n

    table = {bare(n): n for n in DYNAMIC_NAMES}
    match = similar(bare(name), table)
    return f"; did you mean {table[match]!r}?" if match else ""


def _places(places: Iterable[str]) -> str:
    labels = list(dict.fromkeys(place_label(p) for p in places))
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def place_label(where: str) -> str:
    """Where in a request a template stood, in words: ``file#/item/0/request/headers/X-Key`` ->
    ``header 'X-Key'``."""
    pointer = where.rpartition("#")[2]
    _, sep, rest = pointer.partition("/request/")
    if not sep:
        _, sep, message = pointer.partition("/prerequest/messages/")
        return f"message builder {message.split('/')[0]!r}" if sep else "a check"
    part, _, detail = rest.partition("/")
    if part == "headers":
        return f"header {detail!r}" if detail else "a header name"
    if part == "query":
        return f"query parameter {detail!r}" if detail else "a query parameter name"
    return {"url": "the URL", "auth": "the auth settings"}.get(part, "the body" if part == "body" else part)

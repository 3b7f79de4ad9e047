"""Variable templating: ``{{name}}`` (Postman) and ``${name}`` (FreeMarker, as Personalize writes it).

Hand-written rather than Jinja2: both notations must coexist in one string, unknown names
must be reported with their source position, and Postman's leave-as-is rule must be kept.
"""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Protocol

from runner._files import pointer_escape
from runner.core.suggest import did_you_mean
from runner.core.variables import MISSING
from runner.errors import TemplateError

#: ``{{name}}`` or ``${name}``; names may hold anything but braces.
_BOTH = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}|\$\{\s*([^{}]+?)\s*\}")
_POSTMAN = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
_MAX_DEPTH = 10  # Postman resolves variables inside values, to a bounded depth


def _iso_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_DYNAMIC: dict[str, Callable[[], str]] = {
    "$guid": lambda: str(uuid.uuid4()),
    "$randomUUID": lambda: str(uuid.uuid4()),
    "$timestamp": lambda: str(int(time.time())),
    "$isoTimestamp": _iso_now,
    "$randomInt": lambda: str(random.randint(0, 1000)),
    "$randomBoolean": lambda: random.choice(["true", "false"]),
    "$randomAlphaNumeric": lambda: random.choice("abcdefghijklmnopqrstuvwxyz0123456789"),
    "$randomColor": lambda: random.choice(["red", "green", "blue", "cyan", "magenta", "yellow"]),
    "$randomFirstName": lambda: random.choice(["Ada", "Grace", "Alan", "Edsger", "Barbara"]),
    "$randomLastName": lambda: random.choice(["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov"]),
    "$randomEmail": lambda: f"user{random.randint(1000, 9999)}@example.com",
    "$randomUserName": lambda: f"user{random.randint(1000, 9999)}",
    "$randomPrice": lambda: f"{random.uniform(1, 1000):.2f}",
    "$randomCurrencyCode": lambda: random.choice(["EUR", "USD", "GBP", "JPY"]),
    "$randomCountryCode": lambda: random.choice(["GB", "US", "NL", "JP", "AU"]),
    "$randomIP": lambda: ".".join(str(random.randint(1, 254)) for _ in range(4)),
    "$randomWord": lambda: random.choice(["alpha", "bravo", "charlie", "delta"]),
}


DYNAMIC_NAMES = tuple(_DYNAMIC)


class Seen(Protocol):
    """Told, while rendering, of names that deserve a word: left as written (lenient rendering
    only), or resolved to an empty value. Only those names cost anything; others pass silently."""

    def missing(self, name: str, where: str) -> None: ...

    def empty(self, name: str, where: str) -> None: ...


class VariableSource(Protocol):
    """What rendering reads: runner.core.variables.Variables, or a kind's own view of them."""

    def lookup(self, name: str) -> Any: ...

    def merged(self) -> dict[str, Any]: ...


#: ``json.dumps(value, separators=(",", ":"), ensure_ascii=False)``, without building the encoder anew
#: at each call (that costs as much as encoding a message builder's object)
compact_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def stringify(value: Any) -> str:
    """A variable's value as text, the way Postman's String() would show it."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list, bool)) or value is None:
        return compact_json(value)
    return str(value)


def find_names(text: str, *, braces_only: bool = False) -> list[str]:
    """Every variable name used in `text` (dynamic ``$`` variables excluded)."""
    if "{{" not in text and (braces_only or "${" not in text):  # what every match starts with
        return []
    pattern = _POSTMAN if braces_only else _BOTH
    names = []
    for m in pattern.finditer(text):
        name = m.group(1) if m.group(1) is not None else m.group(2)
        if not name.startswith("$"):
            names.append(name)
    return names


def render(
    text: str,
    variables: VariableSource,
    *,
    where: str,
    strict: bool = True,
    braces_only: bool = False,
    encode: Callable[[str], str] | None = None,
    seen: Seen | None = None,
) -> str:
    """Replace variables in `text`.

    strict: an unknown name raises TemplateError naming it and `where` (native format);
    otherwise it is left as written (Postman's rule). `encode` is applied to each inserted
    value (URL-encoding, JSON string escaping) so the output stays valid for its location.
    `seen` hears of names left as written and of empty values used.
    """
    if "{{" not in text and "${" not in text:
        return text
    pattern = _POSTMAN if braces_only else _BOTH
    how = (variables, where, strict, pattern, encode, seen)
    if len(text) > _PIECES_TEXT_MAX:  # a long text (a body): matched as it comes, not kept
        return pattern.sub(lambda m: _insert(m.group(1) if m.group(1) is not None else m.group(2), m.group(0), 0, how),
                           text)
    templates, tail = _pieces(text, pattern)  # what pattern.sub would replace, in order, found once
    if len(templates) == 1 and not tail and not templates[0][0]:  # the text is one template
        return _insert(templates[0][1], templates[0][2], 0, how)
    out = []
    for before, name, written in templates:
        out.append(before)
        out.append(_insert(name, written, 0, how))
    out.append(tail)
    return "".join(out)


#: how render renders: (variables, where, strict, pattern, encode, seen)
_How = tuple[VariableSource, str, bool, "re.Pattern[str]", "Callable[[str], str] | None", "Seen | None"]


def _insert(name: str, written: str, depth: int, how: _How) -> str:
    """What replaces the template `written` (of variable `name`), `depth` values deep."""
    variables, where, strict, pattern, encode, seen = how
    value = variables.lookup(name)
    if value is MISSING:
        dynamic = _DYNAMIC.get(name)
        if dynamic is not None:
            out = dynamic()
            return encode(out) if encode else out
        if depth:  # inside a value (data, maybe a secret): an unknown name in it stays as written, unreported
            return written
        if strict:
            known = variables.merged() if not name.startswith("$") else DYNAMIC_NAMES
            raise TemplateError(f"unknown variable {name!r}{did_you_mean(name, known)}", where=where)
        if seen is not None:
            seen.missing(name, where)
        return written
    if seen is not None and value == "":
        seen.empty(name, where)
    out = stringify(value)
    if depth < _MAX_DEPTH and ("{{" in out or "${" in out):
        out = pattern.sub(lambda m: _insert(m.group(1) if m.group(1) is not None else m.group(2), m.group(0),
                                            depth + 1, how), out)
    return encode(out) if encode else out


def _pieces(text: str, pattern: re.Pattern[str]) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """`text` as ((text before, name, template as written) for each template, text after the last),
    kept per text and pattern: a run renders the same few texts (a URL, ``{{CLIENT_KEY}}``) again
    and again."""
    key = (text, pattern is _POSTMAN)
    found = _PIECES.get(key)
    if found is None:
        templates, at = [], 0
        for m in pattern.finditer(text):
            templates.append((text[at:m.start()], m.group(1) if m.group(1) is not None else m.group(2), m.group(0)))
            at = m.end()
        if len(_PIECES) >= _PIECES_KEPT:
            _PIECES.clear()
        found = _PIECES[key] = (tuple(templates), text[at:])
    return found


_PIECES: dict[tuple[str, bool], tuple[tuple[tuple[str, str, str], ...], str]] = {}
_PIECES_KEPT = 4096  # texts
_PIECES_TEXT_MAX = 1024  # characters


def render_json(
    value: Any, variables: VariableSource, *, where: str, strict: bool = True, braces_only: bool = False,
    seen: Seen | None = None,
) -> Any:
    """Render every string (keys and values) inside a JSON value; structure is kept."""
    if isinstance(value, str):
        return render(value, variables, where=where, strict=strict, braces_only=braces_only, seen=seen)
    if isinstance(value, list):
        return [
            v if _fixed(v) else render_json(v, variables, where=f"{where}/{i}", strict=strict, braces_only=braces_only,
                                              seen=seen)
            for i, v in enumerate(value)
        ]
    if isinstance(value, dict):
        return {
            k if _fixed(k) else render(k, variables, where=where, strict=strict, braces_only=braces_only, seen=seen):
            v if _fixed(v) else render_json(
                v, variables, where=f"{where}/{pointer_escape(k)}", strict=strict, braces_only=braces_only,
                seen=seen,
            )
            for k, v in value.items()
        }
    return value


def _fixed(value: Any) -> bool:
    """A value rendering leaves as it is (no templates in it): skipped, where its place is not built."""
    if type(value) is str:
        return "{{" not in value and "${" not in value
    return value is None or type(value) in (int, float, bool)

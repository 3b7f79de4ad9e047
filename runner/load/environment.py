"""Environments: dotenv files (python-dotenv) and Postman environment JSON files."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner._files import read_json, read_text
from runner.core.secrets import is_secret_name
from runner.errors import InputError

#: the key of a dotenv line (``export`` allowed, as python-dotenv reads it)
_KEY = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")


@dataclass(slots=True)
class Environment:
    name: str
    values: dict[str, Any] = field(default_factory=dict)
    secret_names: set[str] = field(default_factory=set)
    path: str | None = None


def load_environment(path: str | os.PathLike[str]) -> Environment:
    """A dotenv file, or a Postman environment (recognised by its JSON ``values`` list)."""
    name = str(path)
    if name.endswith(".json"):
        return _postman(name)
    text = read_text(name, what="environment file", expected="a dotenv file (KEY=value lines)")
    return _dotenv(text, name)


def _dotenv(text: str, name: str) -> Environment:
    from dotenv import dotenv_values
    from dotenv.parser import parse_stream

    for binding in parse_stream(io.StringIO(text)):
        if binding.error:  # the line is not shown: what follows the key may be a secret
            line = binding.original.line
            key = _KEY.match(binding.original.string)
            if key is None:
                raise InputError("cannot parse this line: expected KEY=value", file=name, place=f"{line}:1")
            raise InputError(f"cannot parse the value of {key.group(1)} (an unclosed quote?): expected KEY=value",
                             file=name, place=f"{line}:{key.end() + 1}")
    values = {k: ("" if v is None else v) for k, v in dotenv_values(stream=io.StringIO(text), interpolate=True).items()}
    return Environment(
        name=Path(name).stem, values=values, path=name,
        secret_names={k for k in values if is_secret_name(k)},
    )


def _postman(name: str) -> Environment:
    data = read_json(name, what="environment file")
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise InputError("not a Postman environment: expected an object with a \"values\" list", file=name,
                         place="/values")
    values: dict[str, Any] = {}
    secrets: set[str] = set()
    for i, entry in enumerate(data["values"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise InputError("expected an entry {\"key\": \"NAME\", \"value\": ...} with a string \"key\"",
                             file=name, place=f"/values/{i}")
        # As Newman: "disabled": true is ignored (a later entry of the same key may still set it), and
        # so is nothing else: Newman uses a value the Postman app exports with "enabled": false
        if entry.get("disabled") is True:
            continue
        key = entry["key"]
        values[key] = entry.get("value", "")
        if entry.get("type") == "secret" or is_secret_name(key):
            secrets.add(key)
    return Environment(name=data.get("name") or Path(name).stem, values=values, secret_names=secrets, path=name)


def parse_assignments(pairs: list[str], *, option: str) -> dict[str, str]:
    """``KEY=VALUE`` command-line overrides. A bad one is named by its place, never shown: it
    may be a secret given without its key."""
    out: dict[str, str] = {}
    for number, pair in enumerate(pairs, start=1):
        key, sep, value = pair.partition("=")
        if not sep or not key:
            what = "no '='" if not sep else "no KEY before '='"
            raise InputError(f"{option} expects KEY=VALUE; the {_ordinal(number)} {option} has {what} "
                             f"(its value is not shown)")
        out[key] = value
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

"""Recognise Postman pre-request scripts that only build messages, and write such scripts back.

The practitioners' gist builds the Stream API ``message`` parameter with JavaScript::

    var message = {"channel": "WEB", "pos": pm.environment.get("PointOfSale")};
    pm.environment.set("message", JSON.stringify(message));

which is exactly a native message builder ``{"message": {"channel": "WEB", "pos": "{{PointOfSale}}"}}``.
Parsing is deliberately conservative: a tiny tokenizer and a recursive-descent parser accept
object literals of literals, variable getters and ``pm.variables.replaceIn("...")`` only;
anything else in the script makes :func:`parse_builders` return ``None`` (keep the JavaScript).
"""

from __future__ import annotations

import json
import re
from typing import Any

_TOKEN = re.compile(r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)
  | (?P<punct>[{}\[\](),:;=])
""", re.VERBOSE | re.DOTALL)

#: calls that read a variable -> it becomes ``{{name}}`` in the builder
GETTERS = frozenset({"pm.environment.get", "pm.variables.get", "pm.collectionVariables.get", "pm.globals.get",
                     "postman.getEnvironmentVariable", "postman.getGlobalVariable"})
#: calls that store the JSON-encoded message
SETTERS = frozenset({"pm.environment.set", "pm.variables.set", "pm.collectionVariables.set", "pm.globals.set",
                     "postman.setEnvironmentVariable", "postman.setGlobalVariable"})
_SIMPLE_NAME = re.compile(r"^[^{}\s$][^{}]*$")

#: the line that separates a user's own pre-request script from exported builders
MARKER = "// cdp-runner: message builders (native prerequest.messages)"


class _NotABuilder(Exception):
    pass


def _tokens(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise _NotABuilder
        pos = m.end()
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append((kind, m.group()))
    return out


def _string(token: str) -> str:
    if token[0] == "'":  # a JS single-quoted string -> JSON double-quoted
        body = token[1:-1].replace('\\"', '"').replace("\\'", "'").replace('"', '\\"')
        token = f'"{body}"'
    try:
        return json.loads(token)
    except ValueError:
        raise _NotABuilder from None


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.t, self.i = tokens, 0

    def peek(self) -> tuple[str, str]:
        return self.t[self.i] if self.i < len(self.t) else ("eof", "")

    def take(self, kind: str, text: str | None = None) -> str:
        k, v = self.peek()
        if k != kind or (text is not None and v != text):
            raise _NotABuilder
        self.i += 1
        return v

    def at(self, kind: str, text: str | None = None) -> bool:
        k, v = self.peek()
        return k == kind and (text is None or v == text)

    def value(self) -> Any:
        kind, text = self.peek()
        if kind == "str":
            self.i += 1
            s = _string(text)
            if "{{" in s or "${" in s:  # JavaScript would not template it; a builder would
                raise _NotABuilder
            return s
        if kind == "num":
            self.i += 1
            try:
                return json.loads(text)
            except ValueError:  # a JavaScript number JSON does not read the same (too long, a leading dot)
                raise _NotABuilder from None
        if kind == "punct" and text == "{":
            return self.obj()
        if kind == "punct" and text == "[":
            self.i += 1
            items = []
            while not self.at("punct", "]"):
                items.append(self.value())
                if not self.at("punct", "]"):
                    self.take("punct", ",")
            self.i += 1
            return items
        if kind == "name":
            self.i += 1
            if text in ("true", "false", "null"):
                return json.loads(text)
            if text in GETTERS:
                self.take("punct", "(")
                name = _string(self.take("str"))
                self.take("punct", ")")
                if not _SIMPLE_NAME.match(name):
                    raise _NotABuilder
                return "{{" + name + "}}"
            if text == "pm.variables.replaceIn":
                self.take("punct", "(")
                s = _string(self.take("str"))
                self.take("punct", ")")
                if "${" in s:
                    raise _NotABuilder
                return s
        raise _NotABuilder

    def obj(self) -> dict[str, Any]:
        self.take("punct", "{")
        out: dict[str, Any] = {}
        while not self.at("punct", "}"):
            kind, text = self.peek()
            if kind == "str":
                key = _string(text)
            elif kind == "name" and "." not in text:
                key = text
            else:
                raise _NotABuilder
            self.i += 1
            self.take("punct", ":")
            if key in out:
                raise _NotABuilder
            out[key] = self.value()
            if not self.at("punct", "}"):
                self.take("punct", ",")
        self.i += 1
        return out

    def end_statement(self) -> None:
        if self.at("punct", ";"):
            self.i += 1


def parse_builders(source: str) -> dict[str, dict[str, Any]] | None:
    """The message builders a script amounts to, or None when it does anything else."""
    try:
        p = _Parser(_tokens(source))
        declared: dict[str, dict[str, Any]] = {}
        used: set[str] = set()
        built: dict[str, dict[str, Any]] = {}
        while not p.at("eof"):
            kind, text = p.peek()
            if kind == "name" and text in ("var", "let", "const"):
                p.i += 1
                name = p.take("name")
                if "." in name or name in declared:
                    raise _NotABuilder
                p.take("punct", "=")
                declared[name] = p.obj()
                p.end_statement()
            elif kind == "name" and text in SETTERS:
                p.i += 1
                p.take("punct", "(")
                target = _string(p.take("str"))
                p.take("punct", ",")
                p.take("name", "JSON.stringify")
                p.take("punct", "(")
                if p.at("punct", "{"):
                    message = p.obj()
                else:
                    var = p.take("name")
                    if var not in declared:
                        raise _NotABuilder
                    used.add(var)
                    message = declared[var]
                p.take("punct", ")")
                p.take("punct", ")")
                p.end_statement()
                if target in built or not _SIMPLE_NAME.match(target):
                    raise _NotABuilder
                built[target] = message
            else:
                raise _NotABuilder
        if not built or set(declared) - used:
            return None
        return built
    except _NotABuilder:
        return None


def _js(value: Any, indent: int) -> str:
    pad, inner = "    " * indent, "    " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = [f"{inner}{json.dumps(k)}: {_js(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _js(v, indent + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, str) and "{{" in value:
        return f"pm.variables.replaceIn({json.dumps(value)})"
    return json.dumps(value)


def write_builders(messages: dict[str, dict[str, Any]]) -> str:
    """JavaScript doing what native builders do: store each message, JSON-encoded, in a local variable."""
    return "\n".join(f"pm.variables.set({json.dumps(name)}, JSON.stringify({_js(message, 0)}));"
                     for name, message in messages.items())

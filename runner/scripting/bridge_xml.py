"""XML for scripts: text parsed by expat into the object shape xml2js builds.

Entity declarations (``<!ENTITY ...>``) are refused, so entity bombs and external entities
never expand; a DOCTYPE without entities is fine.
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers import expat

_SPACES = re.compile(r"\s{2,}")


class _Node:
    __slots__ = ("name", "obj", "text", "cdata")

    def __init__(self, name: str, obj: dict) -> None:
        self.name, self.obj, self.cdata = name, obj, False
        self.text: list[str] = []


def _forbid(*_: Any) -> None:
    raise ValueError("XML entity declarations are not allowed")


def _assign(obj: dict, key: str, value: Any, explicit_array: bool) -> None:
    if key not in obj:
        obj[key] = [value] if explicit_array else value
    else:
        if not isinstance(obj[key], list):
            obj[key] = [obj[key]]
        obj[key].append(value)


def parse(arg: dict) -> Any:
    """``arg``: ``{"text": str, "options": {...}}`` with xml2js options ``explicitArray`` (true),
    ``explicitRoot`` (true), ``mergeAttrs``, ``ignoreAttrs``, ``attrkey`` ("$"), ``charkey`` ("_"),
    ``explicitCharkey``, ``trim``, ``normalize``, ``normalizeTags``, ``emptyTag`` ("")."""
    text = str(arg.get("text") or "")
    o = arg.get("options") or {}
    explicit_array = o.get("explicitArray", True) is not False
    attrkey, charkey = str(o.get("attrkey", "$")), str(o.get("charkey", "_"))
    merge, ignore = bool(o.get("mergeAttrs")), bool(o.get("ignoreAttrs"))
    trim, normalize, explicit_charkey = bool(o.get("trim")), bool(o.get("normalize")), bool(o.get("explicitCharkey"))
    lower_tags = bool(o.get("normalizeTags"))
    empty_tag = o.get("emptyTag", "")
    stack: list[_Node] = []
    result: dict = {"root": None}

    def start(name: str, attrs: dict) -> None:
        if lower_tags:
            name = name.lower()
        obj: dict = {}
        if attrs and not ignore:
            if merge:
                for k, v in attrs.items():
                    _assign(obj, k, v, explicit_array)
            else:
                obj[attrkey] = dict(attrs)
        stack.append(_Node(name, obj))

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def end(_: str) -> None:
        node = stack.pop()
        obj: Any = node.obj
        content = "".join(node.text)
        if content.strip() == "" and not node.cdata:
            empty = content
        else:
            if trim:
                content = content.strip()
            if normalize:
                content = _SPACES.sub(" ", content).strip()
            obj[charkey] = content
            if len(obj) == 1 and not explicit_charkey:
                obj = content
            empty = ""
        if isinstance(obj, dict) and not obj:
            obj = empty_tag if empty_tag != "" else (empty.strip() if trim else empty)
        if stack:
            _assign(stack[-1].obj, node.name, obj, explicit_array)
        else:
            result["root"] = {node.name: obj} if o.get("explicitRoot", True) is not False else obj

    def cdata_start() -> None:
        if stack:
            stack[-1].cdata = True

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartCdataSectionHandler = cdata_start
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid  # type: ignore[assignment]
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise ValueError(f"XML: {exc}") from None
    return result["root"]

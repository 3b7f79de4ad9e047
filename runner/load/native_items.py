"""A native collection loaded lazily: the file's text is kept, its items are read once to check them
(schema and checks, all before anything is sent), and each Request is built again from its place in
the text when the run (or a report) asks for it. The parsed file is never held whole: memory stays
near the size of the file however many items it has (issue 17).

Anything this reader does not take in its stride (not a native collection, a schema violation, a
bad check, broken JSON, a repeated ``"items"`` key) sends the file down the eager path, which
reports the same error, at the same place, as it always did.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Callable
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]  # the json module's string reader
from typing import Any

from runner._files import MAX_JSON_DEPTH, nesting_beyond
from runner.core.usage import Uses, uses_of
from runner.errors import InputError
from runner.load import native
from runner.model.collection import Collection, LazyRequests, Request

_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the json module's own value parser (its C scanner when built)
_WS = re.compile(r"[ \t\n\r]*").match


def _ws(text: str, i: int) -> int:
    """The offset of the first non-whitespace character at or after `i`."""
    return _WS(text, i).end()  # type: ignore[union-attr]  # the pattern matches at every offset


class _Eager(Exception):
    """This file takes the eager path (which finds and reports its problem)."""


@lru_cache(maxsize=1)
def _item_validator() -> Any:
    import jsonschema_rs

    schema = native.schema()
    return jsonschema_rs.validator_for({"$schema": schema["$schema"], "$ref": "#/$defs/item", "$defs": schema["$defs"]})


def load(text: str, file: str) -> Collection | None:
    """The native collection in `text`, its requests built on demand; None when the file needs the
    eager path (another format, or something to report). A file of another format is given up at
    its first key that a native collection does not have (load_collection asks only when the first
    key is a native one)."""
    if nesting_beyond(text, MAX_JSON_DEPTH) is not None:  # the eager path says where
        return None
    reader = _Reader(text, file)
    try:
        top, items_at, end, walked = reader.object(_ws(text, 0), reader.top_items, set(native.schema()["properties"]))
        if items_at is None or _ws(text, end) != len(text):
            return None
        from runner.load import is_postman_collection

        if is_postman_collection(top) or "order" in top and "requests" in top:  # Postman v2 or v1
            return None
        if not native._fast_validator().is_valid({**top, "items": []}) or top.get("prerequest", {}).get("messages"):
            return None
        if not walked:  # keys after the items: read them again, now that every setting they inherit is known
            reader.forget(0)
            reader.items(items_at, "/items", (), _inherited(top))
    except (_Eager, InputError, ValueError, TypeError, AttributeError, KeyError, StopIteration, IndexError,
            RecursionError):
        return None
    offsets, places, arrays, parents = reader.offsets, reader.places, reader.arrays, reader.parents

    def build(index: int) -> Request:
        pointer, folders, up = parents[arrays[index]]
        node = _SCAN(text, offsets[index])[0]
        return native._request(node, f"{pointer}/{places[index]}", folders, up, file, index=index, checked=True)

    requests = LazyRequests(build, len(offsets), any(reader.scripted), reader.names, reader.uses)
    return Collection(
        name=top["name"], path=file, format="native", requests=requests,
        variables=dict(top.get("variables", {})), secret_names=set(top.get("secrets", ())),
        tags=tuple(top.get("tags", ())), description=top.get("description", ""),
        independent_iterations=top.get("independentIterations", False),
        mocks=list(top.get("mocks", [])), sandbox=dict(top.get("sandbox", {})),
    )


def _inherited(top: dict[str, Any]) -> native._Inherited:
    """What the collection passes down to its items (as native.from_native starts its walk)."""
    up = native._Inherited(auth=top.get("auth"), headers=dict(top.get("headers", {})), timeout=top.get("timeout"),
                           pre=[], tests=[], tags=tuple(top.get("tags", ())))
    return up.child({k: v for k, v in top.items() if k in ("prerequest", "tests")}, "/")


#: an array of items: its JSON pointer, its folders, what they pass down to its items
Parent = tuple[str, tuple[str, ...], native._Inherited]
#: reads an "items" array at an offset, given the keys of its object read so far: the offset after
#: it, or None to leave it (stepped over, read again once the whole object is known)
ItemsReader = Callable[[dict[str, Any], int], "int | None"]


class _Reader:
    """One pass over the text: each item parsed once, checked, and its place noted (its Request is
    built and dropped: the checks that loading makes)."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        # per request, compactly: where its item starts in the text, its place in its array, which
        # array (in parents), whether it has scripts (its own or inherited), its name (setNextRequest)
        self.offsets, self.places, self.arrays = array("q"), array("q"), array("q")
        self.scripted = array("b")
        self.names: list[str] = []
        self.uses: list[Uses | None] = []  # what it sets and reads: one shared object per distinct value
        self._same: dict[Uses, Uses] = {}
        self.parents: list[Parent] = []

    def forget(self, count: int) -> None:
        """Drop the requests noted after the first `count` (an array read again)."""
        del self.offsets[count:], self.places[count:], self.arrays[count:], self.scripted[count:], self.names[count:]
        del self.uses[count:]

    def top_items(self, top: dict[str, Any], at: int) -> int | None:
        return self.items(at, "/items", (), _inherited(top))

    def items(self, at: int, pointer: str, folders: tuple[str, ...], up: native._Inherited) -> int:
        """Check each item of the array at `at` and note where its requests are; the offset after it."""
        text = self.text
        parent = len(self.parents)
        self.parents.append((pointer, folders, up))
        i = _ws(text, at + 1)
        j = 0
        while text[i] != "]":
            where = f"{pointer}/{j}"
            mark = len(self.offsets)

            def folder_items(node: dict[str, Any], at: int, where: str = where) -> int | None:
                name = node.get("name")
                if not isinstance(name, str):
                    return None
                return self.items(at, where + "/items", folders + (name,), up.child(node, where))

            children_at: int | None = None
            node: dict[str, Any] = {"items": None}
            if text[i] == "{":
                node, end = _SCAN(text, i)
            if "items" in node:  # a folder (parsed whole for a moment): read again key by key, an item at a time
                node, children_at, end, walked = self.object(i, folder_items)
            # else a request (most items): parsed in one call of the json module's scanner
            if children_at is not None:  # a folder: checked without its items (read above, or now)
                if not _item_validator().is_valid({**node, "items": []}) or node.get("prerequest", {}).get("messages"):
                    raise _Eager
                if not walked:
                    self.forget(mark)
                    self.items(children_at, where + "/items", folders + (node["name"],), up.child(node, where))
            else:
                if "items" in node or not _item_validator().is_valid(node):
                    raise _Eager
                req = native._request(node, where, folders, up, self.file, index=len(self.offsets))  # its checks
                self.offsets.append(i)
                self.places.append(j)
                self.arrays.append(parent)
                self.scripted.append(bool(req.prerequest or req.tests))
                self.names.append(req.name)
                use = uses_of(req)
                self.uses.append(use if use is None else self._same.setdefault(use, use))
            j += 1
            i = self.next(end, "]")
        return i + 1

    def next(self, i: int, close: str) -> int:
        """After a value: the offset of the next one, or of the closing `close`."""
        text = self.text
        i = _ws(text, i)
        if text[i] == ",":
            i = _ws(text, i + 1)
            if text[i] in "]}":
                raise _Eager  # a trailing comma
            return i
        if text[i] != close:
            raise _Eager
        return i

    def object(self, i: int, read_items: ItemsReader | None = None,
               keys: set[str] | None = None) -> tuple[dict[str, Any], int | None, int, bool]:
        """The JSON object at ``text[i]``, parsed as the json module parses it, except an ``"items"``
        array: (the object without it, the array's offset or None, the offset after the object,
        whether `read_items` read the array with every other key of the object known). A key not in
        `keys` (when given) ends the reading."""
        text = self.text
        if text[i] != "{":
            raise _Eager
        obj: dict[str, Any] = {}
        items_at, walked = None, False
        i = _ws(text, i + 1)
        if text[i] == "}":
            return obj, None, i + 1, False
        while True:
            if text[i] != '"':
                raise _Eager
            key, i = scanstring(text, i + 1)
            i = _ws(text, i)
            if text[i] != ":":
                raise _Eager
            i = _ws(text, i + 1)
            if keys is not None and key not in keys:
                raise _Eager  # not a key of a native collection (a Postman file's "info", "item"): stop at once
            if key == "items" and (items_at is not None or key in obj):
                raise _Eager  # a repeated key (the last one counts): left to the eager path
            if key == "items" and text[i] == "[":
                items_at = i
                end = None if read_items is None else read_items(obj, i)
                walked = end is not None
                i = self.skip(i) if end is None else end
            else:
                walked = False  # a key after the items: they are read again by the caller
                obj[key], i = _SCAN(text, i)
            i = self.next(i, "}")
            if text[i] == "}":
                return obj, items_at, i + 1, walked

    def skip(self, i: int) -> int:
        """The offset after the array of items at ``text[i]``, each item read and dropped (a folder's
        own items stepped over the same way: no more than one item held at a time)."""
        text = self.text
        i = _ws(text, i + 1)
        while text[i] != "]":
            end = self.object(i)[2] if text[i] == "{" else _SCAN(text, i)[1]
            i = self.next(end, "]")
        return i + 1

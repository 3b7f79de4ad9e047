"""HTML for scripts (cheerio): parsed by selectolax's lexbor engine (an HTML5 parser).

``parse`` returns the document as a JSON tree the sandbox walks; ``select`` runs a CSS
selector and returns the matching elements' positions in that tree (document order).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:
    from selectolax.lexbor import LexborHTMLParser, LexborNode
except ImportError as exc:  # pragma: no cover - selectolax is a dependency of cdp-runner
    raise ValueError("cheerio needs the selectolax package: pip install selectolax") from exc

_HAS_DOCUMENT = re.compile(r"<\s*(?:html|head|body)\b", re.IGNORECASE)
_COMMENT, _TEXT = "-comment", "-text"


@lru_cache(maxsize=16)
def _document(html: str) -> tuple[list[LexborNode], dict[int, int]]:
    """Top-level nodes as cheerio sees them, and element mem_id -> element index (document order)."""
    tree = LexborHTMLParser(html)
    if _HAS_DOCUMENT.search(html) or tree.root is None:
        tops = [tree.root] if tree.root is not None else []
    else:  # a fragment: no implied <html>/<head>/<body>, as cheerio's htmlparser2 reads it
        tops = [n for part in (tree.head, tree.body) if part is not None for n in part.iter(include_text=True)]
    index: dict[int, int] = {}
    for top in tops:
        for node in top.traverse(include_text=False):
            if node.tag not in (_TEXT, _COMMENT) and node.mem_id not in index:
                index[node.mem_id] = len(index)
    return tops, index


def _convert(node: LexborNode, index: dict[int, int]) -> Any:
    tag = node.tag
    if tag == _TEXT:
        return node.text_content or ""
    if tag == _COMMENT:
        html = node.html or ""
        return {"c": html[4:-3] if html.startswith("<!--") and html.endswith("-->") else html}
    attrs = {k: ("" if v is None else v) for k, v in node.attributes.items()}
    children = [_convert(c, index) for c in node.iter(include_text=True)]
    return {"t": tag, "a": attrs, "k": children, "i": index.get(node.mem_id, -1)}


def parse(html: Any) -> list:
    """The document as nested ``{"t": tag, "a": attrs, "k": children, "i": index}``, texts as strings."""
    tops, index = _document(str(html or ""))
    return [_convert(n, index) for n in tops]


def select(arg: dict) -> list[int]:
    """``arg``: ``{"html": str, "selector": str}`` -> indices of the matching elements."""
    tops, index = _document(str(arg.get("html") or ""))
    selector = str(arg.get("selector") or "")
    found: list[int] = []
    for top in tops:
        if top.tag in (_TEXT, _COMMENT):
            continue
        try:
            matches = top.css(selector)
        except Exception as exc:  # lexbor's message for an invalid selector
            raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
        for m in matches:
            i = index.get(m.mem_id)
            if i is not None and i not in found:
                found.append(i)
    return sorted(found)

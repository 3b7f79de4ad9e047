"""The forms in which a secret value can be written in what the runner shows or writes.

A value is not only written as it is: a JSON body or report holds it JSON-escaped, a URL holds
it percent-encoded, an HTML or XML report holds it entity-escaped. ``written_forms`` lists, for
one value, every form the runner and the formats it writes produce, so that masking any of
them hides the value wherever it shows. The value, and its UTF-8 bytes read as Latin-1 (how
HTTP header values are shown and how most servers read them back), each:

- as it is;
- escaped: JSON as ``json.dumps`` writes it with and without ``ensure_ascii`` (``\\"``,
  ``\\\\``, ``\\u00e9``), that JSON-escaped again (a JSON document held in a JSON string), and
  as the ``pm`` API's assertion messages quote strings (``'...'``, ``\\'`` and ``\\\\``);
- percent-encoded, as and escaped: by ``quote`` with ``safe=""``, ``"/:"``, and the sets an HTTP
  client leaves as they are in a user info, path, query or fragment (WHATWG, as httpx), and by
  ``quote_plus``; with upper- and lower-case hex digits;
- HTML- and XML-escaped, as and escaped (``&quot;``/``&#34;``, ``&#x27;``/``&#39;``/``&apos;``,
  ``&amp;``, ``&lt;``, ``&gt;``).

Forms the runner does not produce itself (a base64 or a hash a script computes, a server's own
encoding) are not listed: see docs/cli.md, "Secrets".
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, quote_plus

from runner._files import LONE_SURROGATE

_UNRESERVED = "-._~"  # with letters and digits, never encoded
#: the characters ``quote`` leaves as they are: all reserved characters encoded; the runner's own
#: URL display; what an HTTP client leaves in a user info, a path, a query and a fragment (WHATWG)
_SAFE_SETS = ("", "/:", "!$%&'()*+,:" + _UNRESERVED, "!$%&'()*+,/:;=@[\\]^|" + _UNRESERVED,
              "!$%&'()*+,/:;=?@[\\]^`{|}" + _UNRESERVED, "!#$%&'()*+,/:;=?@[\\]^_{|}" + _UNRESERVED)
_HEX = re.compile(r"%[0-9A-F]{2}")
#: what the ``pm`` API's messages escape in a quoted string (as chai's inspect does)
_JS_ESCAPED = re.compile("['\\\\\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0604\u070f\u17b4\u17b5"
                         "\u200c-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ufff0-\uffff]")
_JS_NAMED = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "'": "\\'", "\\": "\\\\"}

def _bytes(text: str) -> bytes:
    """UTF-8 for percent-encoding; a lone UTF-16 surrogate as its three bytes, as URLs write it."""
    return text.encode("utf-8", "surrogatepass")


#: how a value is written, by the name a recording's placeholder gives the form
#: (``{{*****:NAME}}`` is the value itself, ``{{*****:NAME|json}}`` its JSON-escaped form)
ENCODERS: dict[str, Callable[[str], str]] = {
    "": lambda v: v,
    "json": lambda v: json.dumps(v, ensure_ascii=False)[1:-1],
    "json-ascii": lambda v: json.dumps(v)[1:-1],
    "url": lambda v: quote(_bytes(v), safe=""),
    "url-plus": lambda v: quote_plus(_bytes(v), safe=""),
}


def js_quoted(text: str) -> str:
    """``text`` as the ``pm`` API's assertion messages write a string between ``'...'``; such a
    message cuts a long one (``'eyJhbGciOi…'``): see ``Masker``."""
    return _JS_ESCAPED.sub(lambda m: _JS_NAMED.get(m.group()) or f"\\u{ord(m.group()):04x}", text)


def _escaped(text: str) -> list[str]:
    inner = [ENCODERS["json"](text), ENCODERS["json-ascii"](text)]
    return [*inner, *(json.dumps(form)[1:-1] for form in inner), js_quoted(text)]


def _percent_forms(text: str) -> list[str]:
    out = []
    raw = _bytes(text)
    for encoded in [quote(raw, safe=s) for s in _SAFE_SETS] + [quote_plus(raw, safe="")]:
        out.append(encoded)
        out.append(_HEX.sub(lambda m: m.group().lower(), encoded))
    return out


def _entity_forms(text: str) -> list[str]:
    escaped = html.escape(text)  # &amp; &lt; &gt; &quot; &#x27;
    return [escaped,
            escaped.replace("&quot;", "&#34;").replace("&#x27;", "&#39;"),  # markupsafe (Jinja2)
            escaped.replace("&#x27;", "&apos;"),  # XML
            html.escape(text, quote=False)]  # XML text (ElementTree, saxutils)


def written_forms(value: str) -> dict[str, str]:
    """Every form ``value`` is written in (see the module's doc) -> the ``ENCODERS`` name of the
    form when it is one of those ("" for the value itself), else ``"*"`` (masked, not restored)."""
    kinds = {encode(value): name for name, encode in reversed(ENCODERS.items())}
    bases = [value]
    latin1 = value.encode("utf-8", "surrogatepass").decode("latin-1")
    if latin1 != value:
        bases.append(latin1)
    if (sent := LONE_SURROGATE.sub("\ufffd", value)) != value:  # as a body carries it (U+FFFD)
        bases += [sent, sent.encode().decode("latin-1")]
    forms: dict[str, str] = {}
    for base in bases:
        for text in (base, *_escaped(base)):
            for form in (text, *_percent_forms(text), *_entity_forms(text)):
                forms.setdefault(form, kinds.get(form, "*"))
    forms[value] = ""
    return forms


_TRIE_DEPTH = 6  # below this depth the rest of the trie is a plain alternation (bounded nesting)


def alternation(strings: Iterable[str]) -> str:
    """A regex matching any of ``strings``, the longest one where several match at a place.

    The first characters are factored out as a trie (``abc|abd|xy`` -> ``ab(?:c|d)|xy``), so a
    place where no string starts costs one look at a character, not one per string."""
    trie: dict[str, dict] = {}
    for s in strings:
        node = trie
        for ch in s[:_TRIE_DEPTH]:
            node = node.setdefault(ch, {})
        node.setdefault("", {})[s[_TRIE_DEPTH:]] = {}  # the rest, kept whole
    return _regex(trie)


def _regex(node: dict[str, dict]) -> str:
    rests = node.get("")
    branches = [re.escape(ch) + _regex(child) for ch, child in sorted(node.items()) if ch]
    if rests:  # leaves: whole rests, longest first, the empty one (if any) last
        branches += [re.escape(r) for r in sorted(rests, key=len, reverse=True) if r]
        if "" in rests:
            return "(?:" + "|".join(branches) + ")?" if branches else ""
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


class Patterns:
    """Compiled patterns of a growing set of strings (the forms of a run's secrets).

    Compiling a pattern costs time in proportion to its size, and a run learns secrets one by one
    (a token per login, a data row ...): compiling all of them again at each new one would cost
    the square of their number. So the strings are kept in groups of growing size, as the bits
    of a binary counter: a new group takes in the groups no bigger than itself, and a string is
    compiled again only a few times (log n). Matching runs each group's pattern in turn, the
    biggest first. A string that holds, or is held in, a string of another group would be
    replaced in part by one group before the other sees it whole: then every group merges into one.
    """

    __slots__ = ("_groups", "_pending", "_patterns")

    def __init__(self) -> None:
        self._groups: list[tuple[re.Pattern[str], list[str], str]] = []  # pattern, strings, strings joined
        self._pending: list[str] = []
        self._patterns: list[re.Pattern[str]] = []

    def add(self, string: str) -> None:
        self._pending.append(string)

    def compiled(self) -> list[re.Pattern[str]]:
        """The patterns to run in turn, the strings added since the last call compiled in."""
        if self._pending:
            self._merge()
        return self._patterns

    def _merge(self) -> None:
        new, self._pending = self._pending, []
        while self._groups and len(self._groups[-1][1]) <= len(new):
            new = self._groups.pop()[1] + new
        pattern, joined = re.compile(alternation(new)), "\n".join(new)
        if any(p.search(joined) or pattern.search(j) for p, _, j in self._groups):
            new = [s for _, strings, _ in self._groups for s in strings] + new
            self._groups = []
            pattern, joined = re.compile(alternation(new)), "\n".join(new)
        self._groups.append((pattern, new, joined))
        self._patterns = [p for p, _, _ in self._groups]

"""How results read to people: pure functions shared by the console, JUnit and HTML reporters and
the pytest plugin.

- ``printable``: text from collections, servers and scripts made safe to show. Control and
  escape characters (ANSI sequences, ``\\r``, other C0/C1 controls, bidirectional overrides) and
  lone UTF-16 surrogates become visible escapes (``\\x1b``, ``\\ud800``), so nothing reaches a
  terminal raw and every output can be encoded (UTF-8, XML 1.0).
- ``display_url``: a URL with JSON values carried in query parameters shown decoded (the Stream
  API ``message=%7B%22channel%22...`` reads ``message={"channel"...``). Display only: the wire
  and report.json keep the URL as sent.
- ``body_excerpt`` / ``failure_context``: the start of a response body (pretty-printed when JSON,
  cut at ``BODY_LINES`` lines or ``BODY_BYTES`` bytes, saying how much was cut) and the request's
  key values, so a failed check or a 4xx/5xx answer explains itself without ``--verbose``.

Everything here works on results that are already masked; nothing is unmasked or re-encoded.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, unquote_plus

from runner._files import LONE_SURROGATE, json_text  # noqa: F401 - the reporters take json_text from here
from runner.model.results import AssertionResult, Execution

BODY_LINES = 40  # lines of a response body shown with a failure
BODY_BYTES = 2048  # ... and at most this many bytes (UTF-8) of it

_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates, the two non-characters XML
# forbids, and the bidirectional embeddings/overrides/isolates that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_NEWLINE = re.compile(_UNSAFE.pattern[:-1] + "\n]")
_NAMED = {"\r": "\\r", "\n": "\\n"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _join_pairs(text: str) -> str:
    """Surrogate pairs kept as two code units (as JavaScript strings hold them) made one character."""
    return _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)


def printable(text: object, *, newlines: bool = True) -> str:
    """``text`` safe to print or write anywhere: unsafe characters become visible escapes.

    Tabs are kept; newlines too unless ``newlines`` is false (names, URLs, one-line fields), and a
    CR LF line ending counts as a newline. Surrogate pairs are joined into their character."""
    s = text if isinstance(text, str) else str(text)
    if newlines and "\r\n" in s:
        s = s.replace("\r\n", "\n")
    pattern = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    if not pattern.search(s):
        return s
    if LONE_SURROGATE.search(s):
        s = _join_pairs(s)
    return pattern.sub(_escape, s)


# -- JSON in query parameters ----------------------------------------------------------------

_JSON_STARTS = ("{", "[", "%7B", "%7b", "%5B", "%5b")  # what a value decoding to an object or array starts with


def _unquote(raw: str) -> str:
    """``urllib.parse.unquote(raw)``: for an ASCII query value without backslashes, each ``%XX`` as
    a ``\\xXX`` escape decoded by the codec (in C, six times faster than urllib's loop), the bytes
    then read as UTF-8 as urllib reads them; anything else (a ``%`` without two hex digits) by urllib."""
    if raw.isascii() and "\\" not in raw:
        try:
            return codecs.decode(raw.replace("%", "\\x"), "unicode_escape").encode("latin-1").decode("utf-8", "replace")
        except UnicodeDecodeError:
            pass
    return unquote(raw)


def _unquote_plus(raw: str) -> str:
    return _unquote(raw.replace("+", " "))


def _json_value(raw: str) -> tuple[str, Any] | None:
    """The decoded text and value of a percent-encoded query value that holds a JSON object or array."""
    if "%" not in raw and "+" not in raw or not raw.startswith(_JSON_STARTS):
        return None
    for decode in (_unquote, _unquote_plus):
        text = decode(raw)
        if text[:1] not in ("{", "[") or text == raw:
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, (dict, list)):
            return text, value
    return None


def _query(url: str) -> str:
    """The query of ``url`` (split by hand: no URL, however malformed, makes a display fail)."""
    return url.partition("?")[2].partition("#")[0]


def query_json(url: str) -> list[tuple[str, Any]]:
    """The query parameters of ``url`` that carry a JSON object or array: (name, value), in order."""
    found = []
    for part in _query(url).split("&"):
        name, sep, raw = part.partition("=")
        decoded = _json_value(raw) if sep else None
        if decoded is not None:
            found.append((unquote_plus(name), decoded[1]))
    return found


def redirect_lines(ex: Execution) -> list[str]:
    """One line per followed redirect, in order: ``302 GET http://a/x -> http://b/y``."""
    return [printable(f"{r.status} {r.method} {display_url(r.url)} -> {display_url(r.location)}", newlines=False)
            for r in ex.redirects]


def display_url(url: str) -> str:
    """``url`` as people read it: JSON carried in query parameters decoded; the rest as sent."""
    if "?" not in url or "%" not in url and "+" not in url:
        return url
    head, _, rest = url.partition("?")
    query, hash_, fragment = rest.partition("#")
    parts = []
    for part in query.split("&"):
        name, sep, raw = part.partition("=")
        decoded = _json_value(raw) if sep else None
        parts.append(f"{name}={decoded[0]}" if decoded is not None else part)
    return f"{head}?{'&'.join(parts)}{hash_}{fragment}"


# -- response bodies -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Excerpt:
    """The start of a body: ``text`` (printable) and what was left out."""

    text: str
    lines_total: int
    lines_shown: int
    bytes_total: int
    bytes_shown: int

    @property
    def cut(self) -> bool:
        return self.bytes_shown < self.bytes_total

    @property
    def note(self) -> str:
        """``… showing 40 of 132 lines (2.0 kB of 6.1 kB)`` when cut, else empty."""
        if not self.cut:
            return ""
        return (f"… showing {self.lines_shown} of {self.lines_total} lines "
                f"({_size(self.bytes_shown)} of {_size(self.bytes_total)})")


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB"


def pretty_json(text: str) -> str | None:
    """``text`` indented when it is a JSON object or array; None otherwise."""
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, (dict, list)):
        return None
    try:
        return json.dumps(value, indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        return None


def body_excerpt(body: str, *, max_lines: int = BODY_LINES, max_bytes: int = BODY_BYTES) -> Excerpt:
    """The start of ``body``: pretty JSON when it is JSON, at most ``max_lines`` lines and
    ``max_bytes`` UTF-8 bytes (cut at a character), made printable."""
    shown = (pretty_json(body) or body.replace("\r\n", "\n")).rstrip("\n")
    lines = shown.split("\n")
    head = _first_bytes("\n".join(lines[:max_lines]), max_bytes)
    return Excerpt(text=printable(head), lines_total=len(lines), lines_shown=head.count("\n") + 1,
                   bytes_total=_utf8_len(shown), bytes_shown=_utf8_len(head))


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _first_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 form fits in ``limit`` bytes (whole characters)."""
    if len(text) * 4 <= limit or _utf8_len(text) <= limit:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += _utf8_len(ch)
        if used > limit:
            return text[:i]
    return text


# -- what a failure shows --------------------------------------------------------------------

def listed_failures(ex: Execution) -> list[tuple[int, AssertionResult]]:
    """The failed checks a failures list shows, with their index. A request that got no response shows
    only what its test scripts checked (they run all the same, as in Newman): its declared checks were
    never evaluated and carry the request's error (its kind too), which is listed once already."""
    def shown(a: AssertionResult) -> bool:
        if ex.response is not None or not ex.error:
            return True
        return ex.error_kind is not None and a.kind is not ex.error_kind
    return [(i, a) for i, a in enumerate(ex.assertions) if not a.passed and not a.skipped and shown(a)]


def explains(ex: Execution) -> bool:
    """Whether ``ex`` deserves its request and response body shown: it failed, or the answer was 4xx/5xx."""
    if ex.skipped:
        return False
    return ex.failed or (ex.response is not None and ex.response.status >= 400)


def request_line(ex: Execution) -> str:
    """``GET https://...`` with JSON query values decoded (printable), or empty when nothing was sent."""
    if ex.request is None:
        return ""
    return printable(f"{ex.request.method} {display_url(ex.request.url)}", newlines=False)


def query_lines(ex: Execution) -> list[str]:
    """Each JSON query parameter of the request, pretty-printed: ``message = {`` ... ``}``."""
    if ex.request is None:
        return []
    lines: list[str] = []
    for name, value in query_json(ex.request.url):
        pretty = json.dumps(value, indent=2, ensure_ascii=False).split("\n")
        lines.append(printable(f"{name} = {pretty[0]}", newlines=False))
        lines.extend(printable(line, newlines=False) for line in pretty[1:])
    return lines


def status_line(ex: Execution) -> str:
    """``400 Bad Request, 52 B, 3 ms``, or ``no response``."""
    r = ex.response
    if r is None:
        return "no response"
    return printable(f"{r.status} {r.reason}, {_size(r.size)}, {r.time_ms:.0f} ms", newlines=False)


def failure_context(ex: Execution) -> list[str]:
    """What a failure shows besides its checks: the request line, its JSON query values, the
    response status and the start of the response body (with a note when cut)."""
    lines: list[str] = []
    if ex.request is not None:
        lines.append(f"request: {request_line(ex)}")
        lines.extend("  " + line for line in query_lines(ex))
    if ex.response is not None:
        lines.append(f"response: {status_line(ex)}")
        if ex.response.body:
            excerpt = body_excerpt(ex.response.body)
            lines.extend("  " + line for line in excerpt.text.split("\n"))
            if excerpt.note:
                lines.append("  " + excerpt.note)
    return lines

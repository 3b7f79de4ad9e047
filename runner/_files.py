"""Reading the user's files: JSON with its place (line:column) on every failure, UTF-8 with the
byte that broke it, JSON-pointer escaping. The bottom layer: imports nothing of the package but
errors."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from itertools import accumulate
from typing import Any

from runner.errors import InputError

#: The largest input file read (collections, environments, globals, data and mock files): far above
#: any real one, low enough that a wrong path (a disk image, a log) fails at once instead of filling memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024
#: How deep JSON input may nest. Python's parser (and every walk over the data after it) recurses once
#: per level and stops near 1,000; no collection, environment or mock file comes near 128 (serde_json's limit too).
MAX_JSON_DEPTH = 128
# a JSON string (maybe unclosed), or a bracket; the string part is '"(?:[^"\\]|\\.)*"?' unrolled (twice as fast)
_BRACKETS_OR_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')
# the same tokens, its strings unrolled; findall gives "" for a string and the bracket for a bracket
_BRACKET_OUTSIDE_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|([\[\]{}])')
_LONG_INTEGER = re.compile(r"(?<![\w.])\d{%d,}" % (sys.get_int_max_str_digits() + 1))  # json.loads refuses it
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str, every surrogate is a lone one
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# the same rule over bytes that hold only quotes and brackets (see _deepest_unescaped)
_BYTE_STEP = [0] * 256
for _mark, _step in _DEPTH_STEP.items():
    _BYTE_STEP[ord(_mark)] = _step
_NOT_MARKS = bytes(b for b in range(256) if b not in b'"[]{}')


def read_text(path: str | os.PathLike[str], *, what: str = "file", expected: str = "a text file") -> str:
    """A user's text file, decoded: UTF-8, or UTF-16 / UTF-8 with a byte-order mark (as editors on
    Windows save them, and as Newman reads them). Every failure is an InputError naming the file,
    and for bad bytes the line:column of the first one.

    `what` names the file's role in "not found" messages ("data file", "environment file").
    """
    name = str(path)
    raw = read_bytes(path, what=what, expected=expected)
    utf16 = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(f"not valid UTF-16 text; expected {expected}", file=name) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected {expected} saved as UTF-8",
                         file=name, place=f"{line}:{col}") from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for mostly-ASCII UTF-16 text saved without a byte-order mark (every
    ASCII character then has a zero byte on the same side; Newman's charset detection reads these
    files too), else None."""
    head = raw[:256]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) * 4 >= len(odd) * 3 and not even.count(0):
        return "utf-16-le"
    if even.count(0) * 4 >= len(even) * 3 and not odd.count(0):
        return "utf-16-be"
    return None


def read_bytes(path: str | os.PathLike[str], *, what: str = "file", expected: str = "a text file",
               limit: int | None = None) -> bytes:
    """A user's file as bytes: only a regular file (a device, FIFO or socket is refused unopened, so
    ``/dev/zero`` behind a ``.json`` link or a named pipe cannot hang or exhaust a run) of at most
    `limit` bytes (default MAX_INPUT_BYTES). Every failure is an InputError naming the file."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    raw = _read(path, what, expected, limit, limit + 1)
    if len(raw) > limit:  # it grew after the size check
        raise InputError(f"{what} too large (over {limit:,} bytes)", file=str(path))
    return raw


def read_start(path: str | os.PathLike[str], size: int, *, what: str = "file", expected: str = "a text file") -> bytes:
    """The first `size` bytes of a user's file, refused as read_bytes refuses it (not a regular
    file, over MAX_INPUT_BYTES): for deciding what a file is without reading all of it."""
    return _read(path, what, expected, MAX_INPUT_BYTES, size)


def _read(path: str | os.PathLike[str], what: str, expected: str, limit: int, size: int) -> bytes:
    """Up to `size` bytes of a regular file of at most `limit` bytes; an InputError naming it otherwise."""
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"is a directory, expected {expected}", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_file_kind(info.st_mode)}), expected {expected}; not read",
                             file=name)
        if info.st_size > limit:
            raise InputError(f"{what} too large ({info.st_size:,} bytes; the limit is {limit:,})", file=name)
        with open(path, "rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", file=name) from None


#: enough of a file's start for opens_object (read_text tells UTF-16 text without a BOM by its first 256 bytes)
START_BYTES = 4096


def opens_object(start: bytes) -> bool | None:
    """Whether a file whose first bytes are `start` (at least START_BYTES of them, or the whole
    file) holds a JSON object, as far as its first character tells: read_text's decoding, then
    JSON's whitespace. None when they cannot tell (UTF-16 text, whitespace only so far). False
    means no JSON object, whatever follows: another value, broken JSON, or text that is not UTF-8."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(start):
        return None
    rest = start.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\n\r")
    return rest[:1] == b"{" if rest else None


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def read_json(path: str | os.PathLike[str], *, what: str = "file") -> Any:
    """Parse a JSON file; every failure is an InputError naming file and line:column."""
    text = read_text(path, what=what, expected="a JSON file")
    return parse_json(text, file=str(path))


def parse_json(text: str, *, file: str) -> Any:
    """JSON text of the user's file `file`; every failure (syntax, nesting too deep) is an InputError
    naming file and line:column."""
    if _valid_json_depth(text) <= MAX_JSON_DEPTH:  # the usual file: checked and parsed at C speed
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            pass  # not valid JSON (or a number too long): found again below, by the rule that names the place
    deep = nesting_beyond(text, MAX_JSON_DEPTH)
    if deep is not None:
        line, col = line_col(text, deep)
        raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels (the nesting depth limit)",
                         file=file, place=f"{line}:{col}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message, pos = _explain_json_error(exc)
        line, col = line_col(text, pos)
        raise InputError(f"invalid JSON: {message}", file=file, place=f"{line}:{col}") from None
    except ValueError as exc:  # Python's guard against quadratic int() on huge digit strings
        long = _LONG_INTEGER.search(text)
        line, col = line_col(text, long.start()) if long else (1, 1)
        raise InputError(f"a number too long to read: {exc.args[0].split(';')[0]}", file=file,
                         place=f"{line}:{col}") from None
    except RecursionError:  # nesting_beyond() is the guard; a smaller stack than usual still ends here
        raise InputError(f"JSON nested too deeply for the parser (the nesting depth limit is {MAX_JSON_DEPTH})",
                         file=file, place="1:1") from None


def _valid_json_depth(text: str) -> int:
    """How deep `text` nests if it is valid JSON (then :func:`nesting_beyond`'s count, at a fraction of its
    cost); for other text a number that may be wrong, so trust it only once ``json.loads`` took the text.

    In valid JSON a backslash is only ever the start of an escape inside a string: with the ``\\\\``
    and ``\\"`` escapes taken out, every quote left opens or closes a string and a bracket is outside
    strings exactly when an even number of quotes comes before it. A wrong answer on invalid JSON cannot
    let the parser recurse deeper than this count, as the parser stops at the first invalid character
    and the count is right for every valid prefix."""
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    return _deepest_unescaped(text)


def nesting_beyond(text: str, limit: int) -> int | None:
    """The offset of the first ``[`` or ``{`` that opens level `limit` + 1 of JSON text, or None.

    Brackets inside strings do not count. Linear, no recursion: safe for any input."""
    if text.count("[") + text.count("{") <= limit:
        return None
    # The deepest level, at C speed (the brackets outside strings, then a running sum over them; a list
    # of one-character strings, no copy of the text in pieces); only a file that nests too deeply is
    # walked bracket by bracket for the offset.
    if "\\" not in text:
        deepest = _deepest_unescaped(text)
    else:
        brackets = "".join(_BRACKET_OUTSIDE_STRINGS.findall(text))
        deepest = max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)
    if deepest <= limit:
        return None
    depth = 0
    for m in _BRACKETS_OR_STRING.finditer(text):
        c = m.group()[0]
        if c in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


def _deepest_unescaped(text: str) -> int:
    """The deepest bracket level of a text without backslashes (no string in it can hold an escaped
    quote: its strings are what lies between a quote and the next), a chunk at a time: everything
    but brackets and quotes dropped by ``bytes.translate``, the strings then by a split on quotes.
    About six times faster than the pattern, and holds no more than a chunk in pieces."""
    depth = deepest = 0
    inside = False  # a string runs on from the chunk before
    for start in range(0, len(text), _DEPTH_CHUNK):
        # UTF-8 writes every other character with bytes >= 0x80: brackets and quotes stay one byte each
        kept = text[start:start + _DEPTH_CHUNK].encode("utf-8", "surrogatepass").translate(None, _NOT_MARKS)
        pieces = kept.split(b'"')
        brackets = b"".join(pieces[1::2] if inside else pieces[::2])
        inside ^= len(pieces) % 2 == 0  # an odd count of quotes in the chunk
        if brackets:
            levels = list(accumulate(map(_BYTE_STEP.__getitem__, brackets), initial=depth))
            deepest, depth = max(deepest, max(levels)), levels[-1]
    return deepest


_DEPTH_CHUNK = 1 << 16  # characters


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text` (characters, or bytes for undecodable input)."""
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1, offset - (text.rfind(newline, 0, offset) + 1) + 1


def pointer_escape(key: str) -> str:
    """One JSON-pointer reference token (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _explain_json_error(exc: json.JSONDecodeError) -> tuple[str, int]:
    """The json module's message made plainer for the usual mistakes, and where to point."""
    text, pos = exc.doc, exc.pos
    if not text.strip():
        return "the file is empty: expected a JSON document", 0
    before = len(text[:pos].rstrip())
    if before and text[before - 1] == "," and text[pos:pos + 1] in ("}", "]"):
        return f"trailing comma before {text[pos]!r} (JSON allows none): remove it", before - 1
    if pos >= len(text.rstrip()):
        return f"unexpected end of file ({exc.msg}): is a closing '}}' or ']' missing?", pos
    if exc.msg == "Extra data":
        return "extra data after the JSON document (expected one value only)", pos
    if exc.msg.startswith("Expecting property name") and text[pos:pos + 1] == "'":
        return "strings and names need double quotes, not single quotes", pos
    return f"{exc.msg} (found {text[pos]!r})", pos


def json_type(value: Any) -> str:
    """How messages name a JSON value's type: "an object", "an array", ..."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def utf8(text: str) -> bytes:
    """Text as Node encodes it (on the wire, into a hash): UTF-8, a lone UTF-16 surrogate (a file or
    a script may hold one) written as U+FFFD."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", text).encode()


def json_text(serialized: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) made encodable: each lone surrogate left
    raw in a string becomes its ``\\uXXXX`` escape, which JSON readers decode back to the same string
    (as JavaScript's JSON.stringify writes it)."""
    if not LONE_SURROGATE.search(serialized):
        return serialized
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialized)


def dump_json(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)`` that any UTF-8 file or stream takes: a
    lone UTF-16 surrogate (a file may hold ``"\\ud800"``, a script may set one) stays its escape."""
    return json_text(json.dumps(value, ensure_ascii=False, **options))

"""Request bodies as Postman encodes them: comments out of raw JSON, URL-encoded forms with ``%20``,
form-data parts (text or file, each with its own content type) with files read under the rules of
``--working-dir`` and ``--no-insecure-file-read``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from runner._files import utf8
from runner.errors import TemplateError

Render = Callable[[str, str], str]


def strip_json_comments(text: str) -> str:
    """`text` without ``// line`` and ``/* block */`` comments outside JSON strings (Postman strips
    them from raw JSON bodies before sending). Text without either marker is returned as is."""
    if "//" not in text and "/*" not in text:
        return text
    out: list[str] = []
    i, n, start = 0, len(text), 0
    while i < n:
        c = text[i]
        if c == '"':  # skip the string, escapes included
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text.startswith("//", i):
            out.append(text[start:i])
            end = text.find("\n", i)
            i = start = n if end < 0 else end
        elif text.startswith("/*", i):
            out.append(text[start:i])
            end = text.find("*/", i + 2)
            i = start = n if end < 0 else end + 2
        else:
            i += 1
    out.append(text[start:])
    return "".join(out)


def urlencode(pairs: list[tuple[str, str]]) -> bytes:
    """``a=b%20c&...`` as Postman sends a urlencoded body: a space is ``%20`` (not ``+``), ``!'()*~``
    stay, and repeated keys are sent together where the key first appears."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return "&".join(f"{_form_quote(k)}={_form_quote(v)}" for k, values in grouped.items() for v in values).encode()


def _form_quote(text: str) -> str:
    """UTF-8 percent-encoding; a lone UTF-16 surrogate as its three bytes, as in URLs (``url.percent_encode``)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe=_FORM_SAFE)


_FORM_SAFE = "!'()*~"


@dataclass(slots=True)
class FileRules:
    """Where form-data files are read from: relative paths resolve against `working_dir` (the current
    folder when None); with `insecure` False, a file outside it is refused (Newman's
    ``--no-insecure-file-read``). `missing_warns`: a file that cannot be read is left out with a
    warning (Postman collections, as Newman does) instead of failing the request."""

    working_dir: str | None = None
    insecure: bool = True
    missing_warns: bool = False


def read_form_file(path: str, rules: FileRules) -> bytes:
    """The bytes of a form-data file; TemplateError says why it cannot be sent."""
    base = os.path.abspath(rules.working_dir or os.getcwd())
    full = os.path.abspath(os.path.join(base, os.path.expanduser(path)))
    if not rules.insecure and os.path.commonpath([base, os.path.realpath(full)]) != os.path.realpath(base):
        raise TemplateError(f"form-data file {path!r} is outside the working directory ({base}); "
                            "reading it is refused (--no-insecure-file-read)", where="body/formdata")
    try:
        with open(full, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise TemplateError(f"form-data file {path!r} cannot be read: {exc.strerror}", where="body/formdata") from None


def form_parts(fields: list[tuple[str, Any]], r: Render, rules: FileRules,
               warn: Callable[[str], None]) -> list[tuple[str, tuple[str | None, bytes, str | None]]]:
    """httpx ``files=`` parts, in order: text parts (no file name; a content type only when the field
    names one) and file parts (file name and content type: the field's, else guessed from the name)."""
    parts: list[tuple[str, tuple[str | None, bytes, str | None]]] = []
    for key, value in fields:
        name = r(key, "body/formdata")
        if isinstance(value, dict) and "file" in value:
            path = value["file"]
            ctype = value.get("contentType")
            if not path:  # a file field with no file chosen: Postman sends it empty
                parts.append((name, ("", b"", ctype or "application/octet-stream")))
                continue
            path = r(path, f"body/formdata/{key}")
            try:
                content = read_form_file(path, rules)
            except TemplateError as exc:
                if not rules.missing_warns or "outside the working directory" in str(exc):
                    raise
                warn(f"form-data field {name!r}: {exc.args[0]}; sent without it")
                continue
            parts.append((name, (os.path.basename(path), content, ctype)))
        elif isinstance(value, dict):
            parts.append((name, (None, utf8(r(value.get("text", ""), f"body/formdata/{key}")),
                                 value.get("contentType"))))
        else:
            parts.append((name, (None, utf8(r(value, f"body/formdata/{key}")), None)))
    return parts

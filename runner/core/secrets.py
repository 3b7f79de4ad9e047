"""Masking of secret values in everything the runner shows or writes.

A ``Masker`` knows the run's secret values and replaces each of them, in every form the runner
writes it (``runner.core.secret_forms``: as it is, JSON-escaped, percent-encoded, HTML/XML
escaped), by ``*****``; the password of a URL's user info (``https://user:*****@host``) too.
For recordings, ``scrub`` writes a placeholder naming the variable instead (``{{*****:NAME}}``)
that replay fills with the current value (``fill``).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from runner._files import utf8
from runner.core.secret_forms import ENCODERS, Patterns, js_quoted, written_forms
from runner.core.template import stringify

MASK = "*****"


def _any_case(name: str) -> str:
    """A regex matching ``name`` in any case (``[aA][pP][iI]_...``)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name)


SECRET_NAME_PATTERNS = ("*SECRET*", "*PASSWORD*", "*TOKEN*", "*KEY*")
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
#: JSON fields of responses whose (string) values are credentials: masked from then on, and
#: replaced by ``*****`` in recorded files
SECRET_FIELDS = frozenset({
    "access_token", "accesstoken", "refresh_token", "refreshtoken", "id_token", "idtoken", "token",
    "client_secret", "clientsecret", "password", "api_token", "apitoken", "client_key", "clientkey",
    "api_key", "apikey",
})
_MIN_LEN = 4  # shorter values would mask ordinary text ("1", "on")

#: names that say "this is where, not what": ESP_TOKEN_URL is an address and ESP_CLIENT_CERT a
#: certificate file's path, not a secret
_ADDRESS_SUFFIXES = ("_URL", "_URI", "_ENDPOINT", "_HOST", "_CERT", "_CERTIFICATE")
#: the password of a URL's user info: ``scheme://user:PASSWORD@``
_USERINFO = re.compile(r"(?<=://)([^\s/?#@:\"'<>]*:)[^\s/?#@\"'<>]+(?=@)")
#: ``{{*****:NAME}}`` or ``{{*****:NAME|form}}``: a recorded secret, put back on replay; a server's
#: own text that starts like one is recorded with ``{{*****:}}`` for that start, so the two
#: can never be taken for each other
PLACEHOLDER = re.compile(r"\{\{\*{5}:([^{}|]*)(?:\|([a-z-]+))?\}\}")
_PLACEHOLDER_START = "{{" + MASK + ":"
_KEEP_USER = r"\g<1>" + MASK  # the user name stays, the password goes
_URL_DELIMITERS = re.compile(r"[/?#&=;]")
_CUT = "\u2026"  # "…", where a message cut a long string
_PLAIN_NAME = re.compile(r"[^{}|]+")  # a name a placeholder can hold
#: a word every name in SECRET_FIELDS holds, in the case styles names are written in: a JSON
#: text without one has no such field (a quick look before the slower pattern)
_FIELD_HINT = re.compile("|".join(f"{w}|{w.title()}|{w.upper()}" for w in ("token", "secret", "password", "key")))
#: a credential field's string value in a JSON text: ``"access_token": "..."``, any case (a
#: look at the first letter first: most keys start with another one)
_FIELD_VALUE = re.compile('"(?=[' + "".join(sorted({f[0] + f[0].upper() for f in SECRET_FIELDS})) + "])"
                          + "(?:" + "|".join(_any_case(f) for f in sorted(SECRET_FIELDS)) + ')"'
                          + r'\s*:\s*"((?:[^"\\]|\\.)*)"')


@functools.lru_cache(maxsize=4096)  # asked for each variable a run sets, each request: a run has few names
def is_secret_name(name: str) -> bool:
    upper = name.upper()
    if upper.endswith(_ADDRESS_SUFFIXES):
        return False
    return any(fnmatch.fnmatchcase(upper, p) for p in SECRET_NAME_PATTERNS)


def placeholder(name: str, form: str = "") -> str:
    """What a recording holds instead of the value of variable ``name`` written in ``form``."""
    return "{{" + MASK + ":" + name + ("|" + form if form else "") + "}}"


class Masker:
    """Replaces known secret values, in every form the runner writes them, by ``*****``.

    ``add`` values as they become known (environment secrets, credentials a request used,
    tokens a script stored); ``add(name=...)`` remembers which variable a value is, for
    recordings. Values shorter than 4 characters are not masked.
    """

    __slots__ = ("_forms", "_masked", "_names", "_patterns", "_quoted", "_splittable")

    def __init__(self, values: Iterable[str] = (), names: Mapping[str, Any] | None = None) -> None:
        self._forms: dict[str, tuple[str, str]] = {}  # written form -> (value, form name)
        self._names: dict[str, str] = {}  # value -> the variable that holds it
        self._patterns = Patterns()  # of every form of every value
        self._quoted: list[str] = []  # values as assertion messages quote them, which may cut them
        self._splittable: list[str] = []  # values a URL would cut in parts (they hold & = ? # / ;)
        # short texts masked since the last secret was added -> masked: a run masks the same header
        # values, reasons and check names request after request (emptied by every new secret)
        self._masked: dict[str, str] = {}
        self.add(*values)
        for name, value in (names or {}).items():
            self.add(value, name=name)

    # -- what is secret ------------------------------------------------------------------
    def add(self, *values: object, name: str | None = None) -> None:
        for v in values:
            if not isinstance(v, str) or len(v) < _MIN_LEN:
                continue
            if name is not None:
                self._names.setdefault(v, name)  # the first variable that holds it names it
            if v in self._forms:
                continue
            self._masked.clear()  # what was masked before may hold this value
            for form, kind in written_forms(v).items():
                if len(form) >= _MIN_LEN and form not in self._forms:
                    self._forms[form] = (v, kind)
                    self._patterns.add(form)
            self._quoted.append(js_quoted(v))
            if _URL_DELIMITERS.search(v):
                self._splittable.append(v)

    def add_credential(self, header_value: str) -> None:
        """An ``Authorization``-style header value: the whole of it and its credential part
        (a Basic header's password too)."""
        if header_value in self._forms:  # seen before (the same credential on every request)
            return
        scheme, _, credential = header_value.strip().partition(" ")
        self.add(header_value, credential.strip())
        if scheme.lower() == "basic" and credential:
            try:
                user, sep, password = base64.b64decode(credential.strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return
            if sep:
                self.add(password)

    def add_cookies(self, header_value: str, *, set_cookie: bool = False) -> None:
        """The cookies of a ``Cookie`` header (``a=1; b=2``), or the one a ``Set-Cookie`` header
        sets (its attributes are not secrets): each ``name=value`` and value."""
        pairs = header_value.split(";")[:1] if set_cookie else header_value.split(";")
        for pair in pairs:
            self.add(pair.strip(), pair.partition("=")[2].strip())

    def add_basic(self, user: str, password: str) -> None:
        """Basic credentials: the password and ``base64(user:password)`` as the header carries it."""
        self.add(password, base64.b64encode(utf8(f"{user}:{password}")).decode())

    def add_user_info(self, url: str) -> None:
        """The password of ``url``'s user info (as written and decoded) and the Basic header an
        HTTP client derives from it."""
        if "@" not in url:
            return
        try:
            parts = urlsplit(url)
            user, password = parts.username, parts.password
        except ValueError:  # not a URL: nothing to take from it
            return
        if password:
            self.add(password)
            self.add_basic(unquote(user or ""), unquote(password))

    def add_url_parts(self, url: str) -> None:
        """Parts of a secret that a URL holds apart. A secret holding ``&``, ``=``, ``#`` ... put in
        a URL as it is (a Postman URL is not encoded) is sent in pieces: other query parameters,
        a fragment; a server that echoes one shows a part of the secret. Each path segment,
        query name or value, or fragment of ``url`` (4 characters or more) that is part of a
        secret becomes a secret too."""
        if not self._splittable or len(url) < _MIN_LEN:
            return
        for piece in _URL_DELIMITERS.split(url.partition("://")[2]):
            if len(piece) >= _MIN_LEN and "%" in piece:
                piece = unquote(piece)
            if len(piece) >= _MIN_LEN and piece not in self._forms and any(piece in v for v in self._splittable):
                self.add(piece)

    def add_fields(self, text: str) -> None:
        """The string values of credential fields (``SECRET_FIELDS``) in a JSON text."""
        if '"' not in text or not _FIELD_HINT.search(text):
            return
        for match in _FIELD_VALUE.finditer(text):
            raw = match.group(1)
            try:
                self.add(_json_string(raw) if "\\" in raw else raw)
            except ValueError:
                self.add(raw)

    def name_of(self, value: str) -> str | None:
        return self._names.get(value)

    # -- masking -------------------------------------------------------------------------
    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        masked = self._masked.get(text)
        if masked is not None:
            return masked
        if len(text) > _MASKED_TEXT_MAX:
            return self._mask(text)
        if len(self._masked) >= _MASKED_KEPT:
            self._masked.clear()
        masked = self._masked[text] = self._mask(text)
        return masked

    def _mask(self, text: str) -> str:
        for pattern in self._patterns.compiled():  # compiled when first needed after an add
            text = pattern.sub(MASK, text)
        if "@" in text and "://" in text:
            text = _USERINFO.sub(_KEEP_USER, text)
        if _CUT in text and self._quoted:
            text = self._cut_starts(text)
        return text

    def _cut_starts(self, text: str) -> str:
        """The start of a secret that a message cut short (``expected 'eyJhbGciOi…' to ...``,
        as chai writes a long string): the longest such start before each ``…`` is masked."""
        out, done = [], 0
        for match in re.finditer(_CUT, text):
            end = match.start()
            longest = 0
            for quoted in self._quoted:
                for k in range(min(len(quoted) - 1, end - done), max(longest, _MIN_LEN - 1), -1):
                    if text.startswith(quoted[:k], end - k):
                        longest = k
                        break
            if longest:
                out.append(text[done:end - longest] + MASK)
                done = end
        return "".join(out) + text[done:] if out else text

    def scrub(self, text: str) -> str:
        """``text`` for a recording: a value of a known variable becomes a placeholder naming it
        (``{{*****:API_TOKEN}}``; ``fill`` puts the value back), any other secret ``*****``."""
        if _PLACEHOLDER_START in text:  # the server's own: kept apart from the placeholders written now
            text = text.replace(_PLACEHOLDER_START, _PLACEHOLDER_START + "}}")
        for pattern in self._patterns.compiled():
            text = pattern.sub(self._placeholder, text)
        if "@" in text and "://" in text:
            text = _USERINFO.sub(_KEEP_USER, text)
        return text

    def _placeholder(self, match: re.Match[str]) -> str:
        value, kind = self._forms[match.group()]
        name = self._names.get(value)
        if name is None or kind == "*" or not _PLAIN_NAME.fullmatch(name):
            return MASK
        return placeholder(name, kind)

    def deep(self, value: Any) -> Any:
        """``value`` with every string inside it (JSON objects, arrays, keys) masked; for expected/actual."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(k) if isinstance(k, str) else k: self.deep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.deep(v) for v in value]
        return value

    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, MASK if k.lower() in SECRET_HEADERS else self(v) or "") for k, v in headers]


_MASKED_TEXT_MAX = 256  # characters: longer texts (URLs, bodies) are seldom masked twice
_MASKED_KEPT = 1024  # texts


def fill(text: str, lookup: Any) -> str:
    """A recorded ``text`` with each placeholder replaced by the current value of the variable it
    names (``lookup(name)``, None when there is none: the placeholder stays)."""
    if _PLACEHOLDER_START not in text:
        return text

    def value(match: re.Match[str]) -> str:
        if not match.group(1):  # {{*****:}}: text the server sent that starts like a placeholder
            return _PLACEHOLDER_START
        found = lookup(match.group(1))
        encode = ENCODERS.get(match.group(2) or "")
        return match.group() if found is None or encode is None else encode(stringify(found))

    return PLACEHOLDER.sub(value, text)


def _json_string(raw: str) -> str:
    import json

    value = json.loads(f'"{raw}"')
    if not isinstance(value, str):
        raise ValueError(raw)
    return value

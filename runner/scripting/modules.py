"""The ``require()`` modules of the script sandbox: which JS file defines which module, and
which modules a script names (so the host loads them into the engine before the script runs).

Each file in ``runner/scripting/jslib/`` calls ``__cdp.define(name, factory)`` for the modules
it provides. Files are evaluated into an engine context only when a script needs them, so
scripts that use no module pay nothing.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

# module name -> file under jslib/ that defines it
MODULE_FILES: dict[str, str] = {
    "lodash": "lodash.js",
    "lodash3": "lodash.js",
    "moment": "moment.js",
    "tv4": "schema.js",
    "ajv": "schema.js",
    "xml2js": "xml2js.js",
    "xml2Json": "xml2js.js",
    "cheerio": "cheerio.js",
    "csv-parse/lib/sync": "csv_parse.js",
    "csv-parse/sync": "csv_parse.js",
    "postman-collection": "postman_collection.js",
    "backbone": "backbone.js",
    "sugar": "sugar.js",
    "buffer": "node_buffer.js",
    "string_decoder": "node_buffer.js",
    "url": "node_url.js",
    "querystring": "node_url.js",
    "punycode": "node_url.js",
    "path": "node_url.js",
    "util": "node_util.js",
    "events": "node_util.js",
    "stream": "node_util.js",
    "timers": "node_util.js",
    "assert": "node_util.js",
    "crypto-ciphers": "crypto_ciphers.js",
}

# modules a file's factory itself requires (loaded together with it)
_FILE_DEPS: dict[str, tuple[str, ...]] = {
    "postman_collection.js": ("node_url.js",),
    "node_util.js": ("node_buffer.js",),
}

# the SugarJS methods jslib/sugar.js adds; a script calling one gets them
_SUGAR_METHODS = (
    "camelize", "underscore", "dasherize", "spacify", "parameterize", "capitalize", "titleize", "isBlank", "has",
    "escapeURL", "unescapeURL", "escapeHTML", "unescapeHTML", "toNumber", "words", "lines", "chars", "first", "last",
    "from", "to", "at", "compact", "reverse", "insert", "remove", "add", "truncate", "pad", "assign", "shift", "codes",
    "each", "stripTags", "removeTags", "encodeBase64", "decodeBase64", "unique", "flatten", "sum", "average", "min",
    "max", "groupBy", "sortBy", "findAll", "count", "none", "any", "all", "exclude", "include", "isEmpty", "clone",
    "randomize", "sample", "union", "intersect", "subtract", "round", "ceil", "floor", "abs", "times", "upto",
    "downto", "isEven", "isOdd", "isInteger", "ordinalize", "hex", "format", "chr", "once", "after", "fill",
    "isString", "isNumber", "isBoolean", "isArray", "isFunction", "isRegExp", "isDate", "isObject", "isNaN", "equal",
    "merge", "extended", "size", "toQueryString", "fromQueryString",
)
_REQUIRE = re.compile(r"""\brequire\s*\(\s*['"](?:node:)?([^'"]+)['"]\s*\)""")
# legacy globals and other spellings that imply a module
_IMPLIED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w$.])_\s*[.(]"), "lodash.js"),
    (re.compile(r"\btv4\b|\bjsonSchema\b"), "schema.js"),
    (re.compile(r"\bxml2Json\b"), "xml2js.js"),
    (re.compile(r"\bcheerio\b"), "cheerio.js"),
    (re.compile(r"\bBackbone\b"), "backbone.js"),
    (re.compile(r"\b(?:AES|DES|TripleDES|PBKDF2|EvpKDF|CipherParams)\b|\.(?:mode|pad|format|algo)\.[A-Z]"),
     "crypto_ciphers.js"),
    (re.compile(r"\.stream\b|\bBuffer\b"), "node_buffer.js"),
    # SugarJS prototype methods that old collections call (see jslib/sugar.js)
    (re.compile(r"\.(?:" + "|".join(_SUGAR_METHODS) + r")\s*\("), "sugar.js"),
)

# Text each _IMPLIED pattern cannot match without (a substring test is ~50x cheaper than a regex
# that starts with \b, which is tried at every position of the source).
_LITERALS: dict[str, tuple[str, ...]] = {
    "lodash.js": ("_",),
    "schema.js": ("tv4", "jsonSchema"),
    "xml2js.js": ("xml2Json",),
    "cheerio.js": ("cheerio",),
    "backbone.js": ("Backbone",),
    "crypto_ciphers.js": ("AES", "DES", "PBKDF2", "EvpKDF", "CipherParams", ".mode.", ".pad.", ".format.", ".algo."),
    "node_buffer.js": (".stream", "Buffer"),
}
# lodash's pattern without its look-behind: a literal first character, so searched fast ("_" alone is in
# most sources: snake_case names)
_UNDERSCORE_CALL = re.compile(r"_\s*[.(]")


def known_names() -> list[str]:
    return sorted(MODULE_FILES)


def _with_deps(files: set[str]) -> list[str]:
    out: list[str] = []

    def add(f: str) -> None:
        if f in out:
            return
        for dep in _FILE_DEPS.get(f, ()):
            add(dep)
        out.append(f)

    for f in sorted(files):
        add(f)
    return out


@lru_cache(maxsize=512)
def files_for_source(source: str) -> tuple[str, ...]:
    """The module files a script names statically, dependencies first (cached per source)."""
    files = {MODULE_FILES[m] for m in _REQUIRE.findall(source) if m in MODULE_FILES} if "require" in source else set()
    for pattern, file in _IMPLIED:
        needs = _LITERALS.get(file)
        if needs is not None:
            for literal in needs:  # a loop, not any(generator): this runs for every script not seen before
                if literal in source:
                    break
            else:
                continue
        if file == "lodash.js" and not _UNDERSCORE_CALL.search(source):
            continue
        if pattern.search(source):
            files.add(file)
    return tuple(_with_deps(files))


def files_for_module(name: str) -> tuple[str, ...]:
    file = MODULE_FILES.get(name)
    return tuple(_with_deps({file})) if file else ()


@cache
def module_source(file: str) -> str:
    return resources.files(__package__).joinpath("jslib").joinpath(file).read_text(encoding="utf-8")

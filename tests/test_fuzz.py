"""Property tests (hypothesis): templated output stays valid for where it goes (URL, header,
JSON body); environment and Postman loading raise nothing but InputError; import/export is stable."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LoopbackServer, send_json
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from runner.core.engine import Run, RunOptions
from runner.core.template import find_names, render, render_json
from runner.core.variables import Variables
from runner.errors import InputError, TemplateError
from runner.load.environment import load_environment
from runner.load.postman import from_postman
from runner.model.collection import Body, Collection, Request

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Any text a user may put in a variable: quotes, braces, both notations, unicode, control characters.
values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ['"', "'", "{{V}}", "${V}", "{{", "}}", "${", "a\"b'c", "\\", "\r\n", "%20", "&x=1", "#frag", "?q", "é😀", "\x00"])


@pytest.fixture(scope="module")
def echo() -> Iterator[LoopbackServer]:
    server = LoopbackServer()

    def handler(h: BaseHTTPRequestHandler) -> None:
        send_json(h, 200, {"ok": True})

    server.route("POST", "/echo")(handler)
    server.start()
    yield server
    server.stop()


def _request(url: str) -> Request:
    return Request(id="0", name="fuzz", item="fuzz", folders=(), method="POST", url=url, pointer="/items/0",
                   query=[("p", "{{V}}"), ("f", "${V}"), ("mixed", "<{{V}}|${V}>")],
                   headers=[("X-V", "{{V}}")],
                   body=Body("json", {"a": "{{V}}", "b": ["${V}", {"c": "x{{V}}y", "{{V}}": 1}], "n": 3}))


@FAST
@given(value=values)
def test_native_request_is_valid_for_url_header_and_json(value: str, echo: LoopbackServer) -> None:
    """The value arrives intact: decoded query values, JSON strings; a header cannot inject a line."""
    collection = Collection(name="fuzz", path="fuzz.json", format="native", requests=[_request(echo.url + "/echo")])
    echo.requests.clear()
    (ex,) = list(Run(collection, None, RunOptions(sandbox=False, env_vars={"V": value})))
    if any((c < " " and c != "\t") or c == "\x7f" for c in value):
        # header injection: refused with a clear reason, nothing sent
        assert ex.response is None and "header 'X-V' value contains a" in ex.error, ex.error
        first = next(c for c in value if (c < " " and c != "\t") or c == "\x7f")
        assert ("line break (CR/LF)" in ex.error) == (first in "\r\n")
        assert value not in ex.error or not value.strip()
        assert echo.requests == []
        return
    assert ex.error is None, ex.error
    (got,) = echo.requests
    query = parse_qs(urlsplit(got["path"]).query, keep_blank_values=True, strict_parsing=False)
    assert query["p"] == [value] and query["f"] == [value] and query["mixed"] == [f"<{value}|{value}>"]
    body = json.loads(got["body"])
    assert body == {"a": value, "b": [value, {"c": f"x{value}y", value: 1}], "n": 3}
    received = got["headers"]["X-V"].encode("latin-1").decode("utf-8")  # http.server reads headers as latin-1
    assert received == value.strip(" \t")  # HTTP drops whitespace around a header value


@FAST
@given(value=values, prefix=st.sampled_from(["", "a", "{", "}", "$", " "]))
def test_render_substitutes_once_in_both_notations(value: str, prefix: str) -> None:
    assume(not {"V", "W"} & set(find_names(value)))  # a value naming a defined variable is resolved in turn
    variables = Variables(environment={"V": value, "W": "w"})
    assert render(prefix + "{{V}}|${V}|{{ W }}", variables, where="t", strict=True) == f"{prefix}{value}|{value}|w"
    # a value's own references are resolved only when defined: an unknown one stays as written (no error)
    assert render("{{V}}", variables, where="t", strict=True) == value


@FAST
@given(doc=st.recursive(st.none() | st.booleans() | st.integers() | values | st.just("{{V}}"),
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(values, inner, max_size=4),
                        max_leaves=12), value=values)
def test_render_json_keeps_json_valid(doc: Any, value: str) -> None:
    simple = all("{{" not in s.replace("{{V}}", "") and "${" not in s.replace("${V}", "") for s in _strings(doc))
    try:
        out = render_json(doc, Variables(environment={"V": value}), where="t", strict=True)
    except TemplateError:  # a generated string such as "${0}" names a variable that is not defined
        assert not simple
        return
    assert json.loads(json.dumps(out)) == out

    def expected(d: Any) -> Any:
        if isinstance(d, str):
            return d.replace("{{V}}", value).replace("${V}", value)
        if isinstance(d, list):
            return [expected(x) for x in d]
        if isinstance(d, dict):
            return {expected(k): expected(v) for k, v in d.items()}
        return d

    if simple:
        assert out == expected(doc)


def _strings(d: Any) -> Iterator[str]:
    if isinstance(d, str):
        yield d
    elif isinstance(d, list):
        for x in d:
            yield from _strings(x)
    elif isinstance(d, dict):
        for k, v in d.items():
            yield k
            yield from _strings(v)


# -- environments ----------------------------------------------------------------------------------


@FAST
@given(text=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_dotenv_loading_raises_only_input_error(text: str, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.env"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        env = load_environment(str(path))
    except InputError as exc:
        assert exc.file == str(path) and exc.place and exc.place[0].isdigit()
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in env.values.items())


@FAST
@given(raw=st.binary(max_size=120))
def test_dotenv_random_bytes_raise_only_input_error(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bytes.env"
    path.write_bytes(raw)
    try:
        load_environment(str(path))
    except InputError:
        pass


keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
env_values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\n", "\t"]),
                     max_size=30)


def _dotenv_quote(value: str) -> str:
    """How a user (or `cdp-runner import`) writes a value in a dotenv file: double quotes, escapes.
    python-dotenv has no escape for ``${NAME}`` (it is expanded even in single quotes), so the round trip
    holds for values without it; `cdp-runner import` writes a comment beside such a value."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


@FAST
@given(pairs=st.dictionaries(keys, env_values.filter(lambda v: "${" not in v), max_size=6))
def test_dotenv_round_trip_with_quoting(pairs: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "round.env"
    body = "".join(f"{k}={_dotenv_quote(v)}\n" for k, v in pairs.items()).replace("$", "\\$")
    path.write_text("# generated\n" + body, encoding="utf-8")
    env = load_environment(str(path))
    expected = {k: v for k, v in pairs.items()}
    got = {k: v.replace("\\$", "$") for k, v in env.values.items()}
    assert got == expected


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=8)


@FAST
@given(doc=json_values | st.fixed_dictionaries({}, optional={
    "name": json_values, "values": st.lists(json_values | st.fixed_dictionaries(
        {"key": st.text(max_size=8) | json_values},
        optional={"value": json_values, "enabled": json_values, "type": json_values}), max_size=4)}))
def test_postman_environment_loading_raises_only_input_error(doc: Any, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.postman_environment.json"
    path.write_text(json.dumps(doc))
    try:
        env = load_environment(str(path))
    except InputError as exc:
        assert exc.file == str(path) and exc.place and exc.place.startswith("/")
        return
    assert isinstance(env.values, dict)


# -- the Postman loader ----------------------------------------------------------------------------

_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
kv = st.fixed_dictionaries({}, optional={"key": json_values, "value": json_values, "disabled": json_values,
                                         "type": json_values, "src": json_values})
urls = json_values | st.fixed_dictionaries({}, optional={
    "raw": json_values, "protocol": json_values, "host": json_values, "port": json_values,
    "path": json_values | st.lists(st.text(max_size=5) | kv, max_size=3), "query": st.lists(kv, max_size=3)})
bodies = json_values | st.fixed_dictionaries({"mode": st.sampled_from(
    ["raw", "urlencoded", "formdata", "graphql", "file", "none", "binary"]) | json_values}, optional={
    "raw": json_values, "urlencoded": st.lists(kv, max_size=3) | json_values,
    "formdata": st.lists(kv, max_size=3) | json_values, "graphql": json_values, "options": json_values,
    "disabled": json_values})
auths = json_values | st.fixed_dictionaries({"type": st.sampled_from(
    ["noauth", "basic", "bearer", "apikey", "oauth2", "digest"]) | json_values}, optional={
    "basic": st.lists(kv, max_size=3) | json_values, "bearer": st.lists(kv, max_size=2) | json_values,
    "apikey": st.lists(kv, max_size=3) | json_values, "oauth2": st.lists(kv, max_size=4) | json_values})
events = st.lists(json_values | st.fixed_dictionaries({"listen": st.sampled_from(["prerequest", "test"]) | json_values},
                                                      optional={"script": json_values | st.fixed_dictionaries(
                                                          {}, optional={"exec": json_values}),
                                                          "disabled": json_values}), max_size=2)
requests_ = json_values | st.fixed_dictionaries({}, optional={
    "method": json_values, "url": urls, "header": st.lists(kv, max_size=3) | json_values, "body": bodies,
    "auth": auths})
items = st.recursive(
    json_values | st.fixed_dictionaries({}, optional={"name": json_values, "request": requests_, "event": events,
                                                      "response": st.lists(json_values, max_size=2), "auth": auths}),
    lambda inner: st.fixed_dictionaries({"item": st.lists(inner, max_size=3) | json_values},
                                        optional={"name": json_values, "auth": auths, "event": events}),
    max_leaves=6)
collections = st.fixed_dictionaries({"info": st.fixed_dictionaries({"schema": st.just(_SCHEMA)},
                                                                   optional={"name": json_values,
                                                                             "description": json_values})},
                                    optional={"item": st.lists(items, max_size=4) | json_values,
                                              "variable": st.lists(kv | json_values, max_size=3) | json_values,
                                              "auth": auths, "event": events})


@settings(max_examples=200, deadline=None)
@given(doc=collections)
def test_postman_loader_raises_only_input_error(doc: dict[str, Any]) -> None:
    try:
        collection = from_postman(doc, "fuzz.postman_collection.json")
    except InputError as exc:
        assert exc.file == "fuzz.postman_collection.json" and exc.place and exc.place.startswith("/")
        return
    for req in collection.requests:
        assert isinstance(req.url, str) and isinstance(req.method, str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in req.headers)


# -- import -> export -> import --------------------------------------------------------------------

convert = pytest.importorskip("runner.convert")
names = st.text(alphabet=string.ascii_letters + string.digits + " -_", min_size=1, max_size=12)
simple_requests = st.fixed_dictionaries({
    "name": names,
    "request": st.fixed_dictionaries({
        "method": st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
        "url": st.sampled_from(["https://{{HOST}}/v1/x", "https://example.test/a?b=1", "{{BASE}}/p"]),
        "header": st.lists(st.fixed_dictionaries({"key": names, "value": values}), max_size=2),
    }, optional={"body": st.fixed_dictionaries({"mode": st.just("raw"), "raw": values})}),
})
postman_docs = st.fixed_dictionaries({
    "info": st.fixed_dictionaries({"name": names, "schema": st.just(_SCHEMA)}),
    "item": st.lists(simple_requests | st.fixed_dictionaries({"name": names, "item": st.lists(simple_requests,
                                                                                             max_size=2)}),
                     min_size=1, max_size=3),
    "variable": st.lists(st.fixed_dictionaries({"key": names, "value": values}), max_size=2),
})


@settings(max_examples=100, deadline=None)
@given(doc=postman_docs)
def test_import_export_import_is_stable(doc: dict[str, Any]) -> None:
    try:
        native = convert.postman_to_native(doc, "fuzz.postman_collection.json")
    except InputError:
        return
    # The first export normalises (e.g. a literal "${X}" in Postman becomes the variable {{X}}, see
    # docs/postman.md); from then on import -> export -> import is a fixed point.
    once = _round_trip(native)
    assert _round_trip(once) == once


def _round_trip(native: dict[str, Any]) -> dict[str, Any]:
    exported = convert.native_to_postman(native, "fuzz.json")
    return convert.postman_to_native(json.loads(json.dumps(exported)), "fuzz.postman_collection.json")


# -- whole runs through the command line: exit 0, 1 or 2, never 3 -------------------------------------
# Offline (--offline): fuzzed URLs are answered by mocks or fail, nothing goes over the network.

CLI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    from runner.cli.main import main

    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), f"exit {code}\n{err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    return code


@CLI
@given(doc=collections)
def test_postman_file_runs_or_is_bad_input(doc: dict[str, Any], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fuzz.postman_collection.json"
    path.write_text(json.dumps(doc))
    _main(["run", str(path), "--offline", "--script-timeout", "300", "-r", "cli,json", "--report-dir",
           str(tmp_path / "reports")], capsys)
    _main(["validate", str(path)], capsys)
    _main(["import", str(path), "-o", str(tmp_path / "native.json")], capsys)


mock_responses = json_values | st.fixed_dictionaries({}, optional={
    "status": st.integers(-5, 1000) | json_values, "headers": st.dictionaries(st.text(max_size=6), json_values,
                                                                             max_size=3) | json_values,
    "json": json_values, "text": json_values, "delayMs": st.integers(-5, 50) | st.floats(allow_nan=True) | json_values})
mock_calls = json_values | st.fixed_dictionaries({}, optional={
    "request": json_values | st.fixed_dictionaries({}, optional={
        "method": st.sampled_from(["GET", "get", "POST"]) | json_values,
        "path": st.sampled_from(["/v1/thing", "/v1/*****", "/"]) | json_values}),
    "response": mock_responses})
mock_files = json_values | st.fixed_dictionaries({}, optional={
    "version": json_values, "item": st.sampled_from(["Get it", "Post it"]) | json_values,
    "occurrence": st.integers(-1, 3) | json_values, "calls": st.lists(mock_calls, max_size=3) | json_values})


@CLI
@given(files=st.lists(mock_files, min_size=1, max_size=3), nested=st.booleans())
def test_mocks_folder_replays_or_is_bad_input(files: list[Any], nested: bool, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    collection = tmp_path / "mocked.json"
    collection.write_text(json.dumps({"name": "mocked", "items": [
        {"name": "Get it", "request": {"method": "GET", "url": "https://api.example.test/v1/thing"},
         "assert": [{"status": 200}, {"that": "$.a", "exists": True}]},
        {"name": "Post it", "request": {"method": "POST", "url": "https://api.example.test/v1/thing",
                                        "body": {"json": {"a": 1}}}}]}))
    mocks = tmp_path / "mocks"
    shutil.rmtree(mocks, ignore_errors=True)
    folder = mocks / "mocked" if nested else mocks
    folder.mkdir(parents=True)
    for i, doc in enumerate(files):
        (folder / f"{i:02d}.json").write_text(json.dumps(doc))
    _main(["run", str(collection), "--offline", "--mocks", str(mocks)], capsys)

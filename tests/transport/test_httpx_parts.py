"""A request's URL is parsed by httpx once per distinct prepared URL (its query, encoded by the run,
joins the parse as it is) and a response reaches the cookie jar only when it sets a cookie: the
same URLs on the wire, the same errors and the same cookies as httpx doing all of it itself."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from conftest import LoopbackServer, send_json
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.model.prepared import Prepared
from runner.transport import httpx_parts
from runner.transport.http import HttpSession, encoded_params, url_with_params
from runner.transport.httpx_parts import request_url

_URL_CHARS = st.sampled_from(list("aZ09-._~!$&'()*+,;=:@/?#%[] \"<>{}|\\^`\u00e9\u4e2d") + ["%41", "%zz", "%4", "./", "../"])
_TEXT = st.lists(_URL_CHARS, max_size=12).map("".join)


def _whole(url: str, params: list[tuple[str, str]]) -> httpx.URL:
    return httpx.URL(url_with_params(Prepared("GET", url, params=params)))


@settings(max_examples=400, deadline=None)
@given(scheme=st.sampled_from(["http://", "HTTPS://", ""]), host=st.sampled_from(["h.example", "H.Example:8080",
       "127.0.0.1:1", "[::1]", "user:pw@h", "b\u00fccher.example", ""]), rest=_TEXT,
       params=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=3))
def test_the_url_is_the_one_httpx_parses_from_the_whole_text(scheme: str, host: str, rest: str,
                                                             params: list[tuple[str, str]]) -> None:
    url = f"{scheme}{host}{rest}"
    query = urlencode(params, quote_via=quote, safe="")
    try:
        expected: Any = _whole(url, params)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        expected = (type(exc), str(exc))
    try:
        got: Any = httpx.URL(request_url(url, query))
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        got = (type(exc), str(exc))
    if isinstance(expected, httpx.URL):
        assert isinstance(got, httpx.URL)
        assert (str(got), got.raw_path, got.fragment, got.host, got.port) == \
               (str(expected), expected.raw_path, expected.fragment, expected.host, expected.port)
    else:
        assert got == expected


_QUERY_TEXT = st.lists(_URL_CHARS | st.sampled_from(["\x00", "\x7f", "\ud800", "\U0001f600", "{\"a\":1}"]),
                      max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(scheme=st.sampled_from(["http://", "HTTPS://", ""]), host=st.sampled_from(["h.example", "H.Example:8080",
       "127.0.0.1:1", "[::1]", "user:pw@h", "b\u00fccher.example", ""]), path=_TEXT, query=_QUERY_TEXT)
def test_a_url_with_its_own_query_is_the_one_httpx_parses_from_the_whole_text(scheme: str, host: str, path: str,
                                                                             query: str) -> None:
    """A URL whose query the run did not encode (a Postman wire URL): the part before the query is
    parsed by httpx once, the query put in httpx's normal form by parsed_url; the same URL, or the
    same refusal, as httpx parsing the whole text."""
    url = f"{scheme}{host}{path}?{query}"
    try:
        expected: Any = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError) as exc:
        expected = (type(exc), str(exc))
    try:
        got: Any = httpx.URL(httpx_parts.parsed_url(url))
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError) as exc:
        got = (type(exc), str(exc))
    if isinstance(expected, httpx.URL):
        assert isinstance(got, httpx.URL)
        assert (str(got), got.raw_path, got.query, got.fragment, got.host, got.port) == \
               (str(expected), expected.raw_path, expected.query, expected.fragment, expected.host, expected.port)
    else:
        assert got == expected


def _outcome(make: Any) -> Any:
    try:
        return make()
    except ValueError as exc:  # a lone surrogate: UnicodeEncodeError, with its position
        return type(exc), str(exc)


@settings(max_examples=800, deadline=None)
@given(params=st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40) | _QUERY_TEXT), max_size=4))
def test_the_query_the_run_encodes_is_urllibs(params: list[tuple[str, str]]) -> None:
    """Every byte a text can hold, encoded as ``urlencode(..., quote_via=quote, safe="")`` writes it
    (or refused with its error), though written by one str.translate per name and value."""
    prepared = Prepared("GET", "http://h.example/", params=params)
    assert _outcome(lambda: encoded_params(prepared)) == \
        _outcome(lambda: urlencode(params, quote_via=quote, safe=""))


def test_a_query_value_that_is_not_text_is_encoded_by_urllib() -> None:
    params: Any = [("n", 1), (b"b\xff", b"%"), ("none", None)]
    assert encoded_params(Prepared("GET", "http://h.example/", params=params)) == \
        urlencode(params, quote_via=quote, safe="") == "n=1&b%FF=%25&none=None"


def test_a_url_with_a_json_query_is_not_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The part before the query is parsed once; the JSON message in the query is not read by
    httpx's character-by-character check on every request."""
    parsed: list[str] = []
    real = httpx.URL

    def counting(url: Any = "", **kwargs: Any) -> httpx.URL:
        if isinstance(url, str):
            parsed.append(url)
        return real(url, **kwargs)

    monkeypatch.setattr(httpx_parts.httpx, "URL", counting)
    httpx_parts._parsed.clear()
    for i in range(5):
        httpx_parts.parsed_url(f'http://h.example/v1/event?message={{"page":"p{i}","pos":"x y"}}')
    assert parsed == ["http://h.example/v1/event"]


def test_a_url_too_long_for_httpx_is_refused_by_httpx() -> None:
    query = urlencode([("m", "x" * 70_000)], quote_via=quote, safe="")
    with pytest.raises(httpx.InvalidURL, match="URL too long"):
        httpx.URL(request_url("http://h.example/p", query))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often httpx parses a URL and builds its urllib request adapter for the cookie jar."""
    from httpx import _urlparse

    counts = {"urlparse": 0, "cookie adapter": 0}
    parse = _urlparse.urlparse

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        counts["urlparse"] += 1
        return parse(*args, **kwargs)

    adapter = httpx.Cookies._CookieCompatRequest.__init__

    def counting_adapter(self: Any, request: httpx.Request) -> None:
        counts["cookie adapter"] += 1
        adapter(self, request)

    monkeypatch.setattr("httpx._urls.urlparse", counting_parse)
    monkeypatch.setattr(httpx.Cookies._CookieCompatRequest, "__init__", counting_adapter)
    return counts


def test_requests_to_one_url_with_a_json_query_parse_it_once(loopback: LoopbackServer,
                                                             counted: dict[str, int]) -> None:
    loopback.route("GET", "/v1.2/event/create.json")(lambda h: send_json(h, 201, {"status": "OK"}))
    session = HttpSession()
    session.client()  # the client's own set-up parses its (empty) base URL
    counted["urlparse"] = 0
    try:
        for i in range(5):
            sent = session.send(Prepared("GET", f"{loopback.url}/v1.2/event/create.json",
                                         params=[("client_key", "k"), ("message", f'{{"page": "p {i}"}}')]))
            assert sent.response is not None and sent.response.status == 201
    finally:
        session.close()
    assert counted["urlparse"] == 1  # the prepared URL, once; before: once for each request
    assert counted["cookie adapter"] == 0  # no response set a cookie: the jar had nothing to do
    assert [r["path"] for r in loopback.requests] == [
        "/v1.2/event/create.json?client_key=k&message=%7B%22page%22%3A%20%22p%20" + str(i) + "%22%7D"
        for i in range(5)]


def test_cookies_set_by_a_response_are_sent_back(loopback: LoopbackServer) -> None:
    loopback.route("GET", "/set")(lambda h: send_json(h, 200, {}, {"Set-Cookie": "sid=abc; Path=/"}))
    loopback.route("GET", "/echo")(lambda h: send_json(h, 200, {}))
    session = HttpSession()
    try:
        session.send(Prepared("GET", f"{loopback.url}/set"))
        session.send(Prepared("GET", f"{loopback.url}/echo", params=[("q", "1")]))
    finally:
        session.close()
    assert [c.name for c in session.cookie_jar] == ["sid"]
    assert loopback.requests[-1]["headers"].get("Cookie") == "sid=abc"
    assert loopback.requests[-1]["path"] == "/echo?q=1"


def test_the_check_of_httpxs_url_internals_holds_for_this_httpx() -> None:
    assert httpx_parts._FAST  # else every URL is parsed whole again: correct, only slower


_HEADER_NAMES = st.sampled_from(["Host", "host", "Content-Length", "content-length", "Transfer-Encoding", "Accept",
                                 "accept-encoding", "User-Agent", "Connection", "Cookie", "X-Api-Key", "X-A"])
_HEADER_VALUES = st.sampled_from(["", "1", "0", "h.test:81", "chunked", "*/*", "a b", "caf\u00e9".encode(), b"\xff"])
_ABSOLUTE = st.sampled_from(["http://h.example/", "https://H.Example:8443/a/b?q=1&r", "http://127.0.0.1:9/p#f",
                             "http://[::1]:8080/", "http://user:pw@h.example/x", "http://b\u00fccher.example/",
                             "http://xn--bcher-kva.example/%7e?m=%7B%22a%22%7D"])


def _client(headers: dict[str, str] | None = None, **options: Any) -> httpx.Client:
    """A client without TLS set-up (~50 ms each): what builds requests is the same."""
    return httpx.Client(headers=headers, transport=httpx.MockTransport(lambda r: httpx.Response(200)),
                        trust_env=False, **options)


@settings(max_examples=1500, deadline=None)
@given(method=st.sampled_from(["GET", "get", "POST", "post", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PURGE"]),
       url=_ABSOLUTE, headers=st.lists(st.tuples(_HEADER_NAMES, _HEADER_VALUES), max_size=5),
       content=st.sampled_from([None, b"", b"x", b'{"a": [1]}', "caf\u00e9".encode()]),
       client_headers=st.sampled_from([None, {"X-Default": "1"}, {"Accept": "a/b", "Host": "fixed.test"}]))
def test_the_usual_request_is_built_as_httpx_builds_it(method: str, url: str, headers: list[tuple[str, Any]],
                                                      content: bytes | None,
                                                      client_headers: dict[str, str] | None) -> None:
    """Headers merged over the client's (same names, any case, repeated), Host and Content-Length as
    httpx adds them, the body as its stream: what build_request builds, by other means."""
    with _client(client_headers) as client:
        extensions = {"timeout": {"connect": 1.0, "read": 2.0, "write": 2.0, "pool": 1.0}}
        try:
            theirs: Any = client.build_request(method, httpx.URL(url), headers=headers, content=content,
                                               extensions=dict(extensions))
        except (ValueError, TypeError) as exc:
            theirs = (type(exc), str(exc))
        try:
            built = httpx_parts.simple_request(client, method, httpx.URL(url), headers, content, dict(extensions))
            assert built is not None
            ours: Any = built
        except (ValueError, TypeError) as exc:
            ours = (type(exc), str(exc))
        if isinstance(theirs, httpx.Request):
            assert isinstance(ours, httpx.Request)
            assert (ours.method, ours.url, ours.headers.raw, ours.content, ours.extensions, type(ours.stream)) == \
                   (theirs.method, theirs.url, theirs.headers.raw, theirs.content, theirs.extensions,
                    type(theirs.stream))
        else:
            assert ours == theirs


def test_any_other_request_is_built_by_httpx() -> None:
    """A URL httpx must parse (text), a relative one, a body that is not bytes, cookies to send or
    the client's own query: httpx builds it, the usual way."""
    with _client() as client:
        absolute = httpx.URL("http://h.example/")
        assert httpx_parts.simple_request(client, "GET", absolute, [], None, {}) is not None
        for url, content in (("http://h.example/", None), (httpx.URL("/relative"), None), (absolute, "text")):
            assert httpx_parts.simple_request(client, "GET", url, [], content, {}) is None  # type: ignore[arg-type]
        client.cookies.set("sid", "1", domain="h.example")
        assert httpx_parts.simple_request(client, "GET", absolute, [], None, {}) is None
    with _client(params={"k": "v"}) as client:
        assert httpx_parts.simple_request(client, "GET", absolute, [], None, {}) is None


def test_the_check_of_httpxs_request_building_holds_for_this_httpx() -> None:
    with _client() as client:
        assert httpx_parts._builds_as_httpx(client)  # else httpx builds every request: correct, only slower

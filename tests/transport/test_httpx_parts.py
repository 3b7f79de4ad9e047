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
from runner.transport.http import HttpSession, url_with_params
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

"""URLs on the wire as Postman sends them: a URL without a scheme is http://, each part is
percent-encoded by its own rules (what is already encoded stays), and the result is sent as written:
no dot-segment removal, ``??`` and ``?&`` kept, an encoded ``#`` kept, the fragment never sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wire_server import postman, wire_server, write

from runner.core.engine import Run
from runner.load import load_collection
from runner.model.options import RunOptions
from runner.transport.url import percent_encode, postman_wire_url, with_scheme


@pytest.mark.parametrize(("url", "target"), [
    ("http://h/get/\t\nThe ref", "/get/%09%0AThe%20ref"),  # control characters from a variable
    ("http://h/get?q={\"abc\"}&lt=<x>", "/get?q={%22abc%22}&lt=%3Cx%3E"),  # path keeps {}, query encodes "<>
    ("http://h/a/./b/../c", "/a/./b/../c"),  # dot segments stay
    ("http://h/get??&x=1&&", "/get??&x=1&&"),
    ("http://h/p?a=%23b#frag", "/p?a=%23b"),  # encoded # kept, fragment dropped
    ("http://h/100%/%41", "/100%/%41"),  # a lone % stays, %41 is not decoded
    ("http://h/caf\u00e9 x?q=caf\u00e9 'y'", "/caf%C3%A9%20x?q=caf%C3%A9%20%27y%27"),
    ("http://h/{x}`?`", "/%7Bx%7D%60?`"),
    ("http://h", "/"),
    ("http://h?x=1", "/?x=1"),
])
def test_each_part_is_encoded_by_its_own_rules(url: str, target: str) -> None:
    assert postman_wire_url(url).target == target


def test_disabled_url_encoding_sends_the_parts_as_they_are() -> None:
    assert postman_wire_url('http://h/a b?q="x"', encode=False).target == '/a b?q="x"'


def test_host_is_lower_cased_and_punycoded_and_user_info_encoded() -> None:
    wire = postman_wire_url("http://us er:p@ss@B\u00fccher.EXAMPLE:8080/x")
    assert wire.url == "http://us%20er:p%40ss@xn--bcher-kva.example:8080/x"


@pytest.mark.parametrize(("url", "expected"), [
    ("localhost:4042/x", "http://localhost:4042/x"),
    ("127.0.0.1/get", "http://127.0.0.1/get"),
    ("  example.com", "http://example.com"),
    ("//example.com/x", "http://example.com/x"),
    ("https://example.com", "https://example.com"),
    ("", ""),
])
def test_a_url_without_a_scheme_means_http(url: str, expected: str) -> None:
    assert with_scheme(url) == expected


def test_postman_urls_reach_the_server_exactly_as_written(tmp_path: Path) -> None:
    with wire_server() as server:
        port = server.server_address[1]
        doc = postman([
            {"name": "schemeless", "request": {"method": "GET", "url": "{{host}}/get"}},
            {"name": "dots", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/a/./b/../c"}},
            {"name": "empty params", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/get??&x=1&&"}},
            {"name": "control", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/get/{{{{ref}}}}"}},
            {"name": "quotes", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/q?a=\"1\"&b=%23"}},
            {"name": "raw", "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/q?a=\"1\""},
             "protocolProfileBehavior": {"disableUrlEncoding": True}},
        ], variable=[{"key": "host", "value": f"127.0.0.1:{port}"}, {"key": "ref", "value": "\t\nThe ref"}])
        executions = list(Run(load_collection(write(tmp_path, doc)), None, RunOptions()))
    assert [ex.error for ex in executions] == [None] * 6
    assert [e["target"] for e in server.log] == [
        "/get", "/a/./b/../c", "/get??&x=1&&", "/get/%09%0AThe%20ref", "/q?a=%221%22&b=%23", "/q?a=\"1\""]
    assert executions[1].request.url == f"http://127.0.0.1:{port}/a/./b/../c"  # results show what was sent


def test_a_native_url_without_a_scheme_means_http_too(tmp_path: Path) -> None:
    import json

    with wire_server() as server:
        port = server.server_address[1]
        path = tmp_path / "c.json"
        path.write_text(json.dumps({"name": "n", "items": [
            {"name": "r", "request": {"method": "GET", "url": f"127.0.0.1:{port}/x"}}]}))
        [ex] = list(Run(load_collection(path), None, RunOptions()))
    assert ex.error is None
    assert server.log[0]["target"] == "/x"


_PART_SETS = {"query": " \"#'<>", "path": " \"#<>?`{}", "userinfo": " \"#<>?`{}/:;=@[\\]^|"}


def _encoded_by_the_rule(text: str, chars: str) -> str:
    """postman-url-encoder's rule, character by character: C0 controls, space, DEL, every non-ASCII
    character (as UTF-8; a lone surrogate as its bytes) and the part's own characters become %XX;
    ``%`` never does."""
    return "".join("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))
                   if c <= " " or c >= "\x7f" or c in chars else c for c in text)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(codec=None, max_codepoint=0x10FFFF) | st.sampled_from(
    list("%4Az ~\"#'<>?`{}/:;=@[\\]^|\x00\x1f\x7f\x80\u00e9\ud800\udfff\U0001F600"))), part=st.sampled_from(list(_PART_SETS)))
def test_percent_encoding_follows_the_rule_for_any_text(text: str, part: str) -> None:
    assert percent_encode(text, _PART_SETS[part]) == _encoded_by_the_rule(text, _PART_SETS[part])
    assert percent_encode(text, _PART_SETS[part]) == percent_encode(text, _PART_SETS[part])  # the table kept

"""runner.reporters.display: the pure functions behind what people read (console, JUnit, HTML,
pytest): printable text, JSON query values decoded, body excerpts and failure context."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest
from runner.reporters.display import (
    BODY_BYTES,
    BODY_LINES,
    body_excerpt,
    display_url,
    explains,
    failure_context,
    json_text,
    printable,
    query_json,
)

# What must never reach a terminal or an XML file raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")

STREAM_URL = ("https://api.test/v1.2/event/create.json?client_key=*****"
              "&message=%7B%22channel%22%3A%22WEB%22%2C%22type%22%3A%22VIEW%22%2C%22page%22%3A%22home%20page%22%7D")


# -- printable -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),        # ANSI colour
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),             # OSC: sets the terminal title
    ("over\rwrite", "over\\rwrite"),                        # carriage return
    ("nul\x00 del\x7f c1\x9b", "nul\\x00 del\\x7f c1\\x9b"),  # C0, DEL and C1 (CSI) controls
    ("\u202egnp.exe", "\\u202egnp.exe"),                    # right-to-left override
    ("half \ud83d!", "half \\ud83d!"),                      # lone surrogate (a sliced emoji)
    ("lone \udc00", "lone \\udc00"),
    ("\ufffe", "\\ufffe"),                                  # XML forbids it
])
def test_printable_escapes_controls_and_lone_surrogates(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert not RAW.search(printable(raw))
    printable(raw).encode("utf-8")  # never raises


def test_printable_keeps_ordinary_text_tabs_and_newlines() -> None:
    text = 'héllo\t"wörld" [bold] 😀 日本\nnext line'
    assert printable(text) == text
    assert printable("a\r\nb") == "a\nb"  # CR LF line endings are newlines
    assert printable("a\nb", newlines=False) == "a\\nb"  # one-line fields
    assert printable("\ud83d\ude00") == "😀"  # a pair kept as two UTF-16 units is one character
    assert printable(42) == "42"


def test_json_text_makes_lone_surrogates_encodable_and_reads_back_the_same() -> None:
    value = {"name": "half \ud83d and \ud800", "ok": "😀"}
    text = json_text(json.dumps(value, ensure_ascii=False))
    text.encode("utf-8")
    assert json.loads(text) == value
    assert "😀" in text and "\\ud83d" in text


# -- JSON in query parameters ------------------------------------------------------------------------

def test_display_url_decodes_json_query_values_only() -> None:
    shown = display_url(STREAM_URL)
    assert shown == ('https://api.test/v1.2/event/create.json?client_key=*****'
                     '&message={"channel":"WEB","type":"VIEW","page":"home page"}')
    assert query_json(STREAM_URL) == [("message", {"channel": "WEB", "type": "VIEW", "page": "home page"})]
    for unchanged in ("https://api.test/x", "https://api.test/x?q=a%20b&n=1", "https://api.test/x?m=%7Bnot%20json",
                      "https://api.test/x?s=%22a%20string%22", "https://api.test/x?n=%31"):
        assert display_url(unchanged) == unchanged, unchanged
        assert query_json(unchanged) == []
    # form encoding (+ for space), arrays, fragments
    assert display_url("https://h/p?a=%5B1%2C+2%5D&b=c#frag") == "https://h/p?a=[1, 2]&b=c#frag"
    assert display_url("http://[::1?m=%7B%7D") == "http://[::1?m={}"  # a malformed URL is no error


# -- bodies ----------------------------------------------------------------------------------------

def test_body_excerpt_pretty_prints_json_and_says_nothing_was_cut() -> None:
    excerpt = body_excerpt('{"status":"error","error":"missing pos"}')
    assert excerpt.text == '{\n  "status": "error",\n  "error": "missing pos"\n}'
    assert not excerpt.cut and excerpt.note == ""


def test_body_excerpt_cuts_at_the_line_limit_and_says_how_much() -> None:
    body = json.dumps({f"key{i}": i for i in range(100)})
    excerpt = body_excerpt(body)
    assert excerpt.text.count("\n") + 1 == BODY_LINES
    assert excerpt.lines_total == 102 and excerpt.cut
    assert excerpt.note.startswith(f"… showing {BODY_LINES} of 102 lines (")


def test_body_excerpt_cuts_at_the_byte_limit_on_a_character() -> None:
    excerpt = body_excerpt("é" * 5000)  # one line, 2 bytes a character
    assert len(excerpt.text.encode()) <= BODY_BYTES and excerpt.text == "é" * (BODY_BYTES // 2)
    assert excerpt.note == "… showing 1 of 1 lines (2.0 kB of 9.8 kB)"


def test_body_excerpt_of_hostile_bodies() -> None:
    deep = "[" * 100_000 + "]" * 100_000  # too deep for the JSON parser: shown as text, no crash
    assert body_excerpt(deep).text.startswith("[[[[")
    excerpt = body_excerpt("clear\x1b[2J\r\nhalf \ud83d")
    assert excerpt.text == "clear\\x1b[2J\nhalf \\ud83d"


# -- failure context ----------------------------------------------------------------------------------

def _failed_post() -> Execution:
    return Execution(
        item="Stream/Send VIEW", name="Send VIEW", iteration=0,
        request=SentRequest("POST", STREAM_URL, [], None),
        response=ReceivedResponse(400, "Bad Request", [], '{"status":"error","error":"missing pos"}', 3.2, 40),
        assertions=[AssertionResult("status == 201", False, "expected status == 201, got 400", 201, 400)])


def test_failure_context_names_the_request_and_shows_the_body() -> None:
    lines = failure_context(_failed_post())
    assert lines[0] == ('request: POST https://api.test/v1.2/event/create.json?client_key=*****'
                        '&message={"channel":"WEB","type":"VIEW","page":"home page"}')
    assert lines[1:6] == ['  message = {', '    "channel": "WEB",', '    "type": "VIEW",', '    "page": "home page"',
                          '  }']
    assert lines[6] == "response: 400 Bad Request, 40 B, 3 ms"
    assert lines[7:] == ["  {", '    "status": "error",', '    "error": "missing pos"', "  }"]


def test_explains_failures_and_error_answers_only() -> None:
    ex = _failed_post()
    assert explains(ex)
    ex.assertions = []
    assert explains(ex)  # a 400 with no checks
    assert ex.response is not None
    ex.response.status = 200
    assert not explains(ex)
    ex.skipped = True
    assert not explains(ex)


_ESCAPED = st.lists(st.sampled_from(["%41", "%e2", "%82", "%ac", "%C3", "%a9", "%F0", "%9F", "%98", "%80", "%ff", "%00",
                                     "%0a", "%25", "%5C", "%5c", "%7B", "%22", "%", "%4", "%zz", "%%", "+", "a", "\\",
                                     "\\x41", "\\u0041", "\u00e9", "\ud800"]), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@given(raw=_ESCAPED)
def test_query_values_are_decoded_as_urllib_decodes_them(raw: str) -> None:
    from urllib.parse import unquote, unquote_plus

    from runner.reporters.display import _unquote, _unquote_plus

    assert _unquote(raw) == unquote(raw)
    assert _unquote_plus(raw) == unquote_plus(raw)

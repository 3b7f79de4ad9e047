"""The Masker: every form the runner writes a secret in, user info, credentials, placeholders of
recordings, and masking a result once with a body cut at its limit."""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.core.redact import BODY_KEEP_CHARS, keep, mask_execution
from runner.core.secrets import MASK, Masker, fill
from runner.model.results import AssertionResult, Execution, ReceivedResponse, SentRequest

HOSTILE = 'a"b\\c é/d&e <f>\'g+h i%j?k=l#m'


def written(secret: str) -> dict[str, str]:
    """The forms docs/cli.md lists, written the way the libraries write them."""
    js, js_utf8 = json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]
    lower = re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), quote(secret, safe=""))
    return {
        "raw": secret, "json": js, "json (utf-8)": js_utf8, "json in json": json.dumps(js)[1:-1],
        "quote": quote(secret, safe=""), "quote, lower-case hex": lower, "quote_plus": quote_plus(secret),
        "quote /:": quote(secret, safe="/:"), "quote of json (JSON in a query)": quote(js, safe=""),
        "html": html.escape(secret),
        "markupsafe": html.escape(secret).replace("&quot;", "&#34;").replace("&#x27;", "&#39;"),
        "xml text": html.escape(secret, quote=False), "html of json": html.escape(js),
    }


@pytest.mark.parametrize("form", list(written(HOSTILE)))
def test_every_written_form_is_masked(form: str) -> None:
    text = f"before {written(HOSTILE)[form]} after"
    assert Masker([HOSTILE])(text) == f"before {MASK} after"


# Characters secrets are made of, ordinary and hostile ('*' left out: the mask is made of it).
_SECRET_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="*")


@settings(max_examples=150, deadline=None)
@given(secret=st.text(_SECRET_CHARS, min_size=4, max_size=24), before=st.text(max_size=8), after=st.text(max_size=8))
def test_no_form_of_any_secret_survives_masking(secret: str, before: str, after: str) -> None:
    masker = Masker([secret])
    for form, text in written(secret).items():
        masked = masker(before + text + after) or ""
        assert text not in masked, form
        assert secret not in masked


def test_the_longest_secret_wins_where_secrets_overlap() -> None:
    masker = Masker(["abcd", "abcdefgh"])
    assert masker("x abcdefgh y abcd z") == f"x {MASK} y {MASK} z"


def test_short_values_are_not_masked() -> None:
    assert Masker(["abc", "on"])("abc on") == "abc on"


def test_a_password_in_user_info_is_masked_whatever_its_length() -> None:
    masker = Masker()
    assert masker("GET http://alice:pw@host/x and https://bob:s%40cret@h:8080/") == \
        f"GET http://alice:{MASK}@host/x and https://bob:{MASK}@h:8080/"
    assert masker("mail alice@example.com, http://host/a:b@c") == "mail alice@example.com, http://host/a:b@c"


def test_user_info_adds_the_password_and_the_basic_credential() -> None:
    masker = Masker()
    masker.add_user_info("http://alice:p%C3%A4ss%21@host/")
    basic = base64.b64encode("alice:päss!".encode()).decode()
    assert masker(f"päss! {basic}") == f"{MASK} {MASK}"


def test_a_credential_header_adds_the_whole_value_its_token_and_a_basic_password() -> None:
    masker = Masker()
    masker.add_credential("Bearer tok-123456")
    masker.add_credential("Basic " + base64.b64encode(b"alice:hunter22").decode())
    assert masker("tok-123456 hunter22") == f"{MASK} {MASK}"


def test_credential_fields_of_a_json_text_become_secrets() -> None:
    masker = Masker()
    masker.add_fields('{"access_token": "at-\\u00e9-1234", "token_type": "Bearer", "Password": "pw-5678"}')
    assert masker("at-é-1234 Bearer pw-5678") == f"{MASK} Bearer {MASK}"


def test_scrub_names_the_variable_and_fill_puts_the_current_value_back() -> None:
    masker = Masker(names={"API_TOKEN": HOSTILE})
    masker.add("unnamed-secret")
    recorded = masker.scrub(f"{HOSTILE} | {json.dumps(HOSTILE)} | {quote(HOSTILE, safe='')} | unnamed-secret")
    assert HOSTILE not in recorded and "unnamed-secret" not in recorded
    assert recorded.startswith("{{*****:API_TOKEN}} | \"{{*****:API_TOKEN|json-ascii}}\"")
    assert recorded.endswith(f" | {MASK}")
    new = 'n"ew-é'
    assert fill(recorded, {"API_TOKEN": new}.get) == \
        f"{new} | {json.dumps(new)} | {quote(new, safe='')} | {MASK}"
    assert fill(recorded, {}.get) == recorded  # no such variable now: the placeholder stays


def _execution(body: str) -> Execution:
    return Execution(item="i", name="n", iteration=0,
                     request=SentRequest("GET", "http://h/?t=SECRETVALUE", [("Authorization", "Bearer x")], None),
                     response=ReceivedResponse(200, "OK", [], keep(body), 1.0, len(body)),
                     console=[("log", "SECRETVALUE")], warnings=["w SECRETVALUE"],
                     assertions=[AssertionResult("c", False, "got SECRETVALUE", expected={"k": "SECRETVALUE"},
                                                 actual=["SECRETVALUE"])])


def test_an_execution_is_masked_as_a_whole() -> None:
    ex = mask_execution(_execution("SECRETVALUE"), Masker(["SECRETVALUE"]))
    assert "SECRETVALUE" not in repr(ex)
    assert ex.request is not None and ex.request.headers == [("Authorization", MASK)]


@pytest.mark.parametrize("start", [BODY_KEEP_CHARS - 5, BODY_KEEP_CHARS + 8 * 1024 - 6])
def test_a_secret_cut_at_the_end_of_a_kept_body_does_not_show_in_part(start: int) -> None:
    secret = "SECRET-" + "9" * 30
    body = "x" * start + secret + "y" * 20_000
    ex = mask_execution(_execution(body), Masker([secret]))
    assert ex.response is not None and len(ex.response.body) <= BODY_KEEP_CHARS
    assert "SECRET" not in ex.response.body


def test_cookies_are_secrets_but_not_their_attributes() -> None:
    masker = Masker()
    masker.add_cookies("session=Sn8kq-cookie-value; Path=/; HttpOnly", set_cookie=True)
    masker.add_cookies("a=Ck4m-first; b=Ck5n-second")
    assert masker("Sn8kq-cookie-value Ck4m-first Ck5n-second Path=/ HttpOnly") == \
        f"{MASK} {MASK} {MASK} Path=/ HttpOnly"


def test_a_server_text_that_looks_like_a_placeholder_replays_as_it_was() -> None:
    masker = Masker(names={"API_TOKEN": "Tk7w-token"})
    for original in ("{{*****:API_TOKEN}} Tk7w-token", "{{*****:}}", "a {{*****:x|json}} b {{*****:"):
        recorded = masker.scrub(original)
        assert "Tk7w-token" not in recorded
        assert fill(recorded, {"API_TOKEN": "Tk7w-token"}.get) == original


def test_secrets_learnt_one_by_one_are_masked_like_secrets_known_at_once() -> None:
    """The patterns are compiled in groups (see secret_forms.Patterns): the result is the same,
    also where one secret holds another that was learnt in another group."""
    values = [f"tok-{i:04d}-Xq" for i in range(40)] + ["pre-tok-0003-Xq-post", "Zz-9"]
    text = " ".join(values + [json.dumps(v) for v in values])
    at_once, one_by_one = Masker(values), Masker()
    for v in values:
        one_by_one.add(v)
        one_by_one("warm")  # compiles what was added so far
    assert one_by_one(text) == at_once(text)
    assert "tok" not in at_once(text) and "post" not in at_once(text)


_PARTS = st.sampled_from(["tok-123456", "abcd", "abcdef", "x", "a b", "%20", "user:pw@", "https://u:pass1234@h/",
                          "\u2026", "'abcde", "token", "\u00e9t\u00e9", " "])
_TEXTS = st.lists(_PARTS, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(steps=st.lists(st.tuples(st.booleans(), _TEXTS), max_size=25), kept=st.integers(1, 4),
       longest=st.sampled_from([0, 8, 256]))
def test_masking_a_text_again_gives_what_masking_it_anew_gives(steps: list[tuple[bool, str]], kept: int,
                                                              longest: int) -> None:
    """Texts masked before are answered from what the Masker kept, until it learns a new secret (then
    anything masked before may hold it): interleaved with new secrets, every answer is what a Masker
    that keeps nothing gives."""
    from runner.core import secrets

    keeping, anew = Masker(), Masker()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(secrets, "_MASKED_KEPT", kept)
        patch.setattr(secrets, "_MASKED_TEXT_MAX", longest)
        for add, text in steps:
            if add:
                keeping.add(text)
                anew.add(text)
            else:
                mine = keeping(text)
                anew._masked.clear()
                assert mine == anew(text)
                assert keeping(text) == mine  # asked twice: the same

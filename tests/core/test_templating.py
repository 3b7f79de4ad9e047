"""Templating: both notations, scopes and their precedence, unknown variables."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.core.template import compact_json, find_names, render, render_json
from runner.core.variables import Variables
from runner.errors import TemplateError


def test_both_notations_resolve() -> None:
    v = Variables(environment={"API_ENDPOINT": "api.example.com", "email": "a@b.c"})
    assert render("https://{{API_ENDPOINT}}/emails/${email}", v, where="t") == "https://api.example.com/emails/a@b.c"
    assert render("{{ API_ENDPOINT }} ${ email }", v, where="t") == "api.example.com a@b.c"


def test_narrowest_scope_wins() -> None:
    v = Variables(globals={"x": "g"}, collection={"x": "c"}, environment={"x": "e"}, data={"x": "d"})
    assert render("{{x}}", v, where="t") == "d"
    v.set("x", "l")
    assert render("{{x}}", v, where="t") == "l"
    v = Variables(globals={"x": "g"}, collection={"x": "c"})
    assert render("{{x}}", v, where="t") == "c"
    v = Variables(globals={"x": "g"}, collection={"x": "c"}, environment={"x": "e"})
    assert render("{{x}}", v, where="t") == "e"


def test_unknown_variable_names_it_and_where_it_was_used() -> None:
    with pytest.raises(TemplateError) as info:
        render("https://{{HOST}}/x", Variables(), where="c.json#/items/0/request/url")
    assert "unknown variable 'HOST'" in str(info.value)
    assert "c.json#/items/0/request/url" in str(info.value)


def test_postman_rule_leaves_unknown_as_written() -> None:
    out = render("a {{missing}} ${notpostman}", Variables(), where="t", strict=False, braces_only=True)
    assert out == "a {{missing}} ${notpostman}"


def test_values_are_resolved_recursively_and_stringified() -> None:
    v = Variables(environment={"base": "https://{{host}}", "host": "h.example", "n": 3, "flag": True, "obj": {"a": 1}})
    assert render("{{base}}/{{n}}/{{flag}}/{{obj}}", v, where="t") == 'https://h.example/3/true/{"a":1}'


def test_a_value_holding_an_unknown_reference_keeps_it_as_written() -> None:
    """A value is data (a password may hold "${x}"): the names it refers to are resolved when defined,
    and one that is not stays as written, with no error even in a native (strict) file, and no warning."""
    from runner.core.template import Seen

    class Heard(Seen):
        def __init__(self) -> None:
            self.names: list[str] = []

        def missing(self, name: str, where: str) -> None:
            self.names.append(name)

    v = Variables(environment={"pw": "a${x}b{{y}}", "url": "{{host}}/{{nope}}", "host": "h"})
    heard = Heard()
    assert render("{{pw}}|${pw}|{{url}}", v, where="t", strict=True, seen=heard) == "a${x}b{{y}}|a${x}b{{y}}|h/{{nope}}"
    assert heard.names == []


def test_dynamic_variables() -> None:
    out = render("{{$guid}} {{$timestamp}} {{$randomInt}} {{$isoTimestamp}}", Variables(), where="t")
    guid, ts, rnd, iso = out.split(" ")
    assert re.fullmatch(r"[0-9a-f-]{36}", guid)
    assert ts.isdigit() and rnd.isdigit()
    assert iso.endswith("Z") and "T" in iso


def test_encode_applies_to_inserted_values_only() -> None:
    from urllib.parse import quote

    v = Variables(local={"email": "a b@x.com"})
    assert render("/emails/${email}?q=1", v, where="t", encode=lambda s: quote(s, safe="")) == "/emails/a%20b%40x.com?q=1"


def test_render_json_keeps_structure_and_reports_pointer() -> None:
    v = Variables(environment={"POS": "spinair.com", "quote": 'say "hi"'})
    out = render_json({"pos": "{{POS}}", "n": 1, "list": ["{{quote}}"]}, v, where="f#/m")
    assert out == {"pos": "spinair.com", "n": 1, "list": ['say "hi"']}
    json.dumps(out)  # still valid JSON whatever the values hold
    with pytest.raises(TemplateError, match=r"f#/m/list/0"):
        render_json({"list": ["{{nope}}"]}, v, where="f#/m")


def test_find_names_skips_dynamic() -> None:
    assert find_names("{{a}} ${b} {{$guid}}") == ["a", "b"]
    assert find_names("{{a}} ${b}", braces_only=True) == ["a"]


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                     max_leaves=12)


@given(value=_JSON)
def test_the_compact_json_of_message_builders_is_json_dumps(value: object) -> None:
    assert compact_json(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class _Heard:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def missing(self, name: str, where: str) -> None:
        self.events.append(("missing", name, where))

    def empty(self, name: str, where: str) -> None:
        self.events.append(("empty", name, where))


_PIECE = st.sampled_from(["{{a}}", "{{ b }}", "${c}", "{{missing}}", "${ missing }", "{{$timestamp}}", "{{e}}",
                          "{{n}}", "{{deep}}", "{{", "}}", "${", "{{a", "x", " ", "/", "{{{a}}}", "{{a}}{{b}}"])
_VALUES = {"a": "A", "b": "{{a}}-B", "c": "", "e": "", "n": 7, "deep": "{{deep}}", "obj": {"k": [1]}}


@settings(max_examples=1500, deadline=None)
@given(text=st.lists(_PIECE, max_size=6).map("".join), strict=st.booleans(), braces_only=st.booleans(),
       encoded=st.booleans())
def test_a_text_rendered_from_its_kept_pieces_is_the_one_rendered_by_matching(text: str, strict: bool,
                                                                              braces_only: bool,
                                                                              encoded: bool) -> None:
    """render keeps each text's templates (found once) and fills them in; a long text is matched as it
    comes. Both give the same text, the same error and tell the same things, in the same order."""
    from urllib.parse import quote

    from runner.core import template

    def rendered(text_max: int) -> tuple[object, list[tuple[str, str, str]]]:
        heard = _Heard()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(template, "_PIECES_TEXT_MAX", text_max)
            patch.setattr(template, "_DYNAMIC", {**template._DYNAMIC, "$timestamp": lambda: "T"})
            try:
                out: object = render(text, Variables(environment=_VALUES), where="f#/items/0/request/url",
                                     strict=strict, braces_only=braces_only, encode=quote if encoded else None,
                                     seen=heard)
            except TemplateError as exc:
                out = ("error", str(exc), exc.where)
        return out, heard.events

    assert rendered(1 << 20) == rendered(-1)

"""The direct walk for plain ``$.a.b`` paths gives exactly python-jsonpath's matches."""

from __future__ import annotations

import jsonpath
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.core import query

NAMES = st.sampled_from(["a", "b", "status", "ref", "_x1", "true", "null", "length", "in", "and", "keys"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=4), data=JSON)
def test_dotted_paths_match_python_jsonpath(names: list[str], data: object) -> None:
    path = "$." + ".".join(names)
    assert query._dotted(path) is not None  # the fast path is taken
    # python-jsonpath reads a string root as a JSON document to parse; a body that is a JSON
    # string has no members (test_a_string_body_has_no_members)
    expected = [] if isinstance(data, str) else jsonpath.compile(path).findall(data)
    assert query.findall(path, data) == expected


def test_a_string_body_has_no_members() -> None:
    # a JSON body that is a string: nothing below it, and never parsed a second time (no crash on "[")
    for text in ("[", '{"a": 1}', ""):
        assert query.findall("$.a", text) == [] and query.findall("$..a", text) == []
        assert query.findall("$", text) == [text]


def test_other_paths_still_go_through_python_jsonpath() -> None:
    data = {"a": [{"b": 1}, {"b": 2}], "x-y": 3, "0": 4}
    for path in ("$.a[0].b", "$.a[*].b", "$..b", "$['x-y']", "$.a[?@.b > 1].b", "$"):
        assert query._dotted(path) is None
        assert query.findall(path, data) == jsonpath.compile(path).findall(data)

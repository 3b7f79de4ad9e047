"""The bounded compiled-script cache: a context keeps the most recently used scripts, a new script takes the
slot of the one used longest ago, and a script always runs its own source (never one that held its slot)."""

from __future__ import annotations

import pytest
from script_helpers import BACKENDS, context

from runner.scripting import Script, get_engine
from runner.scripting._compiled import CompiledScripts


@pytest.fixture(params=BACKENDS)
def small_engine(request):
    eng = get_engine(request.param, time_limit_ms=3000, memory_limit_mb=128)
    eng.compiled_limit = 2  # read when the engine's context is made: before the first run
    yield eng
    eng.close()


def compiled(eng) -> list[str]:
    return list(eng._ctx().compiled) if eng.name == "quickjs" else list(eng._compiled)


def says(eng, word: str) -> str:
    out = eng.run(Script(source=f"pm.environment.set('said', '{word}');", name="t"), context("prerequest"))
    assert out.error is None, out.error
    assert [(op.name, op.value) for op in out.variable_ops] == [("said", word)]
    return word


def test_a_script_that_takes_a_freed_slot_runs_its_own_source(small_engine) -> None:
    for word in ("a", "b", "c", "a", "d", "b", "c", "c", "a"):  # every miss past the second reuses a slot
        says(small_engine, word)
    assert len(compiled(small_engine)) == 2


def test_the_least_recently_used_script_is_dropped(small_engine) -> None:
    src = {w: f"pm.environment.set('said', '{w}');" for w in "abc"}
    says(small_engine, "a")
    says(small_engine, "b")
    says(small_engine, "a")  # a used again: b is now the oldest
    says(small_engine, "c")
    assert compiled(small_engine) == [src["a"], src["c"]]


def test_a_syntax_error_in_a_reused_slot_leaves_the_scripts_held_intact(small_engine) -> None:
    says(small_engine, "a")
    says(small_engine, "b")
    bad = small_engine.run(Script(source="pm.environment.set('said', ", name="t"), context("prerequest"))
    assert bad.error is not None and bad.error.kind == "syntax"
    assert says(small_engine, "a") == "a" and says(small_engine, "b") == "b"


def test_slots_are_dense_until_full_then_reused_oldest_first() -> None:
    cache = CompiledScripts(3)
    for i, source in enumerate("xyz"):
        assert cache.next_slot() == i
        cache.add(source, i)
    assert cache.get("x") == 0  # x is now the most recently used: y goes first
    assert cache.next_slot() == 1
    cache.add("w", 1)
    assert "y" not in cache and cache.get("w") == 1 and cache.get("z") == 2
    assert list(cache) == ["x", "w", "z"]

"""Helpers of the sandbox tests: the `engine` fixture (each backend), a script context, running one script.

Test modules import `engine` from here (a conftest.py in this folder would shadow the top-level
tests/conftest.py that other test modules import helpers from)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from runner.scripting import Script, ScriptOutcome, get_engine

HAS_MINI_RACER = importlib.util.find_spec("py_mini_racer") is not None
BACKENDS = ["quickjs", pytest.param("mini-racer", marks=pytest.mark.skipif(not HAS_MINI_RACER, reason="mini-racer is not installed"))]

HTML = ("<html><head><title>Shop &amp; more</title></head><body><ul id=\"items\">"
        "<li class=\"item first\" data-id=\"1\"><a href=\"/a\">Apple</a></li>"
        "<li class=\"item\" data-id=\"2\"><a href=\"/b\">Banana</a> <b>ripe</b></li></ul>"
        "<input name=\"q\" value=\"fruit\"><!-- note --></body></html>")
XML = ('<?xml version="1.0"?><catalog xmlns:x="urn:x"><book id="b1"><title>One</title><x:tag>t</x:tag></book>'
       '<book id="b2"><title lang="en">Two</title><empty/></book></catalog>')


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request):
    eng = get_engine(request.param, time_limit_ms=3000, memory_limit_mb=128)
    yield eng
    eng.close()


def context(event: str, body: str = '{"url": "http://x/get", "items": [1, 2, 3]}', headers=None) -> dict:
    return {
        "event": event,
        "variables": {"globals": {"g": "G"}, "collection": {}, "environment": {"e": "E"}, "data": {}, "local": {}},
        "request": {"id": "r1", "name": "req", "method": "GET", "url": "http://127.0.0.1:9/get?a=1",
                    "headers": [["Accept", "*/*"]], "body": None},
        "response": None if event == "prerequest" else {
            "code": 200, "status": "OK", "headers": headers or [["Content-Type", "application/json"]],
            "body": body, "responseTime": 5, "responseSize": len(body)},
        "info": {"requestName": "req", "iteration": 0, "eventName": event},
    }


def run(engine, source: str, ctx: dict) -> ScriptOutcome:
    return engine.run(Script(source=source, name="t"), ctx)


def outcomes(outcome: ScriptOutcome) -> dict:
    return {t.name: (t.passed, t.message) for t in outcome.tests}


def all_pass(engine, source: str, ctx: dict, expected_names: int | None = None) -> dict:
    out = run(engine, source, ctx)
    assert out.error is None, out.error
    got = outcomes(out)
    failed = {k: v for k, v in got.items() if not v[0]}
    assert not failed, json.dumps(failed, indent=1)
    if expected_names is not None:
        assert len(got) == expected_names, got
    return got

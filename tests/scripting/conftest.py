"""Fixture of the sandbox tests: each script engine (see sandbox_helpers.py for the helpers)."""

from __future__ import annotations

import pytest
from sandbox_helpers import BACKENDS

from runner.scripting import get_engine


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request):
    eng = get_engine(request.param, time_limit_ms=3000, memory_limit_mb=128)
    yield eng
    eng.close()

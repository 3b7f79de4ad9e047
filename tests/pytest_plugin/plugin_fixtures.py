"""The ``api`` fixture of the pytest plugin's tests. Test modules load it with ``pytest_plugins``
(a conftest.py here would be a second module named ``conftest`` and shadow the tests' own for
``from conftest import ...``), and never import it (so pytest can rewrite its asserts)."""

from __future__ import annotations

from typing import Any

import pytest
from plugin_helpers import send_json


@pytest.fixture
def api(loopback: Any) -> Any:
    """A loopback API (tests/conftest.py's ``loopback`` server) with a few fixed JSON answers."""
    loopback.route("GET", "/ok")(lambda h: send_json(h, 200, {"status": "OK", "ref": "r-1"}))
    loopback.route("GET", "/guest")(lambda h: send_json(h, 200, {"ref": "g-1", "email": "a@example.com",
                                                                   "tags": ["new", "eu"]}))
    loopback.route("GET", "/fail")(lambda h: send_json(h, 500, {"status": "ERROR"}))
    return loopback


"""Markers of the CLI tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: installs into fresh virtual environments (minutes); -m 'not slow' skips")

"""Helpers of the pytest plugin's tests: write collections, run an inner pytest with ``pytester``.

Requests go to the in-process sandbox or to a loopback server the test starts, never to the
internet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CLOSE_SESSION = REPO / "collections" / "stream" / "close-session.json"


def write(pytester: pytest.Pytester, name: str, data: Any) -> Path:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) if not isinstance(data, str) else data)
    return path


def send_json(handler: Any, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """An inner pytest (hypothesis' plugin off: importing it again in every run costs seconds)."""
    return pytester.runpytest("-p", "no:hypothesispytest", *args)


def run_subprocess(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:hypothesispytest", "-p", "no:cacheprovider", *args)


def copy_close_session(pytester: pytest.Pytester, name: str = "close-session.json") -> Path:
    target = pytester.path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CLOSE_SESSION, target)
    return target


def request(name: str, url: str, asserts: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, "assert": asserts or [{"status": 200}], **extra}


def paths(api: Any) -> list[str]:
    """The paths (with query) the loopback API was asked for, in order."""
    return [r["path"] for r in api.requests]

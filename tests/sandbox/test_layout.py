"""The sandbox stands alone: it imports nothing of runner outside runner/sandbox but the shared
event rules, and no module of it is over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SANDBOX = Path(__file__).resolve().parents[2] / "runner" / "sandbox"


def test_sandbox_imports_only_itself_and_the_event_rules():
    outside = set()
    for path in SANDBOX.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("runner"):
                outside.add(node.module)
            if isinstance(node, ast.Import):
                outside |= {a.name for a in node.names if a.name.startswith("runner")}
    assert outside <= {"runner.sitecore.events"}


def test_modules_are_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in SANDBOX.rglob("*.py")}
    assert max(sizes.values()) <= 400, sizes

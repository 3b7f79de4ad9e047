"""Data contract between the run engine and the script engines (plain dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runner.model.collection import Script

__all__ = ["Script", "VariableOp", "TestResult", "ScriptError", "ScriptOutcome"]



@dataclass(slots=True)
class VariableOp:
    """One variable mutation, in the order the script made it.

    ``name`` and ``value`` are ``None`` for ``op == "clear"``; ``value`` is ``None`` for ``unset``.
    """

    scope: str
    op: str
    name: str | None
    value: Any = None


@dataclass(slots=True)
class TestResult:
    name: str
    passed: bool
    message: str | None = None
    skipped: bool = False  # pm.test.skip / pm.test without a callback (passed is True then)


@dataclass(slots=True)
class ScriptError:
    """An error that stopped the script: thrown outside pm.test, syntax error, time or memory limit.

    ``line`` is 1-based in the user's script source (None when unknown).
    """

    message: str
    line: int | None = None
    kind: str = "error"  # "syntax" | "error" | "timeout" | "memory"


@dataclass(slots=True)
class ScriptOutcome:
    variable_ops: list[VariableOp] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    error: ScriptError | None = None
    request: dict | None = None  # the mutated request (same shape as context["request"]) or None if unchanged
    next_request: str | None = None
    next_request_set: bool = False  # True when setNextRequest was called; next_request None then means "stop the run"
    skip_request: bool = False
    # pm.cookies.jar() changes, in order: (op, url, name, value), op "set" | "unset" | "clear"
    cookie_ops: list[tuple] = field(default_factory=list)

"""What ``cdp_run`` returns: a run's executions, summary, failed checks and final variables, with
every secret value masked wherever Python shows it (``repr``, and so pytest's assertion messages
and dict diffs, which print the ``repr`` of each item).

A secret keeps its real value (it compares, hashes and formats as itself); only its ``repr`` is
masked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from runner.core.secrets import MASK
from runner.errors import FailureKind
from runner.model.results import Execution, Summary
from runner.pytest_plugin.failure import headline

Mask = Callable[[str], "str | None"]


class SecretStr(str):
    """A string whose repr is masked (the whole value, or the secrets inside it)."""

    shown: str
    mask: Mask

    def __new__(cls, value: str, shown: str, mask: Mask) -> SecretStr:
        obj = super().__new__(cls, value)
        obj.shown, obj.mask = shown, mask
        return obj

    def __repr__(self) -> str:
        return repr(self.shown)

    def __reduce__(self) -> tuple[Any, ...]:  # copy.copy / deepcopy keep it a SecretStr
        return SecretStr, (str(self), self.shown, self.mask)


class SecretInt(int):
    """A number held by a secret variable: its repr is the mask."""

    def __repr__(self) -> str:
        return repr(MASK)


class SecretFloat(float):
    def __repr__(self) -> str:
        return repr(MASK)


MASKED_TYPES = (SecretStr, SecretInt, SecretFloat)


def masked(value: Any, mask: Mask, *, whole: bool = False) -> Any:
    """``value`` with its secrets behind a masked repr: all of it when ``whole`` (a secret
    variable), else the known secret values inside its strings; dicts and lists item by item."""
    if isinstance(value, dict):
        return {k: masked(v, mask, whole=whole) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, mask, whole=whole) for v in value]
    if isinstance(value, str):
        if whole and value:
            return SecretStr(value, MASK, lambda text: (mask(text) or text).replace(value, MASK))
        shown = mask(value) or value
        return value if shown == value else SecretStr(value, shown, mask)
    if whole and isinstance(value, int) and not isinstance(value, bool):
        return SecretInt(value)
    if whole and isinstance(value, float):
        return SecretFloat(value)
    return value


class MaskedVariables(dict):
    """Variables after a run; secret values (by name, or holding a secret value) are masked in
    the repr of the dict and of each value, so assertion messages and diffs never show them."""

    secret_names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: dict[str, Any], secret_names: Iterable[str], mask: Mask) -> MaskedVariables:
        names = frozenset(secret_names)
        out = cls({k: masked(v, mask, whole=k in names) for k, v in values.items()})
        out.secret_names = names
        return out


@dataclass(frozen=True)
class FailedCheck:
    """A check that failed: its request, its name, expected and actual (secrets already masked),
    and its kind (ASSERTION: it did not hold; TRANSPORT or TIMEOUT: no response to check; INPUT:
    its expected value could not be built)."""

    request: str
    iteration: int
    name: str
    expected: Any
    actual: Any
    message: str
    kind: FailureKind


@dataclass(repr=False)
class CdpRunResult:
    """What ``cdp_run`` returns: the executions, the summary and the variables at the end."""

    executions: list[Execution]
    summary: Summary
    variables: dict[str, Any]
    stopped_early: bool = False
    collection: Any = None

    @property
    def passed(self) -> bool:
        return not self.summary.failed

    @property
    def failures(self) -> list[str]:
        """One line per failed request, for assertion messages."""
        return [f"{ex.item}: {headline(ex)}" for ex in self.executions if ex.failed]

    @property
    def failed_checks(self) -> list[FailedCheck]:
        """Every failed check of the run, with what was expected and what came back."""
        return [FailedCheck(ex.item, ex.iteration, f.check, f.expected, f.actual, f.message, f.kind)
                for ex in self.executions for f in ex.failures() if f.check is not None]

    def __repr__(self) -> str:
        return (f"CdpRunResult(passed={self.passed}, requests={self.summary.requests_total}, "
                f"failures={self.failures!r}, variables={self.variables!r})")

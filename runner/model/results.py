"""Results of a run: plain data, already masked, consumed by reporters and the pytest plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runner.errors import FailureKind


@dataclass(slots=True)
class AssertionResult:
    name: str
    passed: bool
    message: str | None = None
    expected: Any = None
    actual: Any = None
    skipped: bool = False
    kind: FailureKind = FailureKind.ASSERTION  # what a failure of it is: a check, or a script or request error

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "passed": self.passed, "message": self.message}
        if self.skipped:  # pm.test.skip: an extra field, only on skipped tests (as Newman's report marks them)
            out["skipped"] = True
        return out


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing that went wrong with a request, typed: what reporters and the pytest plugin render."""

    kind: FailureKind
    message: str
    check: str | None = None  # the check's name, for assertion failures
    expected: Any = None
    actual: Any = None


@dataclass(frozen=True, slots=True)
class Redirect:
    """One followed redirect: the response `status` that sent the request from `url` on to `location`."""

    status: int
    method: str  # the method of the request that got the redirect
    url: str
    location: str

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "method": self.method, "url": self.url, "location": self.location}


@dataclass(slots=True)
class SentRequest:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: str | None


@dataclass(slots=True)
class ReceivedResponse:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: str
    time_ms: float
    size: int


@dataclass(slots=True)
class Execution:
    """What happened to one request in one iteration."""

    item: str
    name: str
    iteration: int
    request: SentRequest | None
    response: ReceivedResponse | None
    error: str | None = None
    assertions: list[AssertionResult] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    script_error: str | None = None
    skipped: bool = False
    attempts: int = 1
    error_kind: FailureKind | None = None  # set with `error`
    warnings: list[str] = field(default_factory=list)  # noted, not failed (e.g. the event lint)
    redirects: list[Redirect] = field(default_factory=list)  # followed redirects, in order (URLs masked)

    @property
    def failed(self) -> bool:
        return self.error is not None or any(not a.passed for a in self.assertions)

    def fail(self, kind: FailureKind, message: str) -> None:
        """Record the request's error (the first one wins: later ones are usually its consequence)."""
        if self.error is None:
            self.error, self.error_kind = message, kind

    def failures(self) -> list[Failure]:
        """The request's error, then each failed check, typed."""
        out = []
        if self.error is not None:
            out.append(Failure(self.error_kind or FailureKind.TRANSPORT, self.error))
        out.extend(Failure(a.kind, a.message or "failed", a.name, a.expected, a.actual)
                   for a in self.assertions if not a.passed)
        return out

    def to_json(self) -> dict[str, Any]:
        req = self.request
        resp = self.response
        return {
            "item": self.item,
            "name": self.name,
            "iteration": self.iteration,
            "request": None if req is None else {"method": req.method, "url": req.url},
            "response": None
            if resp is None
            else {"status": resp.status, "timeMs": round(resp.time_ms, 1), "size": resp.size},
            "error": self.error,
            "assertions": [a.to_json() for a in self.assertions],
            "attempts": self.attempts,  # sends of this request, retries included (extra field)
            **({"warnings": self.warnings} if self.warnings else {}),  # extra field, only when there are some
            **({"redirects": [r.to_json() for r in self.redirects]} if self.redirects else {}),
        }


@dataclass(slots=True)
class Summary:
    """Counters kept while executions stream past (nothing accumulated per request)."""

    iterations: int = 0
    requests_total: int = 0
    requests_failed: int = 0
    assertions_total: int = 0
    assertions_failed: int = 0
    scripts_total: int = 0
    scripts_failed: int = 0
    duration_ms: float = 0.0
    response_ms_total: float = 0.0
    response_ms_min: float | None = None
    response_ms_max: float | None = None
    responses: int = 0

    def add(self, ex: Execution, scripts: int = 0) -> None:
        if ex.skipped:
            return
        self.requests_total += 1
        if ex.error is not None:
            self.requests_failed += 1
        self.assertions_total += len(ex.assertions)
        self.assertions_failed += sum(1 for a in ex.assertions if not a.passed)
        self.scripts_total += scripts
        self.scripts_failed += 1 if ex.script_error else 0
        if ex.response is not None:
            t = ex.response.time_ms
            self.responses += 1
            self.response_ms_total += t
            self.response_ms_min = t if self.response_ms_min is None else min(self.response_ms_min, t)
            self.response_ms_max = t if self.response_ms_max is None else max(self.response_ms_max, t)

    def merge(self, other: Summary) -> None:
        """Add another run's counters (its iterations are already counted in ours)."""
        for name in ("requests_total", "requests_failed", "assertions_total", "assertions_failed",
                     "scripts_total", "scripts_failed", "response_ms_total", "responses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, pick in (("response_ms_min", min), ("response_ms_max", max)):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, theirs if mine is None else mine if theirs is None else pick(mine, theirs))

    @property
    def failed(self) -> bool:
        return self.requests_failed > 0 or self.assertions_failed > 0

    @property
    def response_ms_avg(self) -> float | None:
        return self.response_ms_total / self.responses if self.responses else None

    def to_json(self) -> dict[str, Any]:
        return {
            "iterations": self.iterations,
            "requests": {"total": self.requests_total, "failed": self.requests_failed},
            "assertions": {"total": self.assertions_total, "failed": self.assertions_failed},
            "durationMs": round(self.duration_ms, 1),
        }

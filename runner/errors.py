"""One error hierarchy for the whole package, and the kinds of failure a result can carry.

    CdpRunnerError
     ├── InputError      a user's file or argument is wrong: exit 2, before anything is sent
     ├── TemplateError   a variable could not be rendered for one request (that request fails)
     ├── AuthError       credentials could not be applied to one request (that request fails)
     └── QueryError      a check's subject could not be evaluated on a response (that check fails)

Only InputError stops a run; the others become a request's failure, typed by FailureKind.
"""

from __future__ import annotations

from enum import Enum


class CdpRunnerError(Exception):
    """The root of every error the package raises on purpose."""


class InputError(CdpRunnerError):
    """A user's file or argument is wrong. Always names the file and the place in it.

    `place` is ``line:column`` for syntax errors, a JSON pointer for schema errors,
    ``line N`` for dotenv files, or None when the whole file is at fault.
    """

    def __init__(self, message: str, *, file: str | None = None, place: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.place = place

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.place}" if self.place and self.place[0].isdigit() else "")
            if self.place and not self.place[0].isdigit():
                where += f" at {self.place}"
            where += ": "
        return where + self.message


class TemplateError(CdpRunnerError):
    """A variable could not be resolved while rendering (reported per request, not fatal)."""

    def __init__(self, message: str, *, where: str) -> None:
        super().__init__(f"{message} (in {where})")
        self.where = where


class AuthError(CdpRunnerError):
    """Authentication could not be applied (reported as the request's error)."""


class QueryError(CdpRunnerError):
    """A check's subject could not be evaluated (e.g. the body is not JSON)."""


class FailureKind(str, Enum):
    """Why a request or a check failed; reporters and the pytest plugin render by kind."""

    ASSERTION = "assertion"  # a declarative check or a pm.test did not hold
    SCRIPT = "script"  # a pre-request or test script threw, or hit its time or memory limit
    TRANSPORT = "transport"  # nothing usable came back: refused, reset, TLS, too large, bad URL
    TIMEOUT = "timeout"  # a request's or the whole run's time limit
    INPUT = "input"  # the request could not be built: unknown variable, bad auth settings

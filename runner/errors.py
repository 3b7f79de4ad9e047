"""Errors that stop a run before anything is sent: bad input (exit 2)."""

from __future__ import annotations


class InputError(Exception):
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


class TemplateError(Exception):
    """A variable could not be resolved while rendering (reported per request, not fatal)."""

    def __init__(self, message: str, *, where: str) -> None:
        super().__init__(f"{message} (in {where})")
        self.where = where

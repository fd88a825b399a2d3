"""Errors a user can act on: each names where the problem is."""

from __future__ import annotations

from dataclasses import dataclass


class DondocError(Exception):
    """A user error: the CLI prints it on one line and exits 1."""


class SettingsError(DondocError):
    """An environment variable or setting that is not understood."""


class NotFound(DondocError):
    """No such subtask, agency or directive."""


class Forbidden(DondocError):
    """The actor may not act on that record."""


class Conflict(DondocError):
    """The state of the record does not allow the action."""


@dataclass
class SpecProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class SpecError(DondocError):
    """Bad input in a YAML file; carries every problem found, first one first."""

    def __init__(self, problems: list[SpecProblem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class FieldError(DondocError):
    """One field of a form or a request body is wrong: `field` is its path ("aliases[1]") for the
    API, and the message starts with the label a person sees beside it."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


class FieldConflict(Conflict):
    """A field's value is already taken (a body's name): 409, with the field's path."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)

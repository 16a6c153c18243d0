"""Errors that say where: file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.text import visible


class CoachError(Exception):
    """An error meant for the user: printed as it is, never as a traceback."""


@dataclass(frozen=True, order=True)
class Location:
    """Where a value sits in a file. Lines and columns count from 1."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class LocatedError:
    """One problem in a user's file, e.g. `steps[3].hold: expected a duration ...`."""

    location: Location
    message: str
    field: str = ""

    def __str__(self) -> str:
        # A file name or a key may hold anything: shown, never acted on by a terminal.
        prefix = f"{self.field}: " if self.field else ""
        return visible(f"{self.location}: {prefix}{self.message}", one_line=True)


class InvalidFile(CoachError):
    """A file with one or more located problems."""

    def __init__(self, path: Path | str, errors: list[LocatedError]) -> None:
        self.path = str(path)
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A ` (did you mean "x"?)` hint, or an empty string when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def excerpt(value: object, limit: int = 40) -> str:
    """A value as an error message may quote it: one line, at most `limit` characters,
    control characters shown as signs (`coach.text.visible`), so an error never repeats
    a whole file or line."""
    text = visible(value, one_line=True)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"

"""Programmes over weeks: what a programme is.

A programme (`kind: programme`, a YAML file beside the routines; format in
`coach.routines.format`, read by `coach.routines.programme_file`) is a list of stages of
weeks. Each stage names the routines to do every day and on given weekdays, and the rules
to move on when its weeks are over: enough days done, and pain not rising. A stage whose
rules are not met at its end lasts one more week, and is looked at again then.

What a followed programme says for a day is `coach.routines.programme_days`'s: this
module is what the routine library keeps (and the window unpickles before its first
frame), so it holds the model and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PROGRAMME_KIND = "programme"
# A file that says `kind: programme` at the top level (block style), for listings that do
# not read whole files; the loaders decide from the parsed file.
_PROGRAMME_LINE = re.compile(r"^kind[ \t]*:[ \t]*[\"']?programme\b", re.MULTILINE)


def looks_like_programme(text: str) -> bool:
    """True for the text of a programme file written as coach writes them."""
    return _PROGRAMME_LINE.search(text) is not None


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class MoveOn:
    """When a stage's weeks are over, what it takes to go on to the next one."""

    days_done: int = 0  # days, since the stage began, on which one of its routines was done
    pain_not_rising: bool = False  # the worst pain of its last week not up by 2 or more

    @property
    def any(self) -> bool:
        return self.days_done > 0 or self.pain_not_rising


@dataclass(frozen=True)
class Stage:
    """Weeks with the same plan: routines every day and on given weekdays."""

    name: str
    weeks: int = 1
    every_day: tuple[str, ...] = ()
    days: tuple[tuple[str, ...], ...] = ((),) * 7  # Monday first
    move_on: MoveOn = field(default_factory=MoveOn)
    note: str = ""

    def routines_on(self, day: date) -> tuple[str, ...]:
        """The routines of a day, every day's first, each once."""
        found: list[str] = []
        for routine_id in (*self.every_day, *self.days[day.weekday()]):
            if routine_id not in found:
                found.append(routine_id)
        return tuple(found)

    @property
    def routine_ids(self) -> tuple[str, ...]:
        found: list[str] = []
        for routine_id in (*self.every_day, *(r for day in self.days for r in day)):
            if routine_id not in found:
                found.append(routine_id)
        return tuple(found)


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    stages: tuple[Stage, ...]
    description: str = ""
    notes: str = ""
    author: str = ""
    prescribed_by: str = ""
    source: Path | None = None
    builtin: bool = True

    @property
    def weeks(self) -> int:
        """The weeks it takes when every stage moves on on time."""
        return sum(stage.weeks for stage in self.stages)

    @property
    def routine_ids(self) -> tuple[str, ...]:
        found: list[str] = []
        for stage in self.stages:
            found += [r for r in stage.routine_ids if r not in found]
        return tuple(found)

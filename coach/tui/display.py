"""How the TUI writes routines for people: kind titles, lengths, step lines, counts.

One owner for what the home list, the About panel, the command palette, the builder
and the reminder banner show about a routine, so they never disagree. No Textual
here: plain strings, cheap to import.
"""

from __future__ import annotations

from coach.durations import rounded_duration_text
from coach.routines.describe import step_detail, step_title
from coach.routines.model import (
    CheckInStep,
    ExerciseStep,
    HydrationStep,
    Kind,
    Routine,
    Step,
    TherapyStep,
)
from coach.routines.timing import estimated_seconds

KIND_TITLES: dict[Kind, str] = {
    Kind.STRETCH: "Stretching",
    Kind.CORE: "Core strength",
    Kind.POSTURE: "Posture breaks",
    Kind.BREATHING: "Breathing",
    Kind.HYDRATION: "Water",
    Kind.THERAPY: "Ice and heat",
    Kind.MIXED: "Mixed",
}


def kind_title(kind: Kind) -> str:
    """`Core strength`: the heading a kind of routine goes under."""
    return KIND_TITLES.get(kind, kind.value.title())


def routine_length(routine: Routine) -> str:
    """`3 min`, or `~3 min` when some steps wait for the user and the time is an estimate."""
    seconds = estimated_seconds(routine)
    waits = any(
        isinstance(step, HydrationStep | CheckInStep | TherapyStep)  # a pack goes on at a key
        or (isinstance(step, ExerciseStep) and step.dose.hold is None and not step.dose.paced)
        for step in routine.steps
    )
    return ("~" if waits else "") + rounded_duration_text(seconds)


def routine_about(routine: Routine) -> str:
    """`Core strength · 3 min`: a routine's kind and length on one line."""
    return f"{kind_title(routine.kind)} · {routine_length(routine)}"


def step_line(step: Step, routine: Routine, *, mark_growth: bool = False) -> str:
    """One line per step: `Cat-cow · 10 reps` (with `mark_growth`, `… (grows)` for progression)."""
    detail = step_detail(step, routine.defaults)
    if mark_growth and isinstance(step, ExerciseStep) and step.progression is not None:
        detail += " (grows)"
    return f"{step_title(step)} · {detail}" if detail else step_title(step)


def count(number: int, word: str) -> str:
    """`1 step`, `3 steps`: a count with its noun (regular plurals only)."""
    return f"{number} {word}{'' if number == 1 else 's'}"

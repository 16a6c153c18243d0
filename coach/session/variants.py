"""Easier variants: swap exercises for gentler ones on a bad day.

An exercise may name an easier variant (`easier: plank-knees`). When the pain
check-in before a session is 4 or more, or pain rose by 2 or more over the last
session, the session offers the easier variants (the thresholds follow the
physio "traffic light" rule and the 2-point clinically meaningful change on the
0–10 scale). Accepting swaps each such exercise for its variant and keeps the
step's dose, so the session is as long as planned, only gentler.

Pure functions over the model, plus one read from the journal. No Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from coach.routines.model import Exercise, ExerciseStep, Routine

if TYPE_CHECKING:
    from coach.history.ports import JournalReader

# Pain before the session at or above this offers the easier variants.
PAIN_BEFORE_THRESHOLD = 4
# A rise of at least this much from before to after, last session, offers them too.
PAIN_RISE_THRESHOLD = 2
# How many recent sessions to look through for the last one with both check-ins.
_RECENT_SESSIONS = 20


def should_offer_easier(
    pain_before: int | None,
    last_session_pain: tuple[int | None, int | None] | None,
) -> bool:
    """Offer easier variants when pain is 4 or more now, or rose by 2 or more last time.

    `last_session_pain` is (before, after) of the previous session; either may be
    unknown (None), and then that rule says nothing.
    """
    if pain_before is not None and pain_before >= PAIN_BEFORE_THRESHOLD:
        return True
    if last_session_pain is None:
        return False
    before, after = last_session_pain
    return before is not None and after is not None and after - before >= PAIN_RISE_THRESHOLD


@dataclass(frozen=True)
class Swap:
    """One exercise replaced by its easier variant, for telling the user what changes."""

    step_index: int
    original: Exercise
    easier: Exercise


def easier_swaps(routine: Routine, exercises: Mapping[str, Exercise]) -> list[Swap]:
    """The swaps `easier_routine` would make, in step order (empty: nothing easier exists)."""
    lookup = _exercise_lookup(routine, exercises)
    swaps = []
    for index, step in enumerate(routine.steps):
        if not isinstance(step, ExerciseStep) or not step.exercise.easier:
            continue
        variant = lookup.get(step.exercise.easier)
        if variant is None or variant.id == step.exercise.id:
            continue  # a dangling or self reference: keep the exercise rather than fail
        swaps.append(Swap(index, step.exercise, variant))
    return swaps


def easier_routine(routine: Routine, exercises: Mapping[str, Exercise]) -> Routine:
    """The routine with every exercise that has an easier variant swapped for it.

    The step keeps its dose, note and progression rule; the exercise (name, cues,
    target, skip-if notes) becomes the variant's own. One level only: the
    variant's own `easier` is not followed, so a session gets gentler once.
    """
    swaps = easier_swaps(routine, exercises)
    if not swaps:
        return routine
    steps = list(routine.steps)
    for swap in swaps:
        step = steps[swap.step_index]
        assert isinstance(step, ExerciseStep)
        steps[swap.step_index] = replace(step, exercise=swap.easier)
    return replace(routine, steps=tuple(steps))


def _exercise_lookup(routine: Routine, exercises: Mapping[str, Exercise]) -> dict[str, Exercise]:
    """Library exercises first; an exercise only the routine itself defines as a fallback."""
    lookup: dict[str, Exercise] = {}
    for step in routine.steps:
        if isinstance(step, ExerciseStep):
            lookup.setdefault(step.exercise.id, step.exercise)
    lookup.update(exercises)
    return lookup


def last_session_pain(journal: JournalReader) -> tuple[int | None, int | None] | None:
    """(before, after) of the latest session with both check-ins, among the recent ones.

    Sessions without a full pair (no check-in steps, or quit before the end)
    are passed over: they say nothing about how the work felt.
    """
    for session in journal.recent_sessions(_RECENT_SESSIONS):
        if session.pain_before is not None and session.pain_after is not None:
            return session.pain_before, session.pain_after
    return None

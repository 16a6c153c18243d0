"""Easier variants: swap exercises for gentler ones on a bad day.

An exercise may name an easier variant (`easier: plank-knees`). When to offer
them is `coach.safety`'s rule (`should_offer_easier`: pain 4 or more before, or a
rise of 2 or more last session of the routine). Accepting swaps each such exercise
for its variant and keeps the step's dose, so the session is as long as planned,
only gentler: done the variant's way round (a one-sided variant on each side), and
at the variant's own dose when the step's would take it outside its sourced range.
A swap that would change nothing (the step already is the variant) is not offered.

Pure functions over the model, plus one read from the journal. No Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from coach.routines.model import Dose, Exercise, ExerciseStep, Routine
from coach.safety import dose_fits
from coach.safety import should_offer_easier as should_offer_easier  # the rule's owner

if TYPE_CHECKING:
    from coach.history.ports import JournalReader

# How many recent sessions to look through for the last one with both check-ins.
_RECENT_SESSIONS = 20


@dataclass(frozen=True)
class Swap:
    """One exercise replaced by its easier variant, for telling the user what changes."""

    step_index: int
    original: Exercise
    easier: Exercise
    dose: Dose  # the step's dose after the swap: the same, on both sides for a one-sided variant
    keeps_timing: bool = True  # False: the dose changed (sides), so the session's phases change


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
        if variant.name == step.exercise.name:
            continue  # the step already is the variant under another id: nothing would change
        dose = _dose_for(variant, step)
        swaps.append(Swap(index, step.exercise, variant, dose, keeps_timing=dose == step.dose))
    return swaps


def _dose_for(variant: Exercise, step: ExerciseStep) -> Dose:
    """The step's dose for the variant, done the variant's way round (a one-sided variant
    on each side, a two-sided one once).

    When the step's dose is inside the original exercise's sourced range but outside the
    variant's (a curl-up's 10 s holds for a pelvic tilt held 3–5 s), the variant comes at
    its own starting dose: coach keeps its exercises inside their ranges
    (`coach.safety.dose_fits`). A dose the user chose beyond the original's range is theirs
    and is kept.
    """
    dose = step.dose
    if variant.dose.per_side != step.exercise.dose.per_side:
        dose = replace(dose, per_side=variant.dose.per_side)
    if dose_fits(step.exercise.id, step.dose) and not dose_fits(variant.id, dose):
        return variant.dose
    return dose


def easier_routine(routine: Routine, exercises: Mapping[str, Exercise]) -> Routine:
    """The routine with every exercise that has an easier variant swapped for it.

    The step keeps its dose (see `_dose_for`), note and progression rule; the
    exercise (name, cues, target, skip-if notes) becomes the variant's own. One level
    only: the variant's own `easier` is not followed, so a session gets gentler once.
    """
    return apply_swaps(routine, easier_swaps(routine, exercises))


def apply_swaps(routine: Routine, swaps: Sequence[Swap]) -> Routine:
    """The routine with exactly these swaps made (the swap's dose; note and rule kept)."""
    if not swaps:
        return routine
    steps = list(routine.steps)
    for swap in swaps:
        step = steps[swap.step_index]
        if isinstance(step, ExerciseStep):
            steps[swap.step_index] = replace(step, exercise=swap.easier, dose=swap.dose)
    return replace(routine, steps=tuple(steps))


def _exercise_lookup(routine: Routine, exercises: Mapping[str, Exercise]) -> dict[str, Exercise]:
    """Library exercises first; an exercise only the routine itself defines as a fallback."""
    lookup: dict[str, Exercise] = {}
    for step in routine.steps:
        if isinstance(step, ExerciseStep):
            lookup.setdefault(step.exercise.id, step.exercise)
    lookup.update(exercises)
    return lookup


def last_session_pain(
    journal: JournalReader, routine_id: str | None = None
) -> tuple[int | None, int | None] | None:
    """(before, after) of the latest session with both check-ins, among the recent ones;
    with `routine_id`, the latest session of that routine.

    Sessions without a full pair (no check-in steps, or quit before the end)
    are passed over: they say nothing about how the work felt.
    """
    for session in journal.recent_sessions(_RECENT_SESSIONS):
        if routine_id is not None and session.routine_id != routine_id:
            continue
        if session.pain_before is not None and session.pain_after is not None:
            return session.pain_before, session.pain_after
    return None

"""Easier swaps change something and keep both sides; the offer follows the same routine.

(The rest of the easier-variant rules: tests/session/test_variants.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from history_helpers import add_session

from coach.history.journal import Journal
from coach.routines.model import Dose, Exercise, ExerciseStep, Kind, Routine
from coach.session.prep import swaps_after_check_in, swaps_before_start
from coach.session.variants import apply_swaps, easier_routine, easier_swaps, last_session_pain

DOUBLE = Exercise(
    "double-knee-to-chest",
    "Double knee to chest",
    "low back",
    ("Both knees",),
    dose=Dose(hold=20, sets=2),
    easier="knee-to-chest",
)
SINGLE = Exercise(
    "knee-to-chest", "Knee to chest", "low back", ("One knee",), dose=Dose(hold=20, per_side=True)
)
PLANK = Exercise("plank", "Front plank", "core", ("Straight",), easier="plank-knees")
KNEES = Exercise("plank-knees", "Plank on knees", "core", ("Knees down",))
LIBRARY = {e.id: e for e in (DOUBLE, SINGLE, PLANK, KNEES)}


def routine(*steps: ExerciseStep, ident: str = "r") -> Routine:
    return Routine(ident, "R", Kind.STRETCH, steps=steps)


def test_a_one_sided_variant_is_done_on_both_sides() -> None:
    easier = easier_routine(routine(ExerciseStep(DOUBLE, Dose(hold=20, sets=2))), LIBRARY)
    (step,) = easier.steps
    assert isinstance(step, ExerciseStep)
    assert step.exercise.id == "knee-to-chest"
    assert step.dose == Dose(hold=20, sets=2, per_side=True)  # same holds, on each leg


def test_a_swap_that_keeps_the_dose_keeps_the_timing_and_one_that_adds_a_side_does_not() -> None:
    swaps = easier_swaps(
        routine(ExerciseStep(PLANK, Dose(hold=20, sets=3)), ExerciseStep(DOUBLE, Dose(hold=20))),
        LIBRARY,
    )
    assert [(s.easier.id, s.keeps_timing) for s in swaps] == [
        ("plank-knees", True),
        ("knee-to-chest", False),
    ]


def test_a_step_that_already_is_the_variant_is_not_swapped_for_itself() -> None:
    # core-strength once wrote `exercise: plank` renamed "Plank on knees": swapping it for
    # plank-knees would have offered "Plank on knees → Plank on knees".
    renamed = Exercise("plank", "Plank on knees", "core", ("Knees down",), easier="plank-knees")
    assert easier_swaps(routine(ExerciseStep(renamed, Dose(hold=20))), LIBRARY) == []


def test_apply_swaps_makes_exactly_the_swaps_given() -> None:
    original = routine(ExerciseStep(PLANK, Dose(hold=20)), ExerciseStep(DOUBLE, Dose(hold=20)))
    swaps = easier_swaps(original, LIBRARY)
    only_second = apply_swaps(original, swaps[1:])
    assert [s.exercise.id for s in only_second.steps] == ["plank", "knee-to-chest"]  # type: ignore[union-attr]
    assert apply_swaps(original, []) is original


def test_after_the_check_in_every_swap_ahead_is_offered_new_sides_included() -> None:
    # A running session takes new phases too (Session.replace_plan), so the double knee to
    # chest becomes the single one on each side instead of being left out of the offer.
    original = routine(ExerciseStep(PLANK, Dose(hold=20)), ExerciseStep(DOUBLE, Dose(hold=20)))
    offered = swaps_after_check_in(original, 5, LIBRARY)
    assert [s.easier.id for s in offered] == ["plank-knees", "knee-to-chest"]
    assert [s.easier.id for s in swaps_after_check_in(original, 5, LIBRARY, from_step=1)] == [
        "knee-to-chest"
    ]
    assert swaps_after_check_in(original, 3, LIBRARY) == []


@dataclass
class _Row:
    routine_id: str
    pain_before: int | None
    pain_after: int | None


class _Journal:
    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows

    def recent_sessions(self, limit: int = 20) -> list[_Row]:
        return self.rows[:limit]


def test_last_session_pain_of_one_routine() -> None:
    journal = _Journal([_Row("desk-break", 1, 1), _Row("core", 2, 5), _Row("core", 1, 1)])
    assert last_session_pain(journal, "core") == (2, 5)
    assert last_session_pain(journal, "desk-break") == (1, 1)
    assert last_session_pain(journal, "spasm-relief") is None
    assert last_session_pain(journal) == (1, 1)  # any routine


def test_a_rise_in_one_routine_offers_the_easier_variants_of_that_routine_only(
    tmp_path: Path,
) -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with Journal(tmp_path / "coach.db") as journal:
        for offset, (ident, before, after) in enumerate([("core", 2, 5), ("other", 1, 1)]):
            at = start + timedelta(days=offset)
            add_session(
                journal, at, kind="core", routine_id=ident, pain_before=before, pain_after=after
            )
        core = routine(ExerciseStep(PLANK, Dose(hold=20)), ident="core")
        other = routine(ExerciseStep(PLANK, Dose(hold=20)), ident="other")
        assert [s.easier.id for s in swaps_before_start(core, journal, LIBRARY)] == ["plank-knees"]
        assert swaps_before_start(other, journal, LIBRARY) == []

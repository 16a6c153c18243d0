from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.history.journal import Journal
from coach.routines.model import (
    Dose,
    Exercise,
    ExerciseStep,
    Kind,
    Progression,
    RestStep,
    Routine,
)
from coach.session.variants import (
    easier_routine,
    easier_swaps,
    last_session_pain,
    should_offer_easier,
)

PLANK = Exercise("plank", "Front plank", "whole core", ("Body straight",), easier="plank-knees")
PLANK_KNEES = Exercise("plank-knees", "Plank on knees", "whole core", ("Knees down",))
SIDE_PLANK = Exercise(
    "side-plank", "Side plank", "obliques", ("Hips up",), easier="side-plank-knees"
)
SIDE_PLANK_KNEES = Exercise("side-plank-knees", "Side plank on knees", "obliques", ("Knees bent",))
BIRD_DOG = Exercise("bird-dog", "Bird-dog", "core stability", ("Hips level",))
LIBRARY = {e.id: e for e in (PLANK, PLANK_KNEES, SIDE_PLANK, SIDE_PLANK_KNEES, BIRD_DOG)}


@pytest.mark.parametrize(
    ("pain_before", "last", "offer"),
    [
        (None, None, False),
        (0, None, False),
        (3, None, False),
        (4, None, True),  # moderate pain now
        (9, None, True),
        (None, (2, 4), True),  # rose by 2 last time
        (1, (2, 3), False),  # rose by 1: not meaningful
        (1, (5, 2), False),  # fell
        (1, (None, 6), False),  # no before figure: no rise to measure
        (1, (3, None), False),  # quit before the after check-in
        (3, (0, 2), True),
        (None, (10, 10), False),
    ],
)
def test_should_offer_easier(
    pain_before: int | None, last: tuple[int | None, int | None] | None, offer: bool
) -> None:
    assert should_offer_easier(pain_before, last) is offer


def _routine() -> Routine:
    rule = Progression("hold", step=5, every_days=7, maximum=60, pain_below=4)
    return Routine(
        "core",
        "Core",
        Kind.CORE,
        steps=(
            ExerciseStep(PLANK, Dose(hold=30, sets=3), note="breathe", progression=rule),
            RestStep(20),
            ExerciseStep(BIRD_DOG, Dose(hold=8, pyramid=(6, 4, 2), per_side=True)),
            ExerciseStep(SIDE_PLANK, Dose(hold=10, reps=3, per_side=True)),
        ),
    )


def test_easier_routine_swaps_exercises_and_keeps_the_dose() -> None:
    routine = _routine()
    easier = easier_routine(routine, LIBRARY)
    plank, rest, bird_dog, side = easier.steps
    assert isinstance(plank, ExerciseStep) and isinstance(side, ExerciseStep)
    assert plank.exercise == PLANK_KNEES
    assert plank.dose == Dose(hold=30, sets=3)
    assert plank.note == "breathe"
    assert plank.progression == routine.steps[0].progression  # type: ignore[union-attr]
    assert side.exercise == SIDE_PLANK_KNEES
    assert side.dose == Dose(hold=10, reps=3, per_side=True)
    assert rest == routine.steps[1]
    assert bird_dog == routine.steps[2]  # no easier variant: unchanged
    assert routine.steps[0].exercise == PLANK  # type: ignore[union-attr]  # original untouched


def test_swaps_name_what_changes() -> None:
    swaps = easier_swaps(_routine(), LIBRARY)
    assert [(s.step_index, s.original.id, s.easier.id) for s in swaps] == [
        (0, "plank", "plank-knees"),
        (3, "side-plank", "side-plank-knees"),
    ]


@pytest.mark.parametrize(
    "library",
    [
        {"plank": PLANK},  # the variant is missing from the library
        {"plank": PLANK, "plank-knees": PLANK},  # nonsense: points at itself
    ],
)
def test_a_missing_variant_keeps_the_exercise(library: dict[str, Exercise]) -> None:
    routine = Routine("r", "R", Kind.CORE, steps=(ExerciseStep(PLANK, Dose(hold=30)),))
    assert easier_routine(routine, library) is routine


def test_only_one_level_of_easier() -> None:
    knees = Exercise("plank-knees", "Plank on knees", "core", ("x",), easier="plank-wall")
    wall = Exercise("plank-wall", "Wall plank", "core", ("y",))
    routine = Routine("r", "R", Kind.CORE, steps=(ExerciseStep(PLANK, Dose(hold=30)),))
    easier = easier_routine(routine, {"plank": PLANK, "plank-knees": knees, "plank-wall": wall})
    assert easier.steps[0].exercise.id == "plank-knees"  # type: ignore[union-attr]


def test_a_variant_defined_only_in_the_routine_is_found() -> None:
    routine = Routine(
        "r",
        "R",
        Kind.CORE,
        steps=(ExerciseStep(PLANK, Dose(hold=30)), ExerciseStep(PLANK_KNEES, Dose(hold=10))),
    )
    easier = easier_routine(routine, {})
    assert [s.exercise.id for s in easier.steps] == ["plank-knees", "plank-knees"]  # type: ignore[union-attr]


@dataclass
class _Row:
    pain_before: int | None
    pain_after: int | None


class _Journal:
    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows

    def recent_sessions(self, limit: int = 20) -> list[_Row]:
        return self.rows[:limit]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], None),
        ([_Row(None, None)], None),
        ([_Row(2, 5), _Row(1, 1)], (2, 5)),
        ([_Row(3, None), _Row(None, None), _Row(1, 4)], (1, 4)),  # newest full pair
    ],
)
def test_last_session_pain(rows: list[_Row], expected: tuple[int, int] | None) -> None:
    assert last_session_pain(_Journal(rows)) == expected


def test_last_session_pain_from_a_real_journal(tmp_path: Path) -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with Journal(tmp_path / "coach.db") as journal:
        for offset, (before, after) in enumerate([(1, 4), (2, 2)]):
            at = start + timedelta(days=offset)
            sid = journal.start_session("core", "Core", "core", 600, at)
            journal.record_step(sid, 0, "Plank", "done", 600, at + timedelta(minutes=10))
            journal.finish_session(
                sid,
                ended_at=at + timedelta(minutes=10),
                status="completed",
                active_seconds=600,
                pain_before=before,
                pain_after=after,
            )
        assert last_session_pain(journal) == (2, 2)
        assert should_offer_easier(None, last_session_pain(journal)) is False

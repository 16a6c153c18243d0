from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.progression import (
    ProgressHistory,
    apply_progression,
    history_from_rows,
    periods_earned,
    progressed_dose,
)
from coach.routines.model import Dose, Exercise, ExerciseStep, Kind, Progression, Routine

START = date(2026, 3, 2)
PLANK = Exercise("plank", "Front plank", "core", ("Body straight",))


def hold_step(hold: float = 40, pain_below: int | None = 4) -> ExerciseStep:
    rule = Progression("hold", step=5, every_days=7, maximum=60, pain_below=pain_below)
    return ExerciseStep(PLANK, Dose(hold=hold, sets=3), progression=rule)


@pytest.mark.parametrize(
    ("days_since_start", "expected"),
    [(0, 0), (6, 0), (7, 1), (13, 1), (14, 2), (70, 10)],
)
def test_periods_earned_counts_full_periods(days_since_start: int, expected: int) -> None:
    today = START + timedelta(days=days_since_start)
    assert periods_earned(START, today, 7, {}, 4) == expected


def test_a_painful_period_earns_nothing() -> None:
    pain = {START + timedelta(days=9): 5}  # inside the second week
    assert periods_earned(START, START + timedelta(days=21), 7, pain, 4) == 2
    assert periods_earned(START, START + timedelta(days=21), 7, pain, None) == 3


def test_no_history_means_the_base_dose() -> None:
    result = progressed_dose(hold_step(), ProgressHistory(None, {}), START)
    assert result.dose.hold == 40
    assert result.note == ""


def test_hold_grows_and_is_capped() -> None:
    history = ProgressHistory(START, {})
    week_one = progressed_dose(hold_step(), history, START + timedelta(days=7))
    assert week_one.dose.hold == 45
    assert week_one.note == "45s, up from 40s"
    much_later = progressed_dose(hold_step(), history, START + timedelta(days=365))
    assert much_later.dose.hold == 60


def test_reps_grow_per_set_in_a_pyramid() -> None:
    rule = Progression("reps", step=1, every_days=7, maximum=8, pain_below=None)
    step = ExerciseStep(PLANK, Dose(hold=10, pyramid=(6, 4, 2)), progression=rule)
    result = progressed_dose(step, ProgressHistory(START, {}), START + timedelta(days=21))
    assert result.dose.pyramid == (8, 7, 5)
    assert result.note == "8-7-5 reps, up from 6-4-2"


def test_apply_progression_returns_notes_by_step_index() -> None:
    routine = Routine("r", "R", Kind.CORE, steps=(hold_step(),))
    progressed, notes = apply_progression(
        routine, ProgressHistory(START, {}), START + timedelta(days=14)
    )
    assert progressed.steps[0].dose.hold == 50  # type: ignore[union-attr]
    assert notes == {0: "50s, up from 40s"}


def test_history_from_rows_keeps_the_worst_pain_of_a_day() -> None:
    history = history_from_rows([START + timedelta(days=3), START], [(START, 2), (START, 6)])
    assert history.first_done == START
    assert history.pain_by_day == {START: 6}

"""The TUI's words for routines (coach.tui.display): one owner for home, palette, builder."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fakes import breathing_routine, exercise, hold_routine, short_routine, therapy_routine

from coach.routines.model import Kind, Progression, Routine
from coach.tui.display import count, kind_title, routine_about, routine_length, step_line


@pytest.mark.parametrize(
    ("routine", "length"),
    [
        (breathing_routine(), "32 s"),  # 2 rounds of 4-4-4-4: every second timed
        # 10 min on, 5 off, 10 on, packs on (~15 s each, at a key) and off (10 s)
        (therapy_routine(), "~26 min"),
        (short_routine(), "~1 min"),  # untimed reps, a drink and check-ins: an estimate
    ],
    ids=["timed", "long", "estimate"],
)
def test_a_routine_length_says_when_it_is_an_estimate(routine: Routine, length: str) -> None:
    assert routine_length(routine) == length


@pytest.mark.parametrize(
    ("kind", "title"),
    [(Kind.THERAPY, "Ice and heat"), (Kind.HYDRATION, "Water"), (Kind.CORE, "Core strength")],
)
def test_kind_titles(kind: Kind, title: str) -> None:
    assert kind_title(kind) == title


def test_the_about_line_is_kind_then_length() -> None:
    assert routine_about(therapy_routine()) == "Ice and heat · ~26 min"


def test_a_step_line_marks_growth_only_when_asked() -> None:
    routine = hold_routine()
    step = routine.steps[0]
    grows = replace(step, progression=Progression("hold", step=5, every_days=7, maximum=60))
    assert step_line(step, routine) == step_line(grows, routine)
    assert step_line(grows, routine, mark_growth=True) == step_line(step, routine) + " (grows)"
    assert step_line(exercise("Chin tuck", reps=10), routine) == "Chin tuck · 10 reps"


@pytest.mark.parametrize(("number", "text"), [(0, "0 steps"), (1, "1 step"), (2, "2 steps")])
def test_counts(number: int, text: str) -> None:
    assert count(number, "step") == text

"""Progression in the format: a second stage (`then`), read with located errors, written
back, described; and what coach teaches (`coach new`'s template, the docs, the schema) is
inside the sourced doses (coach/safety/doses.yaml: a plank's holds 10-30 s)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from routines_helpers import LoadErrors, LoadText

from coach.routines.describe import progression_text
from coach.routines.library import load_library
from coach.routines.model import ExerciseStep, Progression
from coach.routines.writer import dump_routine
from coach.safety import dose_problems
from coach.session.progression import ProgressHistory, progressed_dose

REPO = Path(__file__).resolve().parents[2]
PLANK = """\
name: N
kind: core
steps:
  - exercise: plank
    reps: 3
    hold: 20s
    progression: {hold: +5s, every: 14d, max: 30s, then: {reps: +1, every: 14d, max: 5}}
"""


def test_a_second_stage_is_read_written_and_described(load: LoadText) -> None:
    routine = load(PLANK)
    step = routine.steps[0]
    assert isinstance(step, ExerciseStep)
    assert step.progression == Progression("hold", 5, 14, 30, then=Progression("reps", 1, 14, 5))
    exercises = load_library().exercises
    text = dump_routine(routine, exercises)
    assert "progression: {hold: +5s, every: 14d, max: 30s, then: {reps: +1, every: 14d" in text
    assert load(text) == routine
    assert progression_text(step.progression) == (
        "hold +5 s every 14 days, up to 30 s; then +1 rep every 14 days, up to 5 reps"
    )


@pytest.mark.parametrize(
    ("progression", "error"),
    [
        (
            "{hold: +5s, every: 14d, max: 30s, then: {hold: +5s, every: 7d, max: 30s}}",
            "r.yaml:7:59: steps[0].progression.then.hold: the second stage grows what the "
            "first does not: `reps`",
        ),
        (
            "{hold: +5s, every: 14d, max: 30s, then: {reps: +1, every: 7d, max: 5, "
            "then: {hold: +1s, every: 7d, max: 30s}}}",
            "r.yaml:7:88: steps[0].progression.then.then: a progression has two stages at most",
        ),
        (
            "{hold: +5s, every: 14d, max: 30s, then: {reps: +1, every: 7d, max: 2}}",
            "r.yaml:7:85: steps[0].progression.then.max: is below the starting dose",
        ),
        (
            "{hold: +5s, every: 14d, max: 30s, then: {reps: +1, max: 5}}",
            "r.yaml:7:58: steps[0].progression.then.every: missing; say how often, like "
            "`every: 14d`",
        ),
    ],
)
def test_a_broken_second_stage_is_located(errors: LoadErrors, progression: str, error: str) -> None:
    text = PLANK.replace(
        "{hold: +5s, every: 14d, max: 30s, then: {reps: +1, every: 14d, max: 5}}", progression
    )
    assert errors(text) == [error]


def test_the_template_teaches_sourced_doses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`coach new`'s template: every dose, and every progression at its cap, in range; and no
    exercise renamed into another one (the template once called `plank` "Plank on knees")."""
    from coach.cli import main
    from coach.routines.loader import load_routine_file

    assert main(["new", "mine"]) == 0
    path = Path(capsys.readouterr().out.strip())
    library = load_library()
    routine = load_routine_file(path, library.exercises)
    forever = ProgressHistory(date(2020, 1, 1), {})
    for step in routine.steps:
        if not isinstance(step, ExerciseStep):
            continue
        assert dose_problems(step.exercise.id, step.dose) == [], step.exercise.id
        capped = progressed_dose(step, forever, date(2030, 1, 1)).dose
        assert dose_problems(step.exercise.id, capped) == [], step.exercise.id
        assert step.exercise.name == library.exercises[step.exercise.id].name


def test_nothing_coach_writes_teaches_a_plank_held_past_30_seconds() -> None:
    """The docs, README, the schema's help and the loader's messages once showed 45-60 s."""
    from coach.routines.schema import schema_json

    texts = {
        "docs/routines.md": (REPO / "docs/routines.md").read_text(encoding="utf-8"),
        "README.md": (REPO / "README.md").read_text(encoding="utf-8"),
        "the schema": schema_json(),
        "the loader": (REPO / "coach/routines/loader.py").read_text(encoding="utf-8"),
        "coach new": (REPO / "coach/commands/new.py").read_text(encoding="utf-8"),
    }
    for where, text in texts.items():
        for match in re.finditer(r"hold: \+\d+s, every: \w+, max: (\d+)s", text):
            assert int(match.group(1)) <= 30, f"{where}: {match.group(0)}"


def test_the_built_in_plank_grows_its_hold_then_its_reps() -> None:
    routine = load_library().routines["strength-basics"]
    (plank,) = [
        s for s in routine.steps if isinstance(s, ExerciseStep) and s.exercise.id == "plank"
    ]
    start = date(2026, 1, 5)
    history = ProgressHistory(start, {})
    doses = [progressed_dose(plank, history, start + timedelta(days=d)).dose for d in (0, 28, 56)]
    assert [(d.hold, d.reps) for d in doses] == [(20, 3), (30, 3), (30, 5)]

"""Every built-in dose inside its sourced range: routines, library entries, easier variants
as swapped in, progression caps, cold/heat bouts and breathing rounds; and `skip_if` said.

The ranges are coach/safety/doses.yaml. A dose outside them cannot ship: the test that
loads the old core-strength (plank hold growing to 60 s) shows it fails.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.routines.library import builtin_dir, load_library
from coach.routines.loader import load_routine_text
from coach.routines.model import (
    BreathingStep,
    Dose,
    Exercise,
    ExerciseStep,
    Routine,
    TherapyStep,
)
from coach.safety import (
    breathing_problems,
    dose_problems,
    dose_ranges,
    skip_if_problem,
    therapy_problems,
)
from coach.safety.doses import parse_dose_ranges
from coach.session.progression import ProgressHistory, progressed_dose
from coach.session.variants import easier_routine, easier_swaps

LIBRARY = load_library()
TODAY = date(2026, 3, 12)
# Progress forever, pain always low: every rule reaches its cap.
FOREVER = ProgressHistory(first_done=TODAY - timedelta(days=20 * 365), pain_by_day={})


def routine_dose_problems(routine: Routine, exercises: dict[str, Exercise]) -> list[str]:
    """Every dose of a routine outside its range: as written, at its progression cap, and
    with the easier variants swapped in (also at their caps)."""
    problems = []

    def check(where: str, routine: Routine) -> None:
        for number, step in enumerate(routine.steps, 1):
            at = f"{routine.id} step {number} ({where})"
            if isinstance(step, ExerciseStep):
                for problem in dose_problems(step.exercise.id, step.dose):
                    problems.append(f"{at}: {step.exercise.id}: {problem}")
                if step.progression is not None:
                    capped = progressed_dose(step, FOREVER, TODAY).dose
                    for problem in dose_problems(step.exercise.id, capped):
                        problems.append(f"{at}: {step.exercise.id} at its cap: {problem}")
            elif isinstance(step, TherapyStep):
                for problem in therapy_problems(step.mode, step.on, step.off, step.bouts):
                    problems.append(f"{at}: {problem}")
            elif isinstance(step, BreathingStep):
                pattern = step.pattern
                shape = (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out)
                for problem in breathing_problems(shape, step.rounds):
                    problems.append(f"{at}: {problem}")

    check("as written", routine)
    check("easier variants", easier_routine(routine, exercises))
    return problems


BUILT_IN = sorted(LIBRARY.routines)


@pytest.mark.parametrize("routine_id", BUILT_IN)
def test_every_built_in_dose_is_inside_its_range(routine_id: str) -> None:
    routine = LIBRARY.routines[routine_id]
    assert routine.builtin
    assert routine_dose_problems(routine, dict(LIBRARY.exercises)) == []


def test_the_old_core_strength_with_a_60_second_plank_cap_fails() -> None:
    path = Path(str(builtin_dir())) / "core-strength.yaml"
    text = path.read_text(encoding="utf-8")
    old_plank = """\
  - exercise: plank
    name: Plank on knees
    hold: 20s
    sets: 3
    progression: {hold: +5s, every: 7d, max: 60s, while_pain_below: 4}
"""
    start = text.index("  - exercise: plank-knees")
    end = text.index("  - check_in: after")
    old = load_routine_text(
        text[:start] + old_plank + text[end:], "old-core.yaml", LIBRARY.exercises
    )
    problems = routine_dose_problems(old, dict(LIBRARY.exercises))
    assert problems == [
        "old-core step 7 (as written): plank at its cap: hold 60 s (range: 10–30 s)",
        # its "easier" swap was "Plank on knees → Plank on knees": not made, same cap
        "old-core step 7 (easier variants): plank at its cap: hold 60 s (range: 10–30 s)",
    ]


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY.exercises))
def test_every_library_dose_is_inside_its_range_and_skip_if_is_said(exercise_id: str) -> None:
    exercise = LIBRARY.exercises[exercise_id]
    assert exercise_id in dose_ranges().exercises, "every built-in exercise has a sourced range"
    assert dose_problems(exercise_id, exercise.dose) == []
    assert skip_if_problem(exercise_id, exercise.skip_if) == ""


def test_every_range_is_for_an_exercise_coach_has_and_names_its_source() -> None:
    ranges = dose_ranges()
    assert set(ranges.exercises) == set(LIBRARY.exercises)
    for known in ranges.exercises.values():
        assert known.source
        assert known.hold is not None or known.reps is not None
        named = {part.split(":")[0].strip() for part in known.source.split(";")}
        assert named & set(ranges.sources) or known.source.startswith("as the")


@pytest.mark.parametrize(
    "exercise_id", sorted(e for e in LIBRARY.exercises if LIBRARY.exercises[e].easier)
)
def test_every_easier_variant_changes_something_and_keeps_both_sides(exercise_id: str) -> None:
    exercise = LIBRARY.exercises[exercise_id]
    variant = LIBRARY.exercises[exercise.easier or ""]
    assert variant.id != exercise.id and variant.name != exercise.name
    step = ExerciseStep(exercise, exercise.dose)
    routine = Routine("r", "R", LIBRARY.routines["core-strength"].kind, steps=(step,))
    (swap,) = easier_swaps(routine, dict(LIBRARY.exercises))
    assert swap.dose.per_side == variant.dose.per_side  # a one-sided variant on each side
    assert dose_problems(variant.id, swap.dose) == []


def test_a_users_own_dose_beyond_the_range_is_kept_for_the_variant() -> None:
    plank = LIBRARY.exercises["plank"]
    step = ExerciseStep(plank, Dose(hold=40))  # the user's choice, beyond 10–30 s
    routine = Routine("r", "R", LIBRARY.routines["core-strength"].kind, steps=(step,))
    (swap,) = easier_swaps(routine, dict(LIBRARY.exercises))
    assert swap.easier.id == "plank-knees" and swap.dose == Dose(hold=40)
    assert swap.keeps_timing


def test_a_dose_outside_the_variants_range_becomes_the_variants_own() -> None:
    curl_up = LIBRARY.exercises["curl-up"]  # easier: pelvic-tilt, held 3-5 s
    step = ExerciseStep(curl_up, Dose(hold=10, pyramid=(6, 4, 2), rep_rest=2))
    routine = Routine("r", "R", LIBRARY.routines["core-strength"].kind, steps=(step,))
    (swap,) = easier_swaps(routine, dict(LIBRARY.exercises))
    assert swap.easier.id == "pelvic-tilt"
    assert swap.dose == LIBRARY.exercises["pelvic-tilt"].dose
    assert not swap.keeps_timing


# ----------------------------------------------------------------------------- the checks


RANGES = parse_dose_ranges(
    """
sources: {s: a source}
exercises:
  held: {hold: [10, 30], sets: [1, 3], source: "s"}
  counted: {reps: [5, 10], per_side: true, rest: [0, 30], skip_if: none known, source: "s"}
  either: {hold: [20, 30], reps: [5, 10], per_side: either, source: "s"}
therapy:
  cold: {bout: [900, 1200], off_at_least: 1200, bouts: [1, 3], source: "s"}
breathing:
  box: {pattern: [4, 4, 4, 4], rounds: [4, 6], source: "s"}
"""
)


@pytest.mark.parametrize(
    ("exercise_id", "dose", "problems"),
    [
        ("held", Dose(hold=10), []),
        ("held", Dose(hold=30, sets=3), []),
        ("held", Dose(hold=31), ["hold 31 s (range: 10–30 s)"]),
        ("held", Dose(hold=9.5), ["hold 9.5 s (range: 10–30 s)"]),
        ("held", Dose(hold=20, sets=4), ["4 sets (range: 1–3)"]),
        ("held", Dose(hold=20, reps=3), ["3 reps in a set (range: not counted in reps)"]),
        ("held", Dose(), ["neither a hold nor reps"]),
        ("counted", Dose(reps=5, per_side=True), []),
        ("counted", Dose(reps=11, per_side=True), ["11 reps in a set (range: 5–10)"]),
        ("counted", Dose(pyramid=(10, 6), per_side=True), ["2 sets (range: 1–1)"]),
        ("counted", Dose(pyramid=(12,), per_side=True), ["12 reps in a set (range: 5–10)"]),
        ("counted", Dose(reps=5), ["per_side false (it is done one side at a time)"]),
        ("counted", Dose(reps=5, hold=2, per_side=True), ["hold 2 s (range: not held)"]),
        ("counted", Dose(reps=5, per_side=True, rep_rest=31), ["rep_rest 31 s (range: 0–30 s)"]),
        ("counted", Dose(reps=5, per_side=True, set_rest=30), []),
        ("held", Dose(hold=20, per_side=True), ["per_side true (it is done both sides at once)"]),
        ("either", Dose(hold=20, per_side=True), []),
        ("either", Dose(reps=10), []),
        ("someone-elses", Dose(hold=600), []),  # no range known: not ours to judge
    ],
)
def test_dose_problems(exercise_id: str, dose: Dose, problems: list[str]) -> None:
    assert dose_problems(exercise_id, dose, RANGES) == problems


@pytest.mark.parametrize(
    ("mode", "on", "off", "bouts", "problems"),
    [
        ("cold", 900, 1200, 2, []),
        ("cold", 1200, 0, 1, []),  # one bout: no off-period to check
        ("cold", 1800, 1200, 1, ["cold for 30 min (range: 15 min–20 min)"]),
        ("cold", 900, 600, 2, ["10 min off between bouts (at least 20 min)"]),
        ("cold", 900, 1200, 4, ["4 bouts (range: 1–3)"]),
        ("heat", 3600, 0, 1, []),  # no range in this table
    ],
)
def test_therapy_problems(
    mode: str, on: float, off: float, bouts: int, problems: list[str]
) -> None:
    assert therapy_problems(mode, on, off, bouts, RANGES) == problems


@pytest.mark.parametrize(
    ("pattern", "rounds", "problems"),
    [
        ((4, 4, 4, 4), 4, []),
        ((4, 4, 4, 4), 8, ["8 rounds of box (range: 4–6)"]),
        ((4, 7, 8, 0), 20, []),  # not in this table
    ],
)
def test_breathing_problems(
    pattern: tuple[float, float, float, float], rounds: int, problems: list[str]
) -> None:
    assert breathing_problems(pattern, rounds, RANGES) == problems


@pytest.mark.parametrize(
    ("exercise_id", "skip_if", "problem"),
    [
        ("held", ("knee pain",), ""),
        ("held", (), "has no skip_if"),
        ("counted", (), ""),
        ("counted", ("wrist pain",), 'says "none known"'),
        ("someone-elses", (), ""),
    ],
)
def test_skip_if_is_said_one_way_or_the_other(
    exercise_id: str, skip_if: tuple[str, ...], problem: str
) -> None:
    found = skip_if_problem(exercise_id, skip_if, RANGES)
    assert (problem in found) if problem else found == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exercises: {x: {hold: [10, 30]}}", "x: every range names its source"),
        ("exercises: {x: {hold: [30, 10], source: s}}", "x.hold: expected [low, high]"),
        ("exercises: {x: {hold: 10, source: s}}", "x.hold: expected [low, high]"),
        ("exercises: {x: {hold: [1, 2], holds: [1, 2], source: s}}", "unknown keys ['holds']"),
        ("exercises: {x: {hold: [1, 2], skip_if: knees, source: s}}", 'only "none known"'),
        ("exercises: {x: {hold: [1, 2], per_side: sometimes, source: s}}", "true, false or either"),
    ],
)
def test_a_malformed_range_is_named(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_dose_ranges(text)


def test_the_shipped_ranges_parse_and_have_their_sources() -> None:
    ranges = dose_ranges()
    assert {"mcgill", "acsm", "nhs-inform", "cold-heat"} <= set(ranges.sources)
    plank = ranges.exercises["plank"]
    assert (plank.hold.low, plank.hold.high) == (10, 30)  # type: ignore[union-attr]
    assert set(ranges.therapy) == {"cold", "heat"}
    assert replace(plank, source="x").source == "x"  # frozen data

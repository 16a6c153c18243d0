"""The loader reads every step kind and every option of the format into the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from routines_helpers import LoadText

from coach.routines.format import THERAPY_CUES
from coach.routines.loader import load_exercises_text, load_routine_file
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    Defaults,
    ExerciseStep,
    HydrationStep,
    Kind,
    Progression,
    RestStep,
    Side,
    TherapyStep,
)

FULL = """\
version: 1
name: Everything
kind: mixed
description: All the step kinds.
tags: [desk, quick]
author: Sam
prescribed_by: Dr Lee
notes: Go gently.
defaults: {get_ready: 3s, rest: 5s, set_rest: 20s, switch_sides: 4s}
steps:
  - check_in: before
  - exercise: chin-tuck
    reps: 8
    hold: 3s
    rep_rest: 1s
  - exercise: seated-twist
    hold: 1m30s
    per_side: true
  - exercise: curl-up
    pyramid: [6, 4, 2]
    hold: 10s
    set_rest: 30s
    progression: {reps: +1, every: 2w, max: 10, while_pain_below: 4}
  - exercise: plank
    name: Plank on knees
    cues: [Knees down., Body straight.]
    skip_if: shoulder pain
    target: core
    hold: 20
    sets: 3
    progression: {hold: +5s, every: 7d, max: 1m}
    note: On your toes later.
  - rest: 30s
  - breathe: {pattern: box, rounds: 4}
  - breathe: 4-7-8
  - breathe: {pattern: slow, duration: 1m}
  - breathe: [4, 2, 6]
    name: My breath
  - drink: 250ml
  - therapy: {mode: cold, on: 15m, off: 20m, bouts: 2}
  - therapy: heat
  - check_in: after
    prompt: And now?
"""


def test_a_routine_with_every_step_kind(load: LoadText) -> None:
    routine = load(FULL)
    assert routine.id == "r"  # the file stem
    assert (routine.name, routine.kind, routine.description) == (
        "Everything",
        Kind.MIXED,
        "All the step kinds.",
    )
    assert routine.tags == ("desk", "quick")
    assert (routine.author, routine.prescribed_by, routine.notes) == ("Sam", "Dr Lee", "Go gently.")
    assert routine.defaults == Defaults(get_ready=3, rest=5, set_rest=20, switch_sides=4)
    assert routine.source == Path("r.yaml")
    kinds = [type(step).__name__ for step in routine.steps]
    assert kinds == [
        "CheckInStep",
        "ExerciseStep",
        "ExerciseStep",
        "ExerciseStep",
        "ExerciseStep",
        "RestStep",
        "BreathingStep",
        "BreathingStep",
        "BreathingStep",
        "BreathingStep",
        "HydrationStep",
        "TherapyStep",
        "TherapyStep",
        "CheckInStep",
    ]


def test_reps_with_holds_and_rests(load: LoadText) -> None:
    step = load(FULL).steps[1]
    assert isinstance(step, ExerciseStep)
    assert step.exercise.id == "chin-tuck"
    assert (step.dose.reps, step.dose.hold, step.dose.rep_rest, step.dose.sets) == (8, 3, 1, 1)
    assert step.dose.reps_per_set == (8,)


def test_timed_hold_per_side(load: LoadText) -> None:
    step = load(FULL).steps[2]
    assert isinstance(step, ExerciseStep)
    assert step.dose.hold == 90
    assert step.dose.reps is None
    assert step.dose.sides == (Side.LEFT, Side.RIGHT)


def test_pyramid_replaces_reps_and_sets(load: LoadText) -> None:
    step = load(FULL).steps[3]
    assert isinstance(step, ExerciseStep)
    assert step.dose.pyramid == (6, 4, 2)
    assert step.dose.reps is None  # the library's `reps: 5` is replaced by the pyramid
    assert step.dose.reps_per_set == (6, 4, 2)
    assert (step.dose.hold, step.dose.set_rest) == (10, 30)
    assert step.progression == Progression("reps", 1, 14, 10, 4)


def test_a_step_overrides_exercise_fields(load: LoadText, exercises: dict) -> None:
    step = load(FULL).steps[4]
    assert isinstance(step, ExerciseStep)
    assert step.exercise.id == "plank"
    assert step.name == "Plank on knees"
    assert step.exercise.cues == ("Knees down.", "Body straight.")
    assert step.exercise.skip_if == ("shoulder pain",)
    assert step.exercise.target == "core"
    assert step.exercise.description == exercises["plank"].description  # not overridden
    assert (step.dose.hold, step.dose.sets) == (20, 3)
    assert step.note == "On your toes later."
    assert step.progression == Progression("hold", 5, 7, 60, None)
    assert exercises["plank"].name == "Front plank"  # the library itself is untouched


def test_rest_breathing_drink_therapy_check_in(load: LoadText) -> None:
    steps = load(FULL).steps
    assert steps[5] == RestStep(30)
    box, four_seven_eight, slow, custom = steps[6:10]
    assert isinstance(box, BreathingStep) and isinstance(custom, BreathingStep)
    assert isinstance(four_seven_eight, BreathingStep) and isinstance(slow, BreathingStep)
    assert (box.pattern.inhale, box.pattern.hold_in, box.pattern.exhale, box.pattern.hold_out) == (
        4,
        4,
        4,
        4,
    )
    assert (box.rounds, box.name) == (4, "Box breathing")
    assert four_seven_eight.pattern.cycle_seconds == 19
    assert four_seven_eight.rounds == 4  # the default
    assert slow.pattern.cycle_seconds == 10 and slow.rounds == 6  # 1 min of 10 s breaths
    assert (custom.pattern.inhale, custom.pattern.hold_in, custom.pattern.exhale) == (4, 2, 6)
    assert custom.pattern.hold_out == 0
    assert custom.name == "My breath"
    assert steps[10] == HydrationStep(250)
    cold, heat = steps[11], steps[12]
    assert isinstance(cold, TherapyStep) and isinstance(heat, TherapyStep)
    assert (cold.mode, cold.on, cold.off, cold.bouts) == ("cold", 900, 1200, 2)
    assert cold.cue == THERAPY_CUES["cold"]
    assert "towel" in cold.cue  # the skin-protection cue
    assert (heat.mode, heat.on, heat.bouts, heat.cue) == ("heat", 900, 1, THERAPY_CUES["heat"])
    before, after = steps[0], steps[13]
    assert isinstance(before, CheckInStep) and isinstance(after, CheckInStep)
    assert before.moment == "before"
    assert (after.moment, after.prompt) == ("after", "And now?")


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ("", (3.0, 10, 1, ())),  # the library's chin tuck: 10 reps × 3 s
        ("reps: 12", (3.0, 12, 1, ())),  # one field replaced, the hold kept
        ("hold: null", (None, 10, 1, ())),  # null removes the library's hold
        ("sets: 2", (3.0, 10, 2, ())),
        ("pyramid: [5, 3]", (3.0, None, 1, (5, 3))),
    ],
)
def test_dose_fields_replace_the_librarys_one_by_one(
    load: LoadText, dose: str, expected: tuple
) -> None:
    extra = f"\n    {dose}" if dose else ""
    routine = load(f"name: N\nkind: posture\nsteps:\n  - exercise: chin-tuck{extra}\n")
    step = routine.steps[0]
    assert isinstance(step, ExerciseStep)
    assert (step.dose.hold, step.dose.reps, step.dose.sets, step.dose.pyramid) == expected


def test_reps_replace_a_library_pyramid(load: LoadText) -> None:
    routine = load(
        """\
        name: N
        kind: core
        exercises:
          - id: curl-up
            dose: {pyramid: [6, 4, 2], hold: 10s}
        steps:
          - exercise: curl-up
            reps: 5
        """
    )
    step = routine.steps[0]
    assert isinstance(step, ExerciseStep)
    assert (step.dose.reps, step.dose.pyramid, step.dose.hold) == (5, (), 10)


def test_id_defaults_to_the_stem_and_may_be_set(load: LoadText) -> None:
    assert load("id: my-own\nname: N\nkind: core\nsteps: [{rest: 5s}]\n").id == "my-own"


def test_defaults_when_left_out(load: LoadText) -> None:
    routine = load("name: N\nkind: core\nsteps:\n  - rest: 5s\n")
    assert routine.defaults == Defaults()
    assert routine.version == 1 and routine.tags == () and routine.description == ""


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("2m", 120), ("1m30s", 90), ("1h", 3600), (45, 45), ("1.5m", 90)],
)
def test_duration_forms(load: LoadText, text: object, seconds: float) -> None:
    routine = load(f"name: N\nkind: core\nsteps:\n  - rest: {text}\n")
    assert routine.steps[0] == RestStep(seconds)


@pytest.mark.parametrize(("text", "ml"), [("250ml", 250), ("0.3l", 300), ("25cl", 250), (200, 200)])
def test_drink_amounts(load: LoadText, text: object, ml: int) -> None:
    routine = load(f"name: N\nkind: hydration\nsteps:\n  - drink: {text}\n")
    assert routine.steps[0] == HydrationStep(ml)


def test_breathing_pattern_forms(load: LoadText) -> None:
    routine = load(
        """\
        name: N
        kind: breathing
        steps:
          - breathe: "5-5"
          - breathe: {pattern: [4, 7, 8, 0], rounds: 2}
          - breathe: {pattern: 4-4-4-4}
          - breathe: {pattern: "3-1.5-6-1", rounds: 3}
        """
    )
    slow, four_seven_eight, box, custom = routine.steps
    assert isinstance(slow, BreathingStep) and slow.pattern.label == "slow 5-5"
    assert isinstance(four_seven_eight, BreathingStep) and four_seven_eight.rounds == 2
    assert four_seven_eight.name == "4-7-8 breathing"
    assert isinstance(box, BreathingStep) and box.name == "Box breathing"
    assert isinstance(custom, BreathingStep)
    assert (custom.pattern.hold_in, custom.pattern.label, custom.name) == (
        1.5,
        "3-1.5-6-1",
        "Breathing",
    )


def test_a_routine_may_bring_its_own_exercises(load: LoadText, exercises: dict) -> None:
    routine = load(
        """\
        name: N
        kind: stretch
        exercises:
          - id: wall-slide
            name: Wall slide
            target: upper back
            cues: [Back to the wall., Slide the arms up.]
            dose: {reps: 8}
          - id: chin-tuck
            name: My chin tuck
        steps:
          - exercise: wall-slide
          - exercise: chin-tuck
        """
    )
    wall, chin = routine.steps
    assert isinstance(wall, ExerciseStep) and isinstance(chin, ExerciseStep)
    assert (wall.exercise.name, wall.dose.reps) == ("Wall slide", 8)
    assert chin.exercise.name == "My chin tuck"
    assert chin.exercise.cues == exercises["chin-tuck"].cues  # the rest kept from the library
    assert "wall-slide" not in exercises


def test_exercise_library_file(exercises: dict) -> None:
    merged = load_exercises_text(
        "version: 1\nexercises:\n"
        "  - id: chin-tuck\n    cues: [One., Two.]\n"
        "  - id: new-one\n    name: New\n    target: legs\n    cues: [A., B., C.]\n"
        "    skip_if: [knee pain]\n    dose: {hold: 20s, per_side: true}\n"
        "    easier: chin-tuck\n    description: Something new.\n",
        "exercises.yaml",
        exercises,
    )
    assert merged["chin-tuck"].cues == ("One.", "Two.")
    assert merged["chin-tuck"].name == exercises["chin-tuck"].name
    new = merged["new-one"]
    assert (new.name, new.target, new.cues, new.skip_if) == (
        "New",
        "legs",
        ("A.", "B.", "C."),
        ("knee pain",),
    )
    assert (new.dose.hold, new.dose.per_side, new.easier, new.description) == (
        20,
        True,
        "chin-tuck",
        "Something new.",
    )
    assert len(merged) == len(exercises) + 1


def test_load_routine_file_uses_the_stem(tmp_path: Path, exercises: dict) -> None:
    path = tmp_path / "evening.yaml"
    path.write_text("name: N\nkind: stretch\nsteps: [{rest: 10s}]\n", encoding="utf-8")
    routine = load_routine_file(path, exercises, builtin=True)
    assert (routine.id, routine.source, routine.builtin) == ("evening", path, True)


def test_a_byte_order_mark_is_fine(tmp_path: Path, exercises: dict) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: N\nkind: stretch\nsteps: [{rest: 10s}]\n".encode())
    assert load_routine_file(path, exercises).name == "N"

"""The writer: routines → YAML the loader reads back unchanged."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml
from customizing_strategies import library_exercises, routines
from hypothesis import HealthCheck, given, settings

from coach.routines import loader
from coach.routines.library import load_library
from coach.routines.loader import load_routine_text
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    Defaults,
    Dose,
    ExerciseStep,
    HydrationStep,
    Kind,
    Progression,
    RestStep,
    Routine,
    TherapyStep,
)
from coach.routines.writer import dump_routine


def same(a: Routine, b: Routine) -> bool:
    """Equal but for where they came from."""
    return replace(a, source=None, builtin=False) == replace(b, source=None, builtin=False)


def builtin_ids() -> list[str]:
    return sorted(load_library().routines)


def test_there_are_builtins_to_round_trip() -> None:
    assert len(builtin_ids()) >= 5


@pytest.mark.parametrize("routine_id", builtin_ids())
@pytest.mark.parametrize("inline", [False, True], ids=["library", "inline"])
def test_every_builtin_round_trips(routine_id: str, inline: bool) -> None:
    library = load_library()
    routine = library.routines[routine_id]
    text = dump_routine(routine, library.exercises, inline_exercises=inline)
    # Inline files stand alone: read them with an empty library.
    exercises = {} if inline else library.exercises
    assert same(load_routine_text(text, f"{routine_id}.yaml", exercises), routine)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_generated_routines_round_trip(routine: Routine) -> None:
    exercises = library_exercises()
    text = dump_routine(routine, exercises)
    assert same(load_routine_text(text, "x.yaml", exercises), routine), text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_generated_routines_round_trip_self_contained(routine: Routine) -> None:
    text = dump_routine(routine, library_exercises(), inline_exercises=True)
    assert same(load_routine_text(text, "x.yaml", {}), routine), text


def test_an_inline_export_does_not_depend_on_the_importers_library() -> None:
    """The same ids with other doses and texts on the importing machine change nothing."""
    library = load_library()
    routine = library.routines["core-strength"]
    text = dump_routine(routine, library.exercises, inline_exercises=True)
    other = {
        key: replace(
            exercise,
            name="Something else",
            skip_if=("a warning",),
            easier=None,
            description="other",
            dose=Dose(hold=99, reps=7, sets=4, per_side=True, rep_rest=9),
        )
        for key, exercise in library.exercises.items()
    }
    assert same(load_routine_text(text, "x.yaml", other), routine)


PLANK = library_exercises()["plank"]


def small_routine() -> Routine:
    rule = Progression("hold", step=5, every_days=7, maximum=60, pain_below=4)
    return Routine(
        "my-break",
        "My break",
        Kind.MIXED,
        steps=(
            ExerciseStep(PLANK, replace(PLANK.dose, hold=40.0), progression=rule),
            RestStep(90),
            HydrationStep(250),
        ),
        author="Sam",
        prescribed_by="Dr. Lee, physiotherapist",
        notes="Twice a day.",
        defaults=Defaults(rest=10),
    )


def test_the_text_is_tidy() -> None:
    text = dump_routine(small_routine(), library_exercises())
    assert text.startswith("# coach routine: My break\n")
    assert "# Check this file with: coach validate my-break.yaml" in text
    body = yaml.safe_load(text)
    assert body["version"] == 1
    assert body["defaults"] == {"rest": "10s"}  # only what differs from the defaults
    assert body["prescribed_by"] == "Dr. Lee, physiotherapist"
    plank, rest, drink = body["steps"]
    # The dose is written out; the exercise's own texts are not repeated.
    assert plank == {
        "exercise": "plank",
        "hold": "40s",
        "sets": 3,
        "progression": {"hold": "+5s", "every": "7d", "max": "1m", "while_pain_below": 4},
    }
    assert rest == {"rest": "1m30s"}
    assert drink == {"drink": "250ml"}
    assert "exercises:" not in text  # the library has everything
    assert "  # 2. Rest\n  - rest: 1m30s\n" in text


def test_a_step_writes_only_the_exercise_fields_it_changes() -> None:
    changed = replace(PLANK, name="Wall plank", cues=("Hands on the wall.", "Body straight."))
    routine = replace(small_routine(), steps=(ExerciseStep(changed, PLANK.dose),))
    step = yaml.safe_load(dump_routine(routine, library_exercises()))["steps"][0]
    assert step["name"] == "Wall plank"
    assert step["cues"] == ["Hands on the wall.", "Body straight."]
    assert "target" not in step and "skip_if" not in step and "description" not in step


def test_a_dose_field_the_library_sets_and_the_step_drops_is_cleared() -> None:
    bird_dog = library_exercises()["bird-dog"]  # reps 6, hold 8s, rep_rest 2s, per side
    assert bird_dog.dose.per_side and bird_dog.dose.rep_rest
    dose = Dose(reps=6, sets=2)
    routine = replace(small_routine(), steps=(ExerciseStep(bird_dog, dose),))
    text = dump_routine(routine, library_exercises())
    step = yaml.safe_load(text)["steps"][0]
    assert step == {
        "exercise": "bird-dog",
        "hold": None,
        "reps": 6,
        "sets": 2,
        "per_side": False,
        "rep_rest": "0s",
    }
    assert same(load_routine_text(text, "x.yaml", library_exercises()), routine)


def test_inline_mode_carries_the_exercises_and_their_easier_variants() -> None:
    text = dump_routine(small_routine(), library_exercises(), inline_exercises=True)
    body = yaml.safe_load(text)
    assert [e["id"] for e in body["exercises"]] == ["plank", "plank-knees"]
    assert "coach import" in text


def test_an_exercise_the_library_lacks_is_written_into_the_routine() -> None:
    own = replace(PLANK, id="wall-plank", name="Wall plank", easier=None)
    routine = replace(small_routine(), steps=(ExerciseStep(own, Dose(hold=20)),))
    text = dump_routine(routine, library_exercises())
    assert [e["id"] for e in yaml.safe_load(text)["exercises"]] == ["wall-plank"]
    assert same(load_routine_text(text, "x.yaml", library_exercises()), routine)


@pytest.mark.parametrize(
    "name",
    [
        "Evening\n# steps: []",
        "Tricky: 'quotes' and \"double\" # hash",
        "yes",
        "- dash",
        "日本語のルーチン",
    ],
)
def test_names_cannot_break_out_of_their_place(name: str) -> None:
    routine = replace(small_routine(), name=name, description=f"{name}\n\n{name}")
    text = dump_routine(routine, library_exercises())
    assert text.splitlines()[0].startswith("# coach routine: ")
    assert text.splitlines()[1].startswith("# The format")  # the header stays one line each
    assert same(load_routine_text(text, "x.yaml", library_exercises()), routine)


def test_fractional_and_long_durations_keep_their_value() -> None:
    routine = replace(small_routine(), steps=(RestStep(0.25), RestStep(3725), RestStep(90.5)))
    text = dump_routine(routine, library_exercises())
    assert [s["rest"] for s in yaml.safe_load(text)["steps"]] == ["0.25s", "1h2m5s", "90.5s"]
    assert same(load_routine_text(text, "x.yaml", library_exercises()), routine)


def test_short_forms_for_standard_steps() -> None:
    box = loader.BREATH_PATTERNS["box"]
    routine = replace(
        small_routine(),
        steps=(
            BreathingStep(box.pattern, 4, name=box.step_name),
            BreathingStep(box.pattern, 6, name=box.step_name),
            TherapyStep("cold", 15 * 60, 20 * 60, 1, loader.THERAPY_CUES["cold"]),
            TherapyStep("heat", 10 * 60, 20 * 60, 2, loader.THERAPY_CUES["heat"]),
            CheckInStep("after", loader.CHECK_IN_PROMPTS["after"]),
        ),
    )
    text = dump_routine(routine, library_exercises())
    assert yaml.safe_load(text)["steps"] == [
        {"breathe": "box"},
        {"breathe": {"pattern": "box", "rounds": 6}},
        {"therapy": "cold"},
        {"therapy": {"mode": "heat", "on": "10m", "off": "20m", "bouts": 2}},
        {"check_in": "after"},
    ]
    assert same(load_routine_text(text, "x.yaml", library_exercises()), routine)

"""The built-in routines and exercises: complete, realistic, and as the issue asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Config
from coach.routines.library import builtin_dir, load_library
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    ExerciseStep,
    HydrationStep,
    Kind,
    RestStep,
    TherapyStep,
)
from coach.routines.timing import estimated_seconds

LIBRARY = load_library()


def routine(routine_id: str):  # type: ignore[no-untyped-def]
    return LIBRARY.routines[routine_id]


def exercise_ids(routine_id: str) -> list[str]:
    return [s.exercise.id for s in routine(routine_id).steps if isinstance(s, ExerciseStep)]


@pytest.mark.parametrize(
    ("routine_id", "kind", "low", "high"),
    [
        ("desk-break", Kind.POSTURE, 2 * 60, 3.5 * 60),
        ("morning-mobility", Kind.STRETCH, 9 * 60, 11 * 60),
        ("core-strength", Kind.CORE, 13 * 60, 17 * 60),
        ("spasm-relief", Kind.STRETCH, 5 * 60, 12 * 60),
        ("eye-neck-break", Kind.POSTURE, 60, 3 * 60),
        ("hydration-break", Kind.HYDRATION, 30, 3 * 60),
        ("evening-wind-down", Kind.STRETCH, 6 * 60, 12 * 60),
        ("slow-breathing", Kind.BREATHING, 3 * 60, 6 * 60),
        ("gentle-relief", Kind.STRETCH, 9 * 60, 12 * 60),  # "about 10 minutes"
        ("flare-up", Kind.STRETCH, 6 * 60, 12 * 60),
        ("strength-basics", Kind.CORE, 6 * 60, 12 * 60),
        ("heat-cold", Kind.THERAPY, 60 * 60, 62 * 60),
    ],
)
def test_lengths_are_realistic(routine_id: str, kind: Kind, low: float, high: float) -> None:
    assert routine(routine_id).kind is kind
    assert low <= estimated_seconds(routine(routine_id)) <= high


def test_desk_break_has_the_checklist_and_the_moves() -> None:
    desk = routine("desk-break")
    assert {"chin-tuck", "shoulder-rolls", "scapular-squeeze", "standing-extension"} <= set(
        exercise_ids("desk-break")
    )
    assert exercise_ids("desk-break")[-2:] == ["walk", "posture-check"]
    twist = next(
        s for s in desk.steps if isinstance(s, ExerciseStep) and s.exercise.id == "seated-twist"
    )
    assert twist.dose.per_side
    assert "eye level" in desk.notes and "arm's length" in desk.notes and "feet flat" in desk.notes


def test_core_strength_is_mcgill_style() -> None:
    ids = exercise_ids("core-strength")
    assert ids[0] == "cat-cow"
    assert {"curl-up", "side-plank-knees", "bird-dog", "glute-bridge", "plank-knees"} <= set(ids)
    steps = {
        s.exercise.id: s for s in routine("core-strength").steps if isinstance(s, ExerciseStep)
    }
    assert steps["curl-up"].dose.pyramid == (6, 4, 2) and steps["curl-up"].dose.hold == 10
    assert steps["side-plank-knees"].dose.per_side and steps["bird-dog"].dose.per_side
    # McGill: holds stay short and the plank grows by reps, never by longer holds.
    plank = steps["plank-knees"]
    assert plank.dose.hold == 20 and plank.dose.reps == 3
    assert plank.progression is not None and plank.progression.field == "reps"


def test_spasm_relief_is_gentle_with_stop_rules_and_check_ins() -> None:
    spasm = routine("spasm-relief")
    first, last = spasm.steps[0], spasm.steps[-1]
    assert isinstance(first, CheckInStep) and first.moment == "before"
    assert isinstance(last, CheckInStep) and last.moment == "after"
    assert "Stop" in spasm.description and "numbness" in spasm.description
    assert not {"plank", "press-up", "curl-up"} & set(exercise_ids("spasm-relief"))


def test_gentle_relief_is_warmth_breathing_knees_to_chest_and_the_90_90_rest() -> None:
    gentle = routine("gentle-relief")
    steps = gentle.steps
    assert isinstance(steps[0], CheckInStep) and isinstance(steps[-1], CheckInStep)
    assert isinstance(steps[1], BreathingStep) and "warm pack" in steps[1].note
    assert exercise_ids("gentle-relief") == ["knee-to-chest"]
    rest = next(s for s in steps if isinstance(s, RestStep))
    assert rest.name == "90/90 rest" and "chair" in rest.note
    assert "pack off" in steps[-1].note
    assert "No heat after a fall" in gentle.description


def test_the_flare_up_routine_keeps_you_gently_moving() -> None:
    flare = routine("flare-up")
    assert exercise_ids("flare-up")[-1] == "walk"
    assert any(isinstance(s, RestStep) and s.name == "90/90 rest" for s in flare.steps)
    assert "coach safety --flare-up" in flare.description


def test_heat_cold_alternates_20_on_20_off() -> None:
    steps = routine("heat-cold").steps
    therapy = [s for s in steps if isinstance(s, TherapyStep)]
    assert [(s.mode, s.on) for s in therapy] == [("heat", 20 * 60), ("cold", 20 * 60)]
    (off,) = [s for s in steps if isinstance(s, RestStep)]
    assert off.seconds == 20 * 60 and "Take the warm pack off" in off.note


def test_morning_mobility_leaves_knees_to_chest_for_later_in_the_day() -> None:
    ids = exercise_ids("morning-mobility")
    assert ids[0] == "walk" and "press-up" in ids
    assert not {"knee-to-chest", "double-knee-to-chest"} & set(ids)


def test_every_exercise_is_in_a_routine() -> None:
    used = {e for r in LIBRARY.routines for e in exercise_ids(r)}
    assert set(LIBRARY.exercises) - used == set()


def breathing(routine_id: str) -> BreathingStep:
    (step,) = [s for s in routine(routine_id).steps if isinstance(s, BreathingStep)]
    return step


def test_breathing_patterns() -> None:
    box, four_seven_eight, slow = (
        breathing("box-breathing"),
        breathing("breathing-4-7-8"),
        breathing("slow-breathing"),
    )
    assert (box.pattern.inhale, box.pattern.hold_in, box.pattern.exhale, box.pattern.hold_out) == (
        4,
        4,
        4,
        4,
    )
    assert 4 <= box.rounds <= 6
    assert (four_seven_eight.pattern.inhale, four_seven_eight.pattern.hold_in) == (4, 7)
    assert four_seven_eight.pattern.exhale == 8 and four_seven_eight.rounds == 4
    assert (slow.pattern.hold_in, slow.pattern.hold_out) == (0, 0)  # no holds (NHS-style)
    assert slow.pattern.inhale == slow.pattern.exhale == 5


def test_ice_heat_has_bouts_and_the_skin_cue() -> None:
    therapy = [s for s in routine("ice-heat").steps if isinstance(s, TherapyStep)]
    assert therapy and all(15 * 60 <= s.on <= 20 * 60 for s in therapy)
    assert any(s.bouts > 1 and s.off >= 20 * 60 for s in therapy)
    assert all("towel" in s.cue or "cloth" in s.cue for s in therapy)
    # The note shows through the off-periods too: it must read right there.
    assert all("between bouts, pack off" in s.note for s in therapy)


def test_hydration_break_drinks_a_glass() -> None:
    drinks = [s for s in routine("hydration-break").steps if isinstance(s, HydrationStep)]
    assert [d.ml for d in drinks] == [250]


def test_the_hydration_text_matches_the_default_reminders() -> None:
    # A glass every 1.5 h between 09:00 and 18:00 is six glasses: about 1.5 L; the text
    # must not promise the whole 2 L goal from the reminders alone.
    config = Config()
    hours = (config.work_end.hour - config.work_start.hour) + (
        config.work_end.minute - config.work_start.minute
    ) / 60
    glasses = int(hours * 3600 // config.water_interval)
    from_reminders = glasses * config.glass_ml
    assert from_reminders == 1500 and config.water_goal_ml == 2000
    text = routine("hydration-break").description
    assert "about a litre and a half" in text and "two-litre day" in text


def test_eye_neck_break_starts_with_the_20_20_20_rule() -> None:
    ids = exercise_ids("eye-neck-break")
    assert ids[0] == "eye-break" and "neck-side-stretch" in ids
    eye = next(s for s in routine("eye-neck-break").steps if isinstance(s, ExerciseStep))
    assert eye.dose.hold == 20


def test_every_exercise_is_complete_and_used_well() -> None:
    for exercise in LIBRARY.exercises.values():
        assert exercise.name and exercise.target
        assert 2 <= len(exercise.cues) <= 4
        assert all(len(cue) <= 100 for cue in exercise.cues)
        if exercise.easier:
            assert exercise.easier in LIBRARY.exercises
    used = {e for r in LIBRARY.routines for e in exercise_ids(r)}
    assert len(used) >= 20


def test_built_in_files_start_with_their_schema_line() -> None:
    """The schema line finds its file beside the built-ins, in the repository and through
    the installed package's path alike (a link to docs/schema/, shipped as package data)."""
    from coach.routines.programmes import looks_like_programme
    from coach.routines.schema import schema_json

    for path in sorted(Path(str(builtin_dir())).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        name = "exercises" if path.stem == "exercises" else "routine"
        if looks_like_programme(text):
            name = "programme"
        assert first == f"# yaml-language-server: $schema={name}.schema.json"
        schema = path.parent / first.rsplit("=", 1)[1]
        assert schema.read_text(encoding="utf-8") == schema_json(name)

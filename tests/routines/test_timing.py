"""Totals: the model-side sum agrees with the engine's plan, phase by phase."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.durations import rounded_duration_text as total_text
from coach.routines.library import load_library
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    RestStep,
    Routine,
    TherapyStep,
)
from coach.routines.timing import estimate_from_model, estimated_seconds
from coach.session.plan import build_plan

LIBRARY = load_library()


@pytest.mark.parametrize("routine_id", sorted(LIBRARY.routines))
def test_built_in_totals_match_the_engine(routine_id: str) -> None:
    routine = LIBRARY.routines[routine_id]
    assert estimate_from_model(routine) == pytest.approx(build_plan(routine).estimated_seconds)


def test_a_total_by_hand() -> None:
    plank = Exercise("plank", "Plank", "core", ("a", "b"))
    routine = Routine(
        id="r",
        name="R",
        kind=Kind.MIXED,
        defaults=Defaults(get_ready=5, rest=10, set_rest=30, switch_sides=5),
        steps=(
            CheckInStep("before"),  # 10 (no rest next to a check-in)
            ExerciseStep(
                plank, Dose(hold=10, reps=3, rep_rest=2, per_side=True)
            ),  # 5 + 2×(30+4) + 5
            ExerciseStep(plank, Dose(pyramid=(3, 2), hold=5, set_rest=20)),  # 10 + 15 + 20 + 10
            ExerciseStep(plank, Dose(reps=10)),  # 10 + 10 reps × 3 s
            RestStep(60),  # 60 (no rest before a rest)
            BreathingStep(BreathPattern(4, 7, 8, 0), rounds=4),  # 76 (no rest after a rest)
            HydrationStep(250),  # 10 + 20
            # 10 + 2 × 15 to put the pack on + 900 + 1200 + 900 + 10 to take it off
            TherapyStep("cold", on=900, off=1200, bouts=2, cue="towel"),
            CheckInStep("after"),  # 10
        ),
    )
    expected = 10 + (5 + 68 + 5) + (10 + 45) + (10 + 30) + 60 + 76 + 30 + (10 + 3040) + 10
    assert estimated_seconds(routine) == expected
    assert build_plan(routine).estimated_seconds == expected


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    exercise = Exercise("x", "X", "t", ("a", "b"))
    seconds = st.sampled_from([0.0, 1.0, 2.5, 10.0, 30.0])
    positive = st.sampled_from([1.0, 3.0, 10.0, 45.0])

    def dose() -> Dose:
        reps_kind = draw(st.sampled_from(["hold", "reps", "pyramid", "none"]))
        return Dose(
            hold=draw(st.none() | positive) if reps_kind != "hold" else draw(positive),
            reps=draw(st.integers(1, 8)) if reps_kind == "reps" else None,
            sets=draw(st.integers(1, 3)) if reps_kind != "pyramid" else 1,
            pyramid=tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
            if reps_kind == "pyramid"
            else (),
            per_side=draw(st.booleans()),
            rep_rest=draw(seconds),
            set_rest=draw(st.none() | seconds),
        )

    step_makers = [
        lambda: ExerciseStep(exercise, dose()),
        lambda: RestStep(draw(positive)),
        lambda: BreathingStep(
            BreathPattern(4, draw(seconds), 6, draw(seconds)), draw(st.integers(1, 5))
        ),
        lambda: HydrationStep(250),
        lambda: TherapyStep("heat", draw(positive), draw(seconds), draw(st.integers(1, 3)), "cue"),
        lambda: CheckInStep(draw(st.sampled_from(["before", "after"]))),
    ]
    count = draw(st.integers(1, 6))
    steps = tuple(step_makers[draw(st.integers(0, 5))]() for _ in range(count))
    defaults = Defaults(draw(seconds), draw(seconds), draw(seconds), draw(seconds))
    return Routine("r", "R", Kind.MIXED, steps, defaults=defaults)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_generated_totals_match_the_engine(routine: Routine) -> None:
    assert estimate_from_model(routine) == pytest.approx(build_plan(routine).estimated_seconds)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45, "45 s"),
        (59.2, "1 min"),
        (150, "3 min"),
        (90, "2 min"),
        (600, "10 min"),
        (3900, "1 h 5 min"),
        (7200, "2 h"),
    ],
)
def test_total_text(seconds: float, text: str) -> None:
    assert total_text(seconds) == text

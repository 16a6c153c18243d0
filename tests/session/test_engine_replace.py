"""Session.replace_plan: a running session carries on with changed phases ahead, on the
same deadlines (an easier variant that adds a side, "this hurts" → its easier variant)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from engine_helpers import exercise, routine, start, tick

from coach.clock import FakeClock
from coach.routines.model import CheckInStep, Dose, Exercise, ExerciseStep, RestStep
from coach.session.events import EventKind, StepStatus
from coach.session.plan import PhaseKind, build_plan

DOUBLE = ExerciseStep(Exercise("double", "Double knee to chest", "back", ("Both",)), Dose(hold=20))
SINGLE = ExerciseStep(
    Exercise("single", "Knee to chest", "back", ("One",)), Dose(hold=20, per_side=True)
)


def with_step(base, index: int, step):
    steps = list(base.steps)
    steps[index] = step
    return replace(base, steps=tuple(steps))


def test_phases_ahead_change_and_the_current_deadline_stands(clock: FakeClock) -> None:
    original = routine(exercise(hold=30), RestStep(10), DOUBLE)
    session, rec = start(original, clock)
    tick(session, clock, 12.3)
    assert session.remaining() == pytest.approx(17.7)

    easier = with_step(original, 2, SINGLE)
    assert session.replace_plan(build_plan(easier))
    assert session.remaining() == pytest.approx(17.7)  # the same deadline: no drift
    assert rec.kinds()[-1] is EventKind.PLAN_CHANGED

    tick(session, clock, 17.7 + 10)
    assert session.phase is not None and session.phase.title == "Knee to chest"
    assert session.phase.side is not None  # left, then right: the variant's phases
    tick(session, clock, 20 + 20)
    assert session.finished and session.completed
    # Start + planned seconds of the new plan, exactly.
    assert session.ended_monotonic == pytest.approx(1000.0 + 30 + 10 + 40)


def test_the_phases_behind_and_the_current_one_must_match(clock: FakeClock) -> None:
    original = routine(DOUBLE, RestStep(10))
    session, _ = start(original, clock)
    tick(session, clock, 5)
    changed_now = with_step(original, 0, SINGLE)
    assert not session.replace_plan(build_plan(changed_now))
    assert session.plan.routine is original
    fewer_steps = routine(DOUBLE)
    assert not session.replace_plan(build_plan(fewer_steps))


def test_restart_step_starts_the_current_step_again_in_its_new_form(clock: FakeClock) -> None:
    original = routine(CheckInStep("before"), DOUBLE, RestStep(10))
    session, _ = start(original, clock)
    session.check_in(3)
    tick(session, clock, 8)
    easier = with_step(original, 1, SINGLE)
    assert session.replace_plan(build_plan(easier), restart_step=True)
    phase = session.phase
    assert phase is not None and phase.title == "Knee to chest" and phase.side is not None
    assert session.remaining() == 20
    tick(session, clock, 20 + 20 + 10)
    assert session.finished
    assert session.step_status(1) is StepStatus.DONE
    # The time spent on the double before the swap still counts for the step.
    assert session.records[1].active_seconds == pytest.approx(8 + 40)


def test_before_the_start_any_plan_of_the_same_routine_goes(clock: FakeClock) -> None:
    from coach.session.engine import Session

    original = routine(DOUBLE)
    session = Session(build_plan(original), clock)
    assert session.replace_plan(build_plan(with_step(original, 0, SINGLE)))
    session.start()
    assert session.phase is not None and session.phase.kind is PhaseKind.WORK
    assert session.plan.estimated_seconds == 40


def test_a_finished_session_takes_no_plan(clock: FakeClock) -> None:
    original = routine(exercise(hold=5))
    session, _ = start(original, clock)
    tick(session, clock, 5)
    assert session.finished
    assert not session.replace_plan(build_plan(original))


def test_replacing_while_paused_keeps_the_remainder(clock: FakeClock) -> None:
    original = routine(exercise(hold=30), DOUBLE)
    session, _ = start(original, clock)
    tick(session, clock, 10)
    session.toggle_pause()
    clock.advance(100)
    assert session.replace_plan(build_plan(with_step(original, 1, SINGLE)))
    assert session.paused and session.remaining() == pytest.approx(20)
    session.toggle_pause()
    tick(session, clock, 20)
    assert session.phase is not None and session.phase.title == "Knee to chest"

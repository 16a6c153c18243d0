"""No drift: over random routines and random pause/update patterns, the session ends exactly
at start + planned seconds + paused seconds, and its active time equals the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_helpers import breathing, exercise, routine, therapy
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.clock import FakeClock
from coach.routines.model import Defaults, RestStep, Routine, Step
from coach.session.engine import COUNTDOWN_MIN_SECONDS, HALFWAY_MIN_SECONDS, Session
from coach.session.events import Event, EventKind
from coach.session.plan import PhaseKind, build_plan

seconds = st.floats(min_value=0.05, max_value=45, allow_nan=False, allow_infinity=False)
maybe_seconds = st.one_of(st.just(0.0), seconds)

exercise_steps = st.builds(
    lambda hold, reps, sets, per_side, rep_rest, set_rest: exercise(
        hold=hold, reps=reps, sets=sets, per_side=per_side, rep_rest=rep_rest, set_rest=set_rest
    ),
    seconds,
    st.one_of(st.none(), st.integers(1, 3)),
    st.integers(1, 3),
    st.booleans(),
    maybe_seconds,
    st.one_of(st.none(), maybe_seconds),
)
rest_steps = st.builds(RestStep, seconds)
breathing_steps = st.builds(
    breathing, seconds, maybe_seconds, seconds, maybe_seconds, st.integers(1, 3)
)
therapy_steps = st.builds(therapy, seconds, maybe_seconds, st.integers(1, 3))
timed_steps: st.SearchStrategy[Step] = st.one_of(
    exercise_steps, rest_steps, breathing_steps, therapy_steps
)
defaults = st.builds(Defaults, maybe_seconds, maybe_seconds, maybe_seconds, maybe_seconds)
routines: st.SearchStrategy[Routine] = st.builds(
    lambda steps, d: routine(*steps, defaults=d),
    st.lists(timed_steps, min_size=1, max_size=5),
    defaults,
)

# What the "user" does: let some time pass, then update, toggle pause, or do nothing.
actions = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=30, allow_nan=False),
        st.sampled_from(["update", "update", "pause", "nothing"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(routines, actions, st.floats(min_value=0, max_value=2))
def test_no_drift_under_random_pauses_and_late_updates(
    plan_routine: Routine, moves: list[tuple[float, str]], lateness: float
) -> None:
    clock = FakeClock()
    plan = build_plan(plan_routine)
    session = Session(plan, clock)
    events: list[Event] = []
    session.subscribe(events.append)
    session.start()
    started = clock.monotonic()
    started_wall = clock.now()
    paused_by_us = 0.0

    waited = 0.0  # time spent waiting in "put the pack on" (a late UI enters them late)

    def put_packs_on() -> None:
        # The only phases that wait here are "put the pack on": the user says so at once.
        nonlocal waited
        while session.waiting_for_user:
            assert session.phase is not None and session.phase.kind is PhaseKind.PACK_ON
            waited += session.phase_elapsed()  # unpaused time only
            session.confirm()

    put_packs_on()
    for wait, action in moves:
        clock.advance(wait)
        if session.paused:
            paused_by_us += wait
        if action == "update":
            session.update()
        elif action == "pause":
            session.toggle_pause()
        put_packs_on()
    if session.paused:
        session.toggle_pause()
    while not session.finished:
        put_packs_on()
        if session.finished:
            break
        wake = session.next_wakeup()
        assert wake is not None  # every other phase here is timed
        clock.advance(wake + lateness)  # a busy UI wakes up late every time
        session.update()

    summary = session.summary()
    assert session.completed
    assert summary.paused_seconds == pytest.approx(paused_by_us, abs=1e-6)
    planned = plan.planned_seconds + waited
    assert summary.active_seconds == pytest.approx(planned, rel=1e-12, abs=1e-6)
    ended = session.ended_monotonic
    assert ended is not None
    assert ended == pytest.approx(started + planned + paused_by_us, abs=1e-6)
    # The fake wall clock rounds every advance to a microsecond (timedelta), hence 1 ms here.
    elapsed = (summary.ended_at - started_wall).total_seconds()
    assert elapsed == pytest.approx(planned + paused_by_us, abs=1e-3)
    assert summary.ended_at - summary.started_at >= timedelta(0)

    # Every phase started once; each long enough phase counted down 3-2-1 once, in order.
    timed = [p for p in plan.phases if p.seconds is not None]
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.PHASE_STARTED) == len(plan.phases)
    long_enough = [p for p in timed if p.seconds >= COUNTDOWN_MIN_SECONDS]  # type: ignore[operator]
    countdown = [e.value for e in events if e.kind is EventKind.COUNTDOWN]
    assert countdown == [3, 2, 1] * len(long_enough)
    halfway = [
        p
        for p in timed
        if p.kind is PhaseKind.WORK and p.seconds >= HALFWAY_MIN_SECONDS  # type: ignore[operator]
    ]
    assert kinds.count(EventKind.HALFWAY) == len(halfway)
    assert kinds.count(EventKind.SESSION_DONE) == 1 and kinds[-1] is EventKind.SESSION_DONE
    assert kinds.count(EventKind.STEP_DONE) == len(plan_routine.steps)

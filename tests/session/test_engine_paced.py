"""Hands-free reps: reps without a hold follow the exercise's tempo on the engine's clock,
and `c` hands the counting back to the user (issue 16 item 3)."""

from __future__ import annotations

import pytest
from engine_helpers import exercise, routine, start, tick

from coach.clock import FakeClock
from coach.routines.model import Defaults, Dose
from coach.session.cues import cue_for_event
from coach.session.events import EventKind, StepStatus
from coach.session.plan import PhaseKind, build_plan
from coach.session.spoken import phrase_for_event

E = EventKind


def test_paced_reps_are_one_timed_phase_a_set_and_reps_by_self_waits() -> None:
    plan = build_plan(
        routine(exercise(reps=8, tempo=3, sets=2), exercise(reps=5, tempo=3, reps_by="self"))
    )
    work = [p for p in plan.phases if p.kind is PhaseKind.WORK]
    assert [(p.seconds, p.reps, p.tempo) for p in work] == [
        (24, 8, 3),
        (24, 8, 3),
        (None, 5, None),  # the routine asks the user to count
    ]
    assert work[0].detail == "Set 1 of 2 · 8 reps, 3 s each"
    assert "press space when done" in work[2].detail


def test_reps_without_a_tempo_still_wait_for_the_user() -> None:
    (phase,) = build_plan(routine(exercise(reps=8))).phases
    assert phase.seconds is None and phase.tempo is None


def test_a_dose_with_a_hold_is_not_paced() -> None:
    assert not Dose(reps=5, hold=3, tempo=2).paced
    assert Dose(pyramid=(3, 2), tempo=2).paced
    assert not Dose(reps=5, tempo=2, reps_by="self").paced


def test_each_rep_is_announced_on_the_tempo_and_the_set_ends_hands_free(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(reps=4, tempo=3)), clock)
    assert session.current_rep() == 1
    tick(session, clock, 7.5, step=0.5)
    assert session.current_rep() == 3
    assert session.rep_phase() == pytest.approx(2.5)
    reps = [
        (e.value, t - 1000.0) for e, t in zip(rec.events, rec.times, strict=True) if e.kind is E.REP
    ]
    assert reps == [(2, 3.0), (3, 6.0)]
    assert rec.of(E.COUNTDOWN) == [] and rec.of(E.HALFWAY) == []
    tick(session, clock, 4.5)
    assert session.finished and session.completed
    assert session.ended_monotonic == pytest.approx(1000.0 + 12)
    assert session.step_status(0) is StepStatus.DONE


def test_late_updates_never_shift_the_reps(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(reps=5, tempo=2), exercise(hold=10)), clock)
    clock.advance(7.3)  # one late update for three rep marks
    session.update()
    assert [e.value for e in rec.of(E.REP)] == [2, 3, 4]
    assert session.current_rep() == 4
    assert session.remaining() == pytest.approx(2.7)


def test_pausing_a_paced_set_stops_the_count(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(reps=4, tempo=3)), clock)
    tick(session, clock, 4)
    session.toggle_pause()
    clock.advance(60)
    assert session.current_rep() == 2 and session.rep_phase() == pytest.approx(4 / 3)
    session.toggle_pause()
    tick(session, clock, 8)
    assert session.finished


def test_counting_yourself_takes_over_with_the_reps_done(clock: FakeClock) -> None:
    defaults = Defaults(get_ready=0, rest=0, set_rest=0, switch_sides=0)
    session, _ = start(
        routine(exercise(reps=6, tempo=3), exercise(hold=10), defaults=defaults), clock
    )
    tick(session, clock, 7)  # two reps done by the tempo, the third under way
    assert session.count_rep()  # "c": the user counts from here, the third rep done
    assert not session.paced and session.waiting_for_user
    assert session.rep_count == 3 and session.remaining() is None
    assert session.next_wakeup() is None
    clock.advance(100)  # no clock runs the set any more
    session.update()
    assert session.phase is not None and session.phase.reps == 6
    assert session.count_rep() and session.rep_count == 4
    assert session.confirm()  # space: done
    assert session.phase is not None and session.phase.kind is PhaseKind.WORK
    assert session.phase.seconds == 10


def test_reps_are_ticked_and_counted_aloud() -> None:
    plan = build_plan(routine(exercise("Cat cow", reps=3, tempo=3)))
    (phase,) = plan.phases
    from coach.session.events import Event

    assert phrase_for_event(Event(E.PHASE_STARTED, phase)) == "Cat cow. One."
    assert phrase_for_event(Event(E.REP, phase, 2)) == "Two."
    assert cue_for_event(Event(E.REP, phase, 2)) == "tick"


def test_a_bout_ends_by_saying_and_sounding_take_the_pack_off() -> None:
    from engine_helpers import therapy

    from coach.safety import BOUT_END
    from coach.session.events import Event

    plan = build_plan(routine(therapy(on=60, off=30, bouts=2)))
    offs = [p for p in plan.phases if p.kind is PhaseKind.THERAPY_OFF]
    assert len(offs) == 2  # between the bouts, and after the last
    for phase in offs:
        assert phrase_for_event(Event(E.PHASE_STARTED, phase)) == BOUT_END
        assert cue_for_event(Event(E.PHASE_STARTED, phase)) == "rest"
    pack_on = next(p for p in plan.phases if p.kind is PhaseKind.PACK_ON)
    assert phrase_for_event(Event(E.PHASE_STARTED, pack_on)) == "Put the cold pack on."


def test_every_built_in_routine_runs_its_exercises_without_a_key() -> None:
    # Issue 16: no built-in exercise waits for space; only drinks, packs going on and
    # check-ins ask for the user, as they must.
    from coach.routines.library import load_library

    for routine_id, built_in in load_library().routines.items():
        waiting = [
            p.title
            for p in build_plan(built_in).phases
            if p.seconds is None and p.kind is PhaseKind.WORK
        ]
        assert waiting == [], routine_id

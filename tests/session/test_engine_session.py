"""Session: deadlines, events and commands, driven by a fake clock."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from engine_helpers import breathing, exercise, routine, start, therapy, tick

from coach.clock import FakeClock
from coach.routines.model import CheckInStep, Defaults, HydrationStep, RestStep
from coach.session.engine import Session
from coach.session.events import EndReason, Event, EventKind, StepStatus
from coach.session.plan import PhaseKind, build_plan

E = EventKind
K = PhaseKind


# --------------------------------------------------------------------------- timing


def test_remaining_comes_from_the_deadline_however_irregular_the_updates(
    clock: FakeClock,
) -> None:
    session, _ = start(routine(exercise(hold=30)), clock)
    assert session.remaining() == 30
    clock.advance(0.7)
    assert session.remaining() == pytest.approx(29.3)
    clock.advance(12.05)  # no update() at all in between
    assert session.remaining() == pytest.approx(17.25)
    session.update()
    assert session.remaining() == pytest.approx(17.25)


def test_countdown_and_halfway_come_at_their_moments(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(hold=20)), clock)
    tick(session, clock, 20, step=0.5)
    timed = [
        (e.kind, e.value, t - 1000.0)
        for e, t in zip(rec.events, rec.times, strict=True)
        if e.kind in (E.HALFWAY, E.COUNTDOWN)
    ]
    assert timed == [
        (E.HALFWAY, None, 10.0),
        (E.COUNTDOWN, 3, 17.0),
        (E.COUNTDOWN, 2, 18.0),
        (E.COUNTDOWN, 1, 19.0),
    ]
    assert session.finished and session.completed


def test_short_phases_do_not_count_down_and_only_long_work_has_halfway(
    clock: FakeClock,
) -> None:
    steps = (exercise(hold=4), RestStep(30), exercise(hold=19), breathing(5, 0, 5, 0, rounds=1))
    session, rec = start(routine(*steps), clock)
    tick(session, clock, 4 + 30 + 19 + 10)
    assert rec.of(E.HALFWAY) == []
    counted = [e.phase.kind for e in rec.of(E.COUNTDOWN) if e.phase is not None]
    # rest 30, hold 19, inhale 5, exhale 5 count down; the 4 s hold does not.
    assert counted == [K.REST] * 3 + [K.WORK] * 3 + [K.INHALE] * 3 + [K.EXHALE] * 3
    assert [e.value for e in rec.of(E.COUNTDOWN)] == [3, 2, 1] * 4


def test_event_order_through_a_small_routine(clock: FakeClock) -> None:
    defaults = Defaults(get_ready=5, rest=0, set_rest=0, switch_sides=5)
    session, rec = start(
        routine(exercise(hold=6, per_side=True), RestStep(5), defaults=defaults), clock
    )
    tick(session, clock, 5 + 6 + 5 + 6 + 5)
    countdown = [E.COUNTDOWN] * 3
    assert rec.kinds() == [
        E.PHASE_STARTED,  # get ready
        *countdown,
        E.PHASE_STARTED,  # left
        *countdown,
        E.PHASE_STARTED,  # switch sides
        E.SWITCH_SIDES,
        *countdown,
        E.PHASE_STARTED,  # right
        *countdown,
        E.STEP_DONE,
        E.PHASE_STARTED,  # rest step
        E.REST,
        *countdown,
        E.STEP_DONE,
        E.SESSION_DONE,
    ]
    assert len(rec.of(E.SESSION_DONE)) == 1
    done = rec.of(E.STEP_DONE)
    assert [e.record.step_index for e in done if e.record] == [0, 1]
    assert [e.record.active_seconds for e in done if e.record] == [22, 5]


def test_late_update_catches_up_through_many_phases_in_order(clock: FakeClock) -> None:
    steps = (exercise(hold=10, reps=3), RestStep(10), exercise("Plank", hold=10))
    session, rec = start(routine(*steps), clock)
    clock.advance(45.5)  # three holds, the rest and half a plank pass unseen
    session.update()
    started = [e.phase.index for e in rec.of(E.PHASE_STARTED) if e.phase]
    assert started == [0, 1, 2, 3, 4]
    assert rec.kinds(E.STEP_DONE) == [E.STEP_DONE, E.STEP_DONE]
    assert [e.value for e in rec.of(E.COUNTDOWN)] == [3, 2, 1] * 4
    # Each event says how late it is: the plank started at 40 s, seen at 45.5 s.
    assert rec.of(E.PHASE_STARTED)[-1].late == pytest.approx(5.5)
    assert session.remaining() == pytest.approx(4.5)  # deadline chain, not "now + 10"
    # The step records carry the wall time the step really ended, not when we looked.
    first = rec.of(E.STEP_DONE)[0].record
    assert first is not None
    assert first.ended_at == clock.now() - timedelta(seconds=15.5)


def test_end_time_is_the_plan_whatever_the_lateness(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=7, reps=5), RestStep(3)), clock)
    started = clock.monotonic()
    for _ in range(40):
        clock.advance(1.013)  # always a little late
        session.update()
    assert session.finished
    assert session.ended_monotonic == pytest.approx(started + 38)
    assert session.summary().ended_at == session.summary().started_at + timedelta(seconds=38)
    assert session.summary().active_seconds == pytest.approx(38)


def test_next_wakeup_points_at_the_next_thing(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=20), HydrationStep(250)), clock)
    assert session.next_wakeup() == 10  # halfway
    clock.advance(10)
    session.update()
    assert session.next_wakeup() == pytest.approx(7)  # countdown 3
    clock.advance(6.5)
    assert session.next_wakeup() == pytest.approx(0.5)
    assert session.next_wakeup(display=True) == pytest.approx(0.5)
    clock.advance(0.5)
    session.update()
    assert session.next_wakeup() == pytest.approx(1)  # countdown 2
    clock.advance(3)
    session.update()
    assert session.phase is not None and session.phase.kind is K.DRINK
    assert session.next_wakeup() is None  # waiting for the user


def test_next_wakeup_display_follows_whole_seconds(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=60)), clock)
    assert session.next_wakeup() == 30
    assert session.next_wakeup(display=True) == pytest.approx(1)
    clock.advance(0.3)
    assert session.next_wakeup(display=True) == pytest.approx(0.7)


# --------------------------------------------------------------------------- pause


def test_pause_freezes_the_phase_and_resume_continues_the_remainder(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(hold=10), RestStep(5)), clock)
    clock.advance(4)
    assert session.toggle_pause()
    assert session.paused and session.next_wakeup() is None
    clock.advance(100)
    session.update()
    assert session.remaining() == pytest.approx(6)
    assert session.phase is not None and session.phase.index == 0
    assert session.toggle_pause()
    assert not session.paused
    assert session.remaining() == pytest.approx(6)
    tick(session, clock, 11)
    assert session.finished
    assert session.ended_monotonic == pytest.approx(1000 + 15 + 100)
    summary = session.summary()
    assert summary.active_seconds == pytest.approx(15)
    assert summary.paused_seconds == pytest.approx(100)
    assert rec.kinds(E.PAUSED, E.RESUMED) == [E.PAUSED, E.RESUMED]


def test_pause_after_an_unseen_deadline_applies_to_the_phase_of_now(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(hold=10), RestStep(10)), clock)
    clock.advance(12)  # the hold ended 2 s ago; nobody called update()
    session.toggle_pause()
    assert session.phase is not None and session.phase.kind is K.REST
    assert session.remaining() == pytest.approx(8)
    assert rec.kinds()[-1] is E.PAUSED


def test_moving_while_paused_keeps_the_pause(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=10), RestStep(30)), clock)
    session.toggle_pause()
    session.skip_phase()
    assert session.paused
    assert session.phase is not None and session.phase.kind is K.REST
    assert session.remaining() == 30
    clock.advance(50)
    session.update()
    assert session.remaining() == 30
    session.toggle_pause()
    tick(session, clock, 30)
    assert session.finished
    assert session.summary().paused_seconds == pytest.approx(50)


# --------------------------------------------------------------------------- commands


def test_skip_phase_of_work_makes_the_step_partial_but_skipping_rests_does_not(
    clock: FakeClock,
) -> None:
    steps = (exercise(hold=10, reps=2, rep_rest=5), exercise("Plank", hold=10, reps=2, rep_rest=5))
    session, rec = start(routine(*steps), clock)
    clock.advance(10)
    session.update()  # first hold done, now the rep rest
    assert session.phase is not None and session.phase.kind is K.REST
    session.skip_phase()  # skipping a rest
    assert session.phase.kind is K.WORK and session.remaining() == 10
    tick(session, clock, 10)
    assert session.step_status(0) is StepStatus.DONE
    session.skip_phase()  # the first plank hold
    session.skip_phase()  # its rest
    tick(session, clock, 10)
    assert session.step_status(1) is StepStatus.PARTIAL
    assert session.finished and session.completed
    assert rec.kinds(E.STEP_DONE, E.STEP_SKIPPED) == [E.STEP_DONE, E.STEP_DONE]


def test_skipping_every_bit_of_work_counts_as_skipped(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(hold=10, reps=2), RestStep(5)), clock)
    session.skip_phase()
    session.skip_phase()
    assert session.step_status(0) is StepStatus.SKIPPED
    assert rec.kinds(E.STEP_SKIPPED) == [E.STEP_SKIPPED]


def test_skip_step_jumps_to_the_next_step_and_reports_it_skipped(clock: FakeClock) -> None:
    steps = (exercise(hold=10, reps=3), RestStep(20), exercise("Plank", hold=30))
    session, rec = start(routine(*steps), clock)
    clock.advance(12)
    assert session.skip_step()
    assert session.phase is not None and session.phase.step_index == 1
    assert session.remaining() == 20
    skipped = rec.of(E.STEP_SKIPPED)
    assert len(skipped) == 1 and skipped[0].record is not None
    assert skipped[0].record.status is StepStatus.SKIPPED
    assert skipped[0].record.active_seconds == pytest.approx(12)
    assert skipped[0].record.journal_status == "skipped"
    session.skip_step()
    session.skip_step()
    assert session.finished and session.completed
    summary = session.summary()
    assert (summary.steps_done, summary.steps_skipped, summary.steps_total) == (0, 3, 3)


def test_back_goes_to_the_start_of_the_previous_step(clock: FakeClock) -> None:
    defaults = Defaults(get_ready=5, rest=3, set_rest=0, switch_sides=0)
    steps = (exercise(hold=10, reps=2), exercise("Plank", hold=10))
    session, rec = start(routine(*steps, defaults=defaults), clock)
    tick(session, clock, 5 + 20 + 3 + 4)  # 4 s into the plank
    assert session.phase is not None and session.phase.step_index == 1
    assert session.step_status(0) is StepStatus.DONE
    assert session.back()
    assert session.phase.index == 0 and session.phase.kind is K.GET_READY
    assert session.remaining() == 5
    tick(session, clock, 25)
    records = [e.record for e in rec.of(E.STEP_DONE) if e.record]
    assert [(r.step_index, r.attempt) for r in records] == [(0, 1), (0, 2)]
    # Time spent on the first attempt is kept: 25 + 25 s.
    assert records[-1].active_seconds == pytest.approx(50)


def test_back_at_the_first_step_restarts_it(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=10, reps=3), RestStep(5)), clock)
    tick(session, clock, 15)
    assert session.phase is not None and session.phase.index == 1
    session.back()
    assert session.phase.index == 0 and session.remaining() == 10


def test_restart_step_goes_to_its_first_phase(clock: FakeClock) -> None:
    session, rec = start(routine(RestStep(5), exercise(hold=10, reps=3)), clock)
    tick(session, clock, 5 + 15)
    assert session.phase is not None and session.phase.index == 2
    rec.clear()
    session.restart_step()
    assert session.phase.index == 1 and session.remaining() == 10
    assert rec.kinds() == [E.PHASE_STARTED]
    tick(session, clock, 30)
    assert session.finished and session.step_status(1) is StepStatus.DONE


def test_untimed_reps_wait_for_confirm(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(reps=10), RestStep(5)), clock)
    assert session.waiting_for_user and session.remaining() is None
    clock.advance(600)
    session.update()
    assert session.phase is not None and session.phase.index == 0
    assert session.confirm()
    assert session.phase.kind is K.REST
    assert not session.confirm()  # nothing to confirm in a timed phase
    assert session.step_status(0) is StepStatus.DONE
    assert rec.of(E.STEP_DONE)[0].record.active_seconds == pytest.approx(600)  # type: ignore[union-attr]


def test_counting_reps_to_the_target_confirms(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(reps=3, sets=2, set_rest=10)), clock)
    assert session.count_rep() and session.count_rep()
    assert session.rep_count == 2
    assert session.phase is not None and session.phase.index == 0
    session.count_rep()
    assert session.phase.kind is K.REST and session.rep_count == 0
    assert not session.count_rep()  # not in a rest


def test_drink_counts_water_only_when_confirmed(clock: FakeClock) -> None:
    session, _ = start(routine(HydrationStep(250), HydrationStep(300)), clock)
    session.confirm()
    session.skip_phase()
    summary = session.summary()
    assert summary.water_ml == 250
    assert (summary.steps_done, summary.steps_skipped) == (1, 1)


def test_check_in_records_first_before_and_last_after(clock: FakeClock) -> None:
    steps = (
        CheckInStep("before"),
        CheckInStep("before"),
        exercise(hold=10),
        CheckInStep("after"),
        CheckInStep("after"),
    )
    session, _ = start(routine(*steps), clock)
    assert not session.confirm()  # a check-in needs a number
    assert session.check_in(6)
    session.check_in(5)
    assert not session.check_in(3)  # no check-in now
    tick(session, clock, 10)
    session.check_in(4)
    session.check_in(2)
    summary = session.summary()
    assert (summary.pain_before, summary.pain_after) == (6, 2)
    assert [c.level for c in summary.check_ins] == [6, 5, 4, 2]
    assert summary.completed


@pytest.mark.parametrize("level", [-1, 11, 2.5, True, "3"])
def test_check_in_refuses_levels_outside_0_to_10(clock: FakeClock, level: object) -> None:
    session, _ = start(routine(CheckInStep("before")), clock)
    with pytest.raises(ValueError, match="0 to 10"):
        session.check_in(level)  # type: ignore[arg-type]
    assert session.phase is not None  # nothing lost: still asking


def test_finish_early_keeps_the_partial_step(clock: FakeClock) -> None:
    session, rec = start(routine(exercise(hold=10, reps=3), RestStep(30)), clock)
    tick(session, clock, 14)
    assert session.finish_early()
    assert session.finished and not session.completed
    assert session.ended_by is EndReason.FINISHED_EARLY
    record = rec.of(E.STEP_DONE)[0].record
    assert record is not None and record.status is StepStatus.PARTIAL
    assert record.journal_status == "done"
    assert record.active_seconds == pytest.approx(14)
    assert rec.kinds()[-1] is E.SESSION_DONE and len(rec.of(E.SESSION_DONE)) == 1
    summary = rec.of(E.SESSION_DONE)[0].summary
    assert summary is not None
    assert (summary.steps_done, summary.steps_partial, summary.steps_total) == (1, 1, 2)
    assert summary.ended_by is EndReason.FINISHED_EARLY and summary.journal_status == "quit"
    assert not session.skip_phase() and not session.quit()  # nothing to do after the end
    assert len(rec.of(E.SESSION_DONE)) == 1


def test_quit_is_flagged_and_a_step_barely_reached_is_not_reported(clock: FakeClock) -> None:
    defaults = Defaults(get_ready=0, rest=5, set_rest=0, switch_sides=0)
    session, rec = start(
        routine(exercise(hold=10), exercise("Plank", hold=10), defaults=defaults), clock
    )
    tick(session, clock, 12)  # 2 s into the rest before the plank
    session.toggle_pause()
    clock.advance(20)
    session.quit()
    assert session.ended_by is EndReason.QUIT and not session.completed
    assert [e.record.step_index for e in rec.of(E.STEP_DONE) if e.record] == [0]
    summary = session.summary()
    assert summary.ended_at == summary.started_at + timedelta(seconds=32)
    assert summary.active_seconds == pytest.approx(12)
    assert summary.paused_seconds == pytest.approx(20)
    assert session.progress() == pytest.approx(12 / 25)


# --------------------------------------------------------------------------- listeners


def test_a_failing_listener_does_not_stop_the_engine_or_the_others(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    session = Session(build_plan(routine(exercise(hold=10), RestStep(5))), clock)
    seen: list[EventKind] = []

    def broken(event: Event) -> None:
        raise RuntimeError("boom")

    session.subscribe(broken)
    session.subscribe(lambda event: seen.append(event.kind))
    with caplog.at_level(logging.ERROR, logger="coach.session.engine"):
        session.start()
        tick(session, clock, 15)
    assert session.finished
    assert seen[-1] is E.SESSION_DONE
    assert "a session listener failed" in caplog.text


def test_listeners_may_call_commands_and_still_see_events_in_order(clock: FakeClock) -> None:
    session = Session(build_plan(routine(exercise(hold=10), RestStep(5), RestStep(6))), clock)
    seen: list[tuple[EventKind, int | None]] = []

    def skip_rests(event: Event) -> None:
        seen.append((event.kind, event.phase.index if event.phase else None))
        if event.kind is E.REST:
            session.skip_phase()

    session.subscribe(skip_rests)
    session.start()
    clock.advance(10)
    session.update()
    assert session.finished
    assert seen == [
        (E.PHASE_STARTED, 0),
        (E.COUNTDOWN, 0),
        (E.COUNTDOWN, 0),
        (E.COUNTDOWN, 0),
        (E.STEP_DONE, 0),
        (E.PHASE_STARTED, 1),
        (E.REST, 1),
        (E.STEP_SKIPPED, 1),
        (E.PHASE_STARTED, 2),
        (E.REST, 2),
        (E.STEP_SKIPPED, 2),
        (E.SESSION_DONE, None),
    ]


def test_unsubscribe_stops_delivery(clock: FakeClock) -> None:
    session = Session(build_plan(routine(exercise(hold=10))), clock)
    seen: list[Event] = []
    unsubscribe = session.subscribe(seen.append)
    session.start()
    unsubscribe()
    tick(session, clock, 10)
    assert [e.kind for e in seen] == [E.PHASE_STARTED]


# --------------------------------------------------------------------------- every step kind


def test_a_routine_with_every_step_kind_runs_to_a_full_summary(clock: FakeClock) -> None:
    defaults = Defaults(get_ready=5, rest=10, set_rest=15, switch_sides=5)
    steps = (
        CheckInStep("before"),
        exercise(hold=10, reps=2, sets=2, per_side=True, rep_rest=2),  # 4*(10+2+10)+15*2+5 = 123
        exercise("Cat-camel", reps=8),
        RestStep(30),
        breathing(4, 7, 8, 0, rounds=2),  # 38
        HydrationStep(250),
        therapy(on=60, off=30, bouts=2),  # 150, and 10 to take the pack off
        CheckInStep("after"),
    )
    plan = build_plan(routine(*steps, defaults=defaults))
    assert plan.planned_seconds == 5 + 123 + 10 + 30 + 38 + 10 + 10 + 150 + 10
    session, rec = start(routine(*steps, defaults=defaults), clock)
    answers = iter([7, 3])
    user_seconds = 0.0
    while not session.finished:
        phase = session.phase
        assert phase is not None
        if phase.kind is K.CHECK_IN:
            clock.advance(2)
            user_seconds += 2
            session.check_in(next(answers))
        elif phase.seconds is None:
            clock.advance(20)
            user_seconds += 20
            session.confirm()
        else:
            wait = session.next_wakeup()
            assert wait is not None
            clock.advance(wait)
            session.update()
    summary = session.summary()
    assert summary.completed and summary.ended_by is EndReason.COMPLETED
    assert (summary.steps_done, summary.steps_skipped, summary.steps_total) == (8, 0, 8)
    assert (summary.pain_before, summary.pain_after, summary.water_ml) == (7, 3, 250)
    assert summary.active_seconds == pytest.approx(plan.planned_seconds + user_seconds)
    assert summary.ended_at - summary.started_at == timedelta(
        seconds=plan.planned_seconds + user_seconds
    )
    assert len(rec.of(E.PHASE_STARTED)) == len(plan.phases)
    assert len(rec.of(E.SWITCH_SIDES)) == 1
    assert len(rec.of(E.HALFWAY)) == 0  # no hold of 20 s or more
    # Rests: 4 rep rests, 2 set rests, 3 step rests, 1 rest step.
    assert len(rec.of(E.REST)) == 10
    assert [e.record.step_index for e in rec.of(E.STEP_DONE) if e.record] == list(range(8))
    assert all(e.late == 0 for e in rec.events)  # woken exactly when due


# --------------------------------------------------------------------------- progress


def test_progress_time_left_and_upcoming(clock: FakeClock) -> None:
    session = Session(build_plan(routine(exercise(hold=10, reps=2), RestStep(20))), clock)
    assert session.progress() == 0 and session.time_left() == 40
    session.start()
    assert session.upcoming() is not None and session.upcoming().kind is K.REST  # type: ignore[union-attr]
    clock.advance(5)
    assert session.progress() == pytest.approx(5 / 40)
    assert session.time_left() == pytest.approx(35)
    tick(session, clock, 20)
    assert session.phase is not None and session.phase.kind is K.REST
    assert session.upcoming() is None
    assert session.time_left() == pytest.approx(15)
    tick(session, clock, 15)
    assert session.progress() == 1 and session.time_left() == 0


def test_untimed_phases_count_in_progress_up_to_their_estimate(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(reps=10), RestStep(30)), clock)  # 30 s estimated + 30
    clock.advance(15)
    assert session.progress() == pytest.approx(15 / 60)
    clock.advance(100)
    assert session.progress() == pytest.approx(30 / 60)
    assert session.phase_elapsed() == pytest.approx(115)


def test_an_empty_routine_ends_at_once(clock: FakeClock) -> None:
    session, rec = start(routine(), clock)
    assert session.finished and session.completed
    assert rec.kinds() == [E.SESSION_DONE]


def test_starting_twice_is_a_programming_error(clock: FakeClock) -> None:
    session, _ = start(routine(exercise(hold=5)), clock)
    with pytest.raises(RuntimeError):
        session.start()


def test_commands_before_start_do_nothing(clock: FakeClock) -> None:
    session = Session(build_plan(routine(exercise(hold=5))), clock)
    assert not session.skip_phase() and not session.toggle_pause() and not session.confirm()
    assert session.phase is None and session.next_wakeup() is None


def test_a_timer_firing_a_hair_early_still_finds_its_deadline_due(clock: FakeClock) -> None:
    # asyncio runs a timer once loop.time() is within its clock resolution of the due time,
    # so it may fire a nanosecond early; the engine must count that as due, or a UI would
    # spin on zero-length timers.
    session, rec = start(routine(*(RestStep(0.1 + n / 7) for n in range(40))), clock)
    for _ in range(200):
        if session.finished:
            break
        before = len(rec.events)
        wake = session.next_wakeup()
        assert wake is not None
        clock.advance(max(0.0, wake - 1e-9))
        session.update()
        assert len(rec.events) > before
    assert session.finished

"""What a session did, what counts toward the goals, and when a break was taken.

The rules are `coach.history.activity`'s. Sessions here run on the real engine with
the real recorder into a real journal, driven by a fake clock, the way a user would
drive them; every surface then reads the same figures (`today_progress` is what the
Today panel, the History screen and `coach stats` show).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fakes import NO_EXTRAS, exercise
from history_helpers import steps_of

from coach.clock import FakeClock
from coach.history import activity
from coach.history.journal import Journal
from coach.history.progress import today_progress, week_progress
from coach.routines.model import CheckInStep, Kind, Routine
from coach.session.engine import Session
from coach.session.plan import build_plan
from coach.session.recording import SessionRecorder

ZONE = ZoneInfo("Europe/London")
START = datetime(2026, 1, 7, 10, 0, tzinfo=ZONE)  # a Wednesday


def core_routine() -> Routine:
    """168 s of planned work: a 30 s hold, 6 untimed reps (18 s), two 30 s holds, a 60 s walk."""
    return Routine(
        "core",
        "Core strength",
        Kind.CORE,
        (
            CheckInStep("before"),
            exercise("Cat cow", hold=30),
            exercise("Bird dog", reps=6),
            exercise("Plank", hold=30),
            exercise("Curl up", hold=30),
            exercise("Walk", hold=60),
            CheckInStep("after"),
        ),
        defaults=NO_EXTRAS,
    )


def rolls_routine() -> Routine:
    return Routine(
        "rolls",
        "Shoulder rolls",
        Kind.POSTURE,
        (exercise("Shoulder rolls", reps=8),),
        defaults=NO_EXTRAS,
    )


Script = Callable[[Session, FakeClock], None]


def skip_through(session: Session, clock: FakeClock) -> None:
    while not session.finished:
        clock.advance(1)
        session.skip_step()


def a_few_steps_then_skip(session: Session, clock: FakeClock) -> None:
    session.check_in(3)
    clock.advance(30)
    session.update()  # the cat cow hold ran out
    clock.advance(20)
    session.confirm()  # six bird dogs in 20 s: 18 s of them count
    skip_through(session, clock)


def idle_90_seconds(session: Session, clock: FakeClock) -> None:
    clock.advance(90)  # "8 reps · press space when done", left alone
    session.confirm()


def check_ins_only(session: Session, clock: FakeClock) -> None:
    clock.advance(5)
    session.check_in(2)
    for _ in range(5):
        clock.advance(1)
        session.skip_step()
    session.check_in(2)


def quit_at_once(session: Session, clock: FakeClock) -> None:
    clock.advance(3)  # still at the first check-in
    session.quit()


def everything(session: Session, clock: FakeClock) -> None:
    session.check_in(3)
    clock.advance(30)
    session.update()
    clock.advance(18)
    session.confirm()
    for _ in range(3):  # plank, curl up, walk
        clock.advance(60)
        session.update()
    session.check_in(2)


def run(journal: Journal, routine: Routine, script: Script, at: datetime = START) -> int:
    clock = FakeClock(at)
    session = Session(build_plan(routine), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    script(session, clock)
    assert session.finished and recorder.session_id is not None
    row = journal.session(recorder.session_id)
    assert row is not None
    # The recorder tells the summary what the History screen will say.
    assert (recorder.outcome, recorder.work_seconds) == (row.outcome, row.work_seconds)
    return recorder.session_id


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "coach.db", zone=ZONE)


@dataclass(frozen=True)
class Did:
    outcome: str
    work_seconds: float
    sessions_today: int  # the Today panel, History and `coach stats`
    strength_day: bool
    moderate_minutes: float


@pytest.mark.parametrize(
    ("routine", "script", "did"),
    [
        pytest.param(core_routine, skip_through, Did("no work", 0, 0, False, 0), id="skip-through"),
        pytest.param(
            core_routine,
            a_few_steps_then_skip,
            Did("partly done", 48, 1, False, 0),
            id="two-steps-then-N",
        ),
        pytest.param(rolls_routine, idle_90_seconds, Did("completed", 24, 1, False, 0), id="idle"),
        pytest.param(core_routine, check_ins_only, Did("no work", 0, 0, False, 0), id="check-ins"),
        pytest.param(core_routine, quit_at_once, Did("no work", 0, 0, False, 0), id="quit-at-once"),
        pytest.param(core_routine, everything, Did("completed", 168, 1, True, 1), id="all-done"),
    ],
)
def test_what_a_session_did(
    journal: Journal, routine: Callable[[], Routine], script: Script, did: Did
) -> None:
    session_id = run(journal, routine(), script)
    row = journal.session(session_id)
    assert row is not None
    assert (row.outcome, row.work_seconds) == (did.outcome, did.work_seconds)
    today = today_progress(journal, START + timedelta(hours=1))
    assert today.sessions == did.sessions_today
    assert today.moderate_minutes == pytest.approx(did.moderate_minutes)
    assert week_progress(journal, START).days[2].strength is did.strength_day
    shown = [session.id for session in journal.recent_sessions()]
    assert shown == ([session_id] if did.sessions_today else [])  # not a session: not shown
    assert journal.practice_days() == ([START.date()] if did.sessions_today else [])


def test_an_idle_untimed_phase_keeps_its_real_time_but_works_only_its_estimate(
    journal: Journal,
) -> None:
    row = journal.session(run(journal, rolls_routine(), idle_90_seconds))
    assert row is not None
    assert (row.active_seconds, row.planned_work_seconds, row.work_seconds) == (90, 24, 24)
    (step,) = steps_of(journal, row.id)
    assert (step.planned_seconds, step.work_seconds) == (24, 24)


def test_check_ins_drinks_and_rests_are_no_steps_of_work(journal: Journal) -> None:
    row = journal.session(run(journal, core_routine(), a_few_steps_then_skip))
    assert row is not None
    assert (row.steps_done, row.steps_skipped) == (2, 3)  # the check-ins are neither


# ----------------------------------------------------------------------------- breaks


def break_reminder(journal: Journal, answer: str, at: datetime = START) -> None:
    reminder = journal.record_reminder("sitting", at, at - timedelta(seconds=30), "pending")
    journal.answer_reminder(reminder, answer, at)


@pytest.mark.parametrize(
    ("answer", "then", "taken"),
    [
        ("started", "routine done", 1),
        ("started", "quit after 2 s", 0),  # "b" on a break, then quit: no break
        ("started", "away 5 min", 1),  # the user walked away instead
        ("started", "nothing", 0),
        ("started", "routine done an hour later", 0),
        ("skipped", "routine done", 0),
    ],
)
def test_a_break_is_taken_once_its_work_is_mostly_done_or_the_user_was_away(
    journal: Journal, answer: str, then: str, taken: int
) -> None:
    break_reminder(journal, answer)
    if then == "routine done":
        run(journal, core_routine(), everything, START + timedelta(seconds=5))
    elif then == "routine done an hour later":
        run(journal, core_routine(), everything, START + timedelta(hours=1))
    elif then == "quit after 2 s":

        def quit_after_2_s(session: Session, clock: FakeClock) -> None:
            session.check_in(3)
            clock.advance(2)
            session.quit()

        run(journal, core_routine(), quit_after_2_s, START + timedelta(seconds=5))
    elif then == "away 5 min":
        journal.log_away(START + timedelta(minutes=1), START + timedelta(minutes=6))
    today = today_progress(journal, START + timedelta(hours=2))
    assert (today.breaks_taken, today.breaks_offered) == (taken, 1)


def test_the_reminder_hand_over_sees_only_routines_mostly_done(journal: Journal) -> None:
    def quit_after_2_s(session: Session, clock: FakeClock) -> None:
        session.check_in(3)
        clock.advance(2)
        session.quit()

    run(journal, core_routine(), quit_after_2_s)
    assert journal.last_session_end() is None  # no natural break
    run(journal, core_routine(), everything, START + timedelta(minutes=10))
    assert journal.last_session_end() is not None


# ----------------------------------------------------------------------------- activity logged


def test_logged_activity_counts_by_kind(journal: Journal) -> None:
    for kind, minutes in [("walk", 30), ("cycle", 20), ("swim", 10), ("run", 15)]:
        journal.log_activity(kind, minutes * 60, START)
    journal.log_activity("other", 5 * 60, START)
    journal.log_activity("strength", 40 * 60, START)
    today = today_progress(journal, START)
    assert today.moderate_minutes == pytest.approx(30 + 20 + 10 + 2 * 15 + 5)
    week = week_progress(journal, START)
    assert [figures.strength for figures in week.days][:3] == [False, False, True]
    assert today.sessions == 0  # activity outside coach is no session of a routine


@pytest.mark.parametrize("bad", [("yoga", 60), ("walk", 0), ("walk", -5)])
def test_logged_activity_is_checked(journal: Journal, bad: tuple[str, float]) -> None:
    with pytest.raises(ValueError):
        journal.log_activity(bad[0], bad[1], START)


# ----------------------------------------------------------------------------- one rule, twice


@pytest.mark.parametrize(
    ("work", "planned"),
    [(0, 0), (0, 100), (1, 0), (10, 100), (29.9, 100), (30, 100), (40, 60), (50, 100), (90, 60)],
)
def test_the_sql_twins_say_what_the_rules_say(work: float, planned: float) -> None:
    conn = sqlite3.connect(":memory:")
    counts, mostly = conn.execute(
        f"SELECT {activity.COUNTS_SQL}, {activity.MOSTLY_DONE_SQL}"
        " FROM (SELECT ? AS work_seconds, ? AS planned_work_seconds)",
        (work, planned),
    ).fetchone()
    assert bool(counts) is activity.counts(work, planned)
    assert bool(mostly) is activity.mostly_done(work, planned)


@pytest.mark.parametrize("kind", activity.LOGGED_KINDS)
def test_logged_moderate_sql_says_what_the_rule_says(kind: str) -> None:
    conn = sqlite3.connect(":memory:")
    (seconds,) = conn.execute(
        f"SELECT {activity.LOGGED_MODERATE_SQL} FROM (SELECT ? AS kind, 600.0 AS seconds)",
        (kind,),
    ).fetchone()
    assert seconds == activity.moderate_seconds(kind, 600)


def test_a_step_counts_at_most_its_planned_work_and_nothing_when_skipped() -> None:
    assert activity.step_work("done", 90, 24) == 24
    assert activity.step_work("done", 10, 24) == 10
    assert activity.step_work("skipped", 10, 24) == 0
    assert activity.step_work("done", 10, 0) == 0  # a check-in, a drink, a rest

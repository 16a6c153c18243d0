""" "This hurts" in the engine: kept with the step, sent as an event, written by the recorder."""

from __future__ import annotations

from engine_helpers import exercise, routine, start, tick
from fakes import FakeJournal

from coach.clock import FakeClock
from coach.routines.model import RestStep
from coach.session.engine import Session
from coach.session.events import EventKind
from coach.session.plan import build_plan
from coach.session.recording import SessionRecorder


def test_a_hurt_is_kept_with_the_step_and_sent_as_an_event(clock: FakeClock) -> None:
    session, rec = start(routine(RestStep(5), exercise("Bird dog", hold=20)), clock)
    tick(session, clock, 6)
    report = session.report_hurt("sharp")
    assert report is not None
    assert (report.step_index, report.exercise, report.hurt) == (1, "bird-dog", "sharp")
    assert session.hurts == (report,)
    assert rec.of(EventKind.HURT)[0].hurt == report
    assert not session.paused  # the screen pauses to ask; the engine only keeps it


def test_no_hurt_outside_a_running_session(clock: FakeClock) -> None:
    session = Session(build_plan(routine(exercise(hold=5))), clock)
    assert session.report_hurt("sharp") is None
    session.start()
    tick(session, clock, 5)
    assert session.finished and session.report_hurt("sharp") is None


def test_the_recorder_writes_the_hurt_with_its_session(clock: FakeClock) -> None:
    journal = FakeJournal()
    session = Session(build_plan(routine(exercise("Cat cow", hold=20))), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    session.report_hurt("down-the-leg")
    assert journal.hurts == [
        {
            "hurt": "down-the-leg",
            "session_id": recorder.session_id,
            "step": 0,
            "exercise": "cat-cow",
        }
    ]


class RefusesHurts(FakeJournal):
    def log_hurt(self, *args: object, **kwargs: object) -> None:
        raise ValueError("no such hurt")


def test_a_hurt_the_history_refuses_is_named_on_the_summary(clock: FakeClock) -> None:
    journal = RefusesHurts()
    session = Session(build_plan(routine(exercise("Cat cow", hold=5))), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    session.report_hurt("sharp")
    tick(session, clock, 5)
    assert session.finished
    assert journal.sessions[1]["status"] == "completed"  # the writes after it went on
    assert recorder.history_line(completed=True) == (
        "Saved to your history, except what hurt: no such hurt."
    )

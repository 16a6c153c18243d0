"""The recording seam: a session's events become journal writes, as they happen.

Domain code (no Textual): driven by the engine on a fake clock and a fake journal.
"""

from __future__ import annotations

from datetime import datetime

from fakes import FakeJournal, hold_routine, short_routine
from history_helpers import steps_of

from coach.clock import FakeClock
from coach.session.engine import Session
from coach.session.plan import build_plan
from coach.session.recording import SessionRecorder


def recorded_session(routine, clock: FakeClock, journal: FakeJournal) -> Session:
    session = Session(build_plan(routine), clock)
    SessionRecorder(session, journal).attach()
    session.start()
    return session


def test_the_session_row_is_written_at_start(clock: FakeClock, journal: FakeJournal):
    recorded_session(short_routine(), clock, journal)
    assert journal.calls == [("start_session", "short")]
    row = journal.sessions[1]
    assert row["name"] == "Short test"
    assert row["kind"] == "mixed"
    assert row["started_at"] == clock.now()
    assert row["planned"] == 20.0  # the timed phases: a 10 s hold and a 4 + 6 s breath


def test_each_step_is_written_when_it_ends_and_the_end_is_written_last(
    clock: FakeClock, journal: FakeJournal
):
    session = recorded_session(short_routine(), clock, journal)
    session.check_in(4)
    assert journal.calls[-1] == ("record_step", (0, "done"))
    clock.advance(10)
    session.update()
    assert journal.steps[-1]["name"] == "Cat cow"
    assert journal.steps[-1]["dose"] == "hold 10 s"
    assert journal.steps[-1]["seconds"] == 10
    session.skip_step()
    assert journal.calls[-1] == ("record_step", (2, "skipped"))
    clock.advance(10)
    session.update()
    session.confirm()  # the drink
    session.check_in(2)
    assert [name for name, _ in journal.calls][-2:] == ["record_step", "finish_session"]
    row = journal.sessions[1]
    assert row["status"] == "completed"
    assert (row["pain_before"], row["pain_after"]) == (4, 2)
    assert row["active_seconds"] == 20


def test_confirmed_drinks_and_check_ins_are_logged_with_the_session(
    clock: FakeClock, journal: FakeJournal
):
    session = recorded_session(short_routine(), clock, journal)
    session.check_in(5)
    assert journal.pain == [(5, "before", 1)]
    for _ in range(4):  # hold, reps, two breathing phases
        session.skip_phase()
    clock.advance(3)
    session.confirm()
    assert [(ml, source) for ml, _, source in journal.water] == [(250, "session")]
    assert journal.water[0][1] == clock.now()


def test_a_drink_done_twice_after_going_back_counts_once(clock: FakeClock, journal: FakeJournal):
    session = recorded_session(short_routine(), clock, journal)
    session.check_in(5)
    for _ in range(4):
        session.skip_phase()
    session.confirm()
    session.back()  # to the drink again
    session.back()
    session.skip_step()
    session.confirm()
    assert len(journal.water) == 1


def test_a_skipped_drink_is_not_water(clock: FakeClock, journal: FakeJournal):
    session = recorded_session(short_routine(), clock, journal)
    session.check_in(5)
    for _ in range(5):
        session.skip_phase()
    assert journal.water == []


def test_quitting_keeps_what_was_done(clock: FakeClock, journal: FakeJournal):
    session = recorded_session(hold_routine(), clock, journal)
    clock.advance(5 + 30 + 10)  # get ready, set 1, rest
    session.update()
    clock.advance(12)
    session.update()
    session.quit()
    assert journal.steps == [
        {
            "session_id": 1,
            "index": 0,
            "name": "Hamstring stretch",
            "status": "done",  # partly done still counts as done for the journal
            "seconds": 57,
            "dose": "2 × hold 30 s, 10 s rest between sets, each side",
            "exercise": "hamstring-stretch",
            "planned": 120,  # 2 sets of 30 s, each side
            "work": 57,  # its time, up to the plan
        }
    ]
    assert journal.sessions[1]["status"] == "quit"


def test_a_failing_journal_never_stops_the_session(clock: FakeClock):
    class FullDisk(FakeJournal):
        def record_step(self, *args: object, **kwargs: object) -> None:
            raise OSError("disk full")

    journal = FullDisk()
    errors: list[Exception] = []
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal, on_error=errors.append).attach()
    session.start()
    session.check_in(3)
    clock.advance(10)
    session.update()
    assert session.phase is not None and session.phase.title == "Bird dog"
    assert [str(e) for e in errors] == ["disk full"]  # told once, then quiet
    assert recorder.failed is errors[0]


def test_it_writes_to_the_real_journal(tmp_path, clock: FakeClock):
    from coach.history.journal import Journal

    journal = Journal(tmp_path / "coach.db", zone=clock.now().tzinfo)
    try:
        session = Session(build_plan(short_routine()), clock)
        SessionRecorder(session, journal).attach()
        session.start()
        session.check_in(6)
        clock.advance(10)
        session.update()
        clock.advance(9)
        for _ in range(3):
            session.count_rep()
        session.quit()
        (row,) = journal.recent_sessions()
        # the check-in is no step of work; 19 of the 29 s of work planned were done
        assert (row.status, row.steps_done, row.pain_before) == ("quit", 2, 6)
        assert (row.work_seconds, row.planned_work_seconds, row.outcome) == (19, 29, "quit")
        steps = steps_of(journal, row.id)
        assert [s.name for s in steps] == ["Pain check-in", "Cat cow", "Bird dog"]
        assert [s.exercise for s in steps] == ["", "cat-cow", "bird-dog"]
        day = clock.now().date()
        assert [p.level for p in journal.pain_entries(day, day)] == [6]  # logged once
    finally:
        journal.close()


def test_ended_at_is_the_deadline_not_the_late_update(clock: FakeClock, journal: FakeJournal):
    session = recorded_session(hold_routine(), clock, journal)
    start = clock.now()
    clock.advance(500)  # one very late update: the whole routine has run out meanwhile
    session.update()
    assert journal.sessions[1]["status"] == "completed"
    ended: datetime = journal.sessions[1]["ended_at"]
    assert (ended - start).total_seconds() == 5 + 30 + 10 + 30 + 5 + 30 + 10 + 30 + 20 + 30

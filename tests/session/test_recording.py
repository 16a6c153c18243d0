"""The recording seam: a session's events become journal writes, as they happen.

Domain code (no Textual): driven by the engine on a fake clock and a fake journal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


class Unavailable(Exception):
    """What the journal raises while busy or on a full disk: it may work later."""

    retry = True


class Flaky(FakeJournal):
    """A journal whose writes fail while `down` (busy, a full disk), then work again."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.refuse_water = False

    def _check(self) -> None:
        if self.down:
            raise Unavailable("the disk is full")

    def start_session(self, *args: Any, **kwargs: Any) -> int:
        self._check()
        return super().start_session(*args, **kwargs)

    def record_step(self, *args: Any, **kwargs: Any) -> None:
        self._check()
        super().record_step(*args, **kwargs)

    def finish_session(self, session_id: int, **fields: Any) -> None:
        self._check()
        super().finish_session(session_id, **fields)

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None:
        self._check()
        if self.refuse_water:
            raise ValueError(f"an amount of water must be more than 0 ml, got {ml}")
        super().log_water(ml, at, source)

    def log_pain(self, *args: Any, **kwargs: Any) -> None:
        self._check()
        super().log_pain(*args, **kwargs)


def run_short(
    session: Session, clock: FakeClock, journal: Flaky, *, down_from: int = 99, up_at: int = 99
) -> None:
    """The short routine to its end; the journal goes down before step `down_from` ends
    and comes back before step `up_at` ends."""
    steps = [
        lambda: session.check_in(3),
        lambda: (clock.advance(10), session.update()),  # cat cow
        lambda: [session.count_rep() for _ in range(3)],  # bird dog
        lambda: (clock.advance(10), session.update()),  # the breath
        lambda: session.confirm(),  # the drink
        lambda: session.check_in(2),  # after: the end
    ]
    for index, step in enumerate(steps):
        if index == down_from:
            journal.down = True
        if index == up_at:
            journal.down = False
        step()


def test_writes_that_fail_are_kept_and_written_when_the_journal_is_back(clock: FakeClock):
    journal = Flaky()
    errors: list[Exception] = []
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal, on_error=errors.append).attach()
    session.start()
    run_short(session, clock, journal, down_from=1, up_at=4)  # cat cow, bird dog, breath
    assert session.finished  # the session never stopped
    assert [str(e) for e in errors] == ["the disk is full"]  # told once
    assert [step["name"] for step in journal.steps] == [  # in order, none lost
        "Pain check-in",
        "Cat cow",
        "Bird dog",
        "Breathing",
        "Drink water",
        "Pain check-in",
    ]
    assert [ml for ml, _, _ in journal.water] == [250]
    assert journal.sessions[1]["status"] == "completed"
    assert recorder.unsaved == () and recorder.failed is None
    assert recorder.history_line(completed=True) == "Saved to your history."


def test_what_cannot_be_written_by_the_end_is_said_in_one_line(clock: FakeClock):
    journal = Flaky()
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    run_short(session, clock, journal, down_from=2)  # from the bird dog on: a full disk
    assert session.finished
    assert [step["name"] for step in journal.steps] == ["Pain check-in", "Cat cow"]
    assert [write.kind for write in recorder.unsaved] == [
        "step",
        "step",
        "step",
        "water",
        "step",
        "pain",
        "end",
    ]
    line = recorder.history_line(completed=True)
    assert line == (
        "Saved to your history, except 4 steps, 250 ml of water, a pain check-in and the end: "
        "the disk is full."
    )
    assert "\n" not in line


def test_a_session_whose_start_could_not_be_written_says_not_saved(clock: FakeClock):
    journal = Flaky()
    journal.down = True
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    run_short(session, clock, journal)
    assert session.finished and journal.calls == []
    assert recorder.history_line(completed=True) == (
        "Not saved to your history (nor the 250 ml of water): the disk is full."
    )


def test_a_refused_write_holds_up_nothing_after_it(clock: FakeClock):
    # e.g. an amount the journal refuses: the steps after it and the end are written.
    journal = Flaky()
    journal.refuse_water = True
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    run_short(session, clock, journal)
    assert len(journal.steps) == 6 and journal.sessions[1]["status"] == "completed"
    assert journal.pain == [(3, "before", 1), (2, "after", 1)]
    assert [write.kind for write in recorder.unsaved] == ["water"]
    assert recorder.history_line(completed=True).startswith(
        "Saved to your history, except 250 ml of water: an amount of water must be"
    )


def test_a_glass_drunk_while_the_journal_is_down_is_written_later(clock: FakeClock):
    journal = Flaky()
    session = Session(build_plan(short_routine()), clock)
    recorder = SessionRecorder(session, journal).attach()
    session.start()
    run_short(session, clock, journal, down_from=4, up_at=5)  # down for the drink only
    assert [(ml, source) for ml, _, source in journal.water] == [(250, "session")]
    assert recorder.unsaved == ()


def test_a_partly_done_session_fully_saved_says_what_you_did_is_saved(
    clock: FakeClock, journal: FakeJournal
):
    session = recorded_session(short_routine(), clock, journal)
    session.quit()
    recorder = SessionRecorder(session, journal)
    assert recorder.history_line(completed=False) == "What you did is saved to your history."


def test_steps_written_while_another_process_holds_the_lock_are_retried(
    tmp_path, clock: FakeClock, monkeypatch
):
    # The real journal, its busy timeout shortened: another coach holds the write lock
    # while two steps end; they are written, in order, when the next step ends after it.
    import sqlite3

    import coach.history.store as store
    from coach.history.journal import Journal

    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.05)
    path = tmp_path / "coach.db"
    journal = Journal(path, zone=clock.now().tzinfo)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        session = Session(build_plan(short_routine()), clock)
        recorder = SessionRecorder(session, journal).attach()
        session.start()
        session.check_in(3)
        other.execute("BEGIN IMMEDIATE")  # the other writer takes the lock
        clock.advance(10)
        session.update()  # cat cow ends: busy
        for _ in range(3):
            session.count_rep()  # bird dog ends: busy
        assert [w.kind for w in recorder.unsaved] == ["step", "step"]
        assert "busy" in str(recorder.failed)
        other.execute("COMMIT")
        clock.advance(10)
        session.update()  # the breath ends: all three written
        assert recorder.unsaved == ()
        session.confirm()
        session.check_in(1)
        (row,) = journal.recent_sessions()
        assert (row.status, row.steps_done) == ("completed", 3)
        assert [s.name for s in steps_of(journal, row.id)] == [
            "Pain check-in",
            "Cat cow",
            "Bird dog",
            "Breathing",
            "Drink water",
            "Pain check-in",
        ]
        assert journal.water_on(clock.now().date()) == 250
    finally:
        other.close()
        journal.close()


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

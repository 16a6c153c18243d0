"""The reminders' side of the journal: the real Journal fits it; a failing one is reported."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.history.journal import Journal, JournalError
from coach.history.ports import ReadWriteJournal
from coach.reminders.records import ReminderRecords
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN)


def test_the_real_journal_keeps_reminders(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "coach.db")
    try:
        # The reminders take the one journal interface.
        assert isinstance(journal, ReadWriteJournal)
        problems: list[str] = []
        records = ReminderRecords(journal, problems.append)
        row = records.record(ReminderKind.SITTING, AT, AT, ReminderAnswer.PENDING)
        assert row is not None
        records.answer(row, ReminderAnswer.SNOOZED, AT)
        records.log_water(250, AT)
        assert records.water_on(date(2026, 1, 5)) == 250
        counts = journal.reminders_by_day(date(2026, 1, 5), date(2026, 1, 5), "sitting")
        assert counts[date(2026, 1, 5)].offered == 0  # a snoozed one comes back: not counted
        assert problems == []
    finally:
        journal.close()


class BrokenJournal:
    def _fail(self, *args: object, **kwargs: object) -> int:
        raise JournalError("database is locked")

    record_reminder = answer_reminder = log_water = water_on = last_session_end = _fail
    practice_days = log_away = routine_days = data_version = _fail


def test_a_failing_journal_is_reported_and_the_reminders_carry_on() -> None:
    problems: list[str] = []
    records = ReminderRecords(BrokenJournal(), problems.append)  # type: ignore[arg-type]
    assert records.record(ReminderKind.SITTING, AT, AT, ReminderAnswer.PENDING) is None
    records.answer(1, ReminderAnswer.STARTED, AT)
    records.log_water(250, AT)
    records.log_away(AT, AT)
    assert records.water_on(date(2026, 1, 5)) is None
    assert records.last_session_end() is None
    assert records.last_done(["desk-break"], date(2026, 1, 5)) == {"desk-break": None}
    assert records.refresh_figures(date(2026, 1, 5))  # read again: nothing known
    assert records.figures.water_ml is None and records.figures.streak_days is None
    assert problems == [
        "could not record the reminder: database is locked",
        "could not record the answer: database is locked",
        "could not log the water: database is locked",
        "could not record the time away: database is locked",
    ]


def test_a_bug_is_not_swallowed_as_a_journal_problem() -> None:
    class Buggy(BrokenJournal):
        def record_reminder(self, *args: object) -> int:
            raise TypeError("a bug")

    records = ReminderRecords(Buggy(), lambda message: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        records.record(ReminderKind.SITTING, AT, AT, ReminderAnswer.PENDING)

"""The reminders' side of the journal: what they write, and today's figures they read.

`ReminderJournal` says what the reminders need from `coach.history.journal.Journal`;
`ReminderRecords` wraps one (or none: history off). Every reminder and answer is
written; the end of the last session, today's water and the streak are read.
History is precious but never worth a reminder: a journal error is reported
through `on_problem` and the reminders carry on.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple, Protocol, cast, runtime_checkable

from coach.errors import CoachError
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

# What a journal raises when it cannot read or write (JournalError is a CoachError).
JOURNAL_ERRORS = (CoachError, sqlite3.Error, OSError)


@runtime_checkable
class ReminderJournal(Protocol):
    """What the reminders need from coach.history.journal.Journal."""

    @property
    def path(self) -> Path | None: ...

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        """A reminder row (kind and answer: the vocabulary's values); its id."""
        ...

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None: ...

    def last_session_end(self) -> datetime | None: ...

    def water_on(self, day: date) -> int: ...

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None: ...

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]: ...


class TodayFigures(NamedTuple):
    """Today's water and streak, as `coach status` shows them (None: cannot tell)."""

    day: str = ""  # ISO date
    water_ml: int | None = None
    streak_days: int | None = None


class ReminderRecords:
    """The journal as the reminder service uses it; None for no history."""

    def __init__(self, journal: ReminderJournal | None, on_problem: Callable[[str], None]) -> None:
        self.journal = journal
        self._on_problem = on_problem
        self.figures = TodayFigures()
        self._stamp: tuple[float, ...] = ()

    def record(
        self, kind: ReminderKind, due: datetime, fired: datetime, answer: ReminderAnswer
    ) -> int | None:
        """Write a reminder row; its id, or None (no history, or it could not be written)."""
        if self.journal is None:
            return None
        try:
            return self.journal.record_reminder(kind.value, due, fired, answer.value)
        except JOURNAL_ERRORS as error:
            self._on_problem(f"could not record the reminder: {error}")
            return None

    def answer(self, record_id: int | None, answer: ReminderAnswer, at: datetime) -> None:
        if self.journal is None or record_id is None:
            return
        try:
            self.journal.answer_reminder(record_id, answer.value, at)
        except JOURNAL_ERRORS as error:
            self._on_problem(f"could not record the answer: {error}")

    def last_session_end(self) -> datetime | None:
        """When the last routine ended (in any coach process), as UTC; None if unknown."""
        if self.journal is None:
            return None
        try:
            ended = self.journal.last_session_end()
        except JOURNAL_ERRORS:
            return None
        if ended is None:
            return None
        return ended.astimezone(UTC) if ended.tzinfo else ended.replace(tzinfo=UTC)

    def water_on(self, day: date) -> int | None:
        if self.journal is None:
            return None
        try:
            return int(self.journal.water_on(day))
        except JOURNAL_ERRORS:
            return None

    def log_water(self, ml: int, at: datetime) -> None:
        """A glass drunk when a reminder asked (answered "started")."""
        if self.journal is None:
            return
        try:
            self.journal.log_water(ml, at, source="reminder")
        except JOURNAL_ERRORS as error:
            self._on_problem(f"could not log the water: {error}")

    def refresh_figures(self, day: date) -> bool:
        """Re-read today's water and streak when the journal changed (or the day did).

        True when `figures` changed. Cheap when nothing did: two `stat` calls.
        """
        if self.journal is None:
            return False
        stamp = self._files_stamp()
        if stamp == self._stamp and day.isoformat() == self.figures.day:
            return False
        self._stamp = stamp
        figures = TodayFigures(day.isoformat(), self.water_on(day), self._streak(day))
        if figures == self.figures:
            return False
        self.figures = figures
        return True

    def _streak(self, day: date) -> int | None:
        from coach.history.ports import JournalReader
        from coach.history.progress import current_streak

        try:
            # current_streak reads only practice_days, which ReminderJournal has.
            return int(current_streak(cast(JournalReader, self.journal), day))
        except JOURNAL_ERRORS:
            return None

    def _files_stamp(self) -> tuple[float, ...]:
        """Modification times of the journal's files (WAL mode writes to `-wal` first)."""
        path = self.journal.path if self.journal is not None else None
        if path is None:
            return ()
        stamps = []
        for suffix in ("", "-wal"):
            try:
                stamps.append(os.stat(f"{path}{suffix}").st_mtime)
            except OSError:
                stamps.append(0.0)
        return tuple(stamps)

"""The reminders' side of the journal: what they write, and today's figures they read.

The journal is the one interface of `coach.history.ports` (`ReminderJournal` is its
`ReadWriteJournal`); `ReminderRecords` wraps one (or none: history off). Every
reminder and answer is written, and time away that made a break (`log_away`); the
end of the last routine mostly done, today's water, the streak and the days each
break routine was last done are read. Today's figures are read again only when
the journal's `data_version()` says another process wrote (or this one did).
History is precious but never worth a reminder: a journal error is reported
through `on_problem` and the reminders carry on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, NamedTuple

from coach.errors import CoachError
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

if TYPE_CHECKING:
    # Only for the types: the daemon need not load the history package to start.
    from coach.history.ports import ReadWriteJournal as ReminderJournal

# What a journal raises when it cannot read or write (JournalError is a CoachError).
JOURNAL_ERRORS = (CoachError, sqlite3.Error, OSError)

# The journal's kinds of reminder rows (its CHECK): an eye break is not recorded.
RECORDED_KINDS = frozenset({ReminderKind.SITTING, ReminderKind.WATER})


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
        self._version: int | None = None  # the journal's data_version when last read

    def record(
        self, kind: ReminderKind, due: datetime, fired: datetime, answer: ReminderAnswer
    ) -> int | None:
        """Write a reminder row; its id, or None (no history, an eye break, or it could not
        be written)."""
        if self.journal is None or kind not in RECORDED_KINDS:
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
        self.invalidate()

    def log_away(self, start: datetime, end: datetime) -> None:
        """Time away from the computer that made a break: it counts as a break taken."""
        if self.journal is None:
            return
        try:
            self.journal.log_away(start, end)
        except JOURNAL_ERRORS as error:
            self._on_problem(f"could not record the time away: {error}")

    def last_done(self, routine_ids: Sequence[str], day: date) -> dict[str, date | None]:
        """The last day up to `day` each routine was done (None: never, or unknown)."""
        done: dict[str, date | None] = dict.fromkeys(routine_ids)
        if self.journal is None:
            return done
        for routine_id in routine_ids:
            try:
                days = self.journal.routine_days(routine_id, day)
            except JOURNAL_ERRORS:
                continue
            done[routine_id] = days[-1] if days else None
        return done

    def invalidate(self) -> None:
        """This process wrote to the journal (its own writes leave `data_version` alone)."""
        self._version = None

    def refresh_figures(self, day: date) -> bool:
        """Re-read today's water and streak when the journal changed (or the day did).

        True when `figures` changed. Cheap when nothing did: one PRAGMA (`data_version`).
        """
        if self.journal is None:
            return False
        try:
            version: int | None = self.journal.data_version()
        except JOURNAL_ERRORS:
            version = None  # cannot tell: read the figures again
        if version is not None and version == self._version and day.isoformat() == self.figures.day:
            return False
        self._version = version
        figures = TodayFigures(day.isoformat(), self.water_on(day), self._streak(day))
        if figures == self.figures:
            return False
        self.figures = figures
        return True

    def _streak(self, day: date) -> int | None:
        from coach.history.progress import current_streak

        if self.journal is None:
            return None
        try:
            return int(current_streak(self.journal, day))
        except JOURNAL_ERRORS:
            return None

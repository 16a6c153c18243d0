"""The journal as the rest of coach sees it: what a reader and a writer may do.

`coach.history.journal.Journal` is both. Everything that takes a journal names
one of these (progress and the screens read; a session, the reminders and the
commands write), so a test fake (tests/support/fakes.py) has one shape to
follow and no module reaches for the journal's private helpers. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from typing import Literal, Protocol, runtime_checkable

from coach.history.rows import PainRow, PegRow, ReminderCounts, SessionRow
from coach.history.undo import Entry, UndoKind


@runtime_checkable
class JournalReader(Protocol):
    """Reads: sessions, the per-day figures, settings. Never changes the file."""

    # The zone that fixes each record's local day (None: this computer's).
    zone: tzinfo | None

    def data_version(self) -> int:
        """Changes whenever another process has written (cheap: poll it)."""
        ...

    # ------------------------------------------------------------------ sessions

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[SessionRow]:
        """The latest sessions, newest first; with `since`, from that local day on."""
        ...

    def last_session_end(self) -> datetime | None: ...

    def routine_days(self, routine_id: str, last: date) -> list[date]:
        """Local days up to `last` on which that routine was practised, oldest first."""
        ...

    # ------------------------------------------------------------------ per-day figures

    def sessions_by_day(self, first: date, last: date) -> dict[date, int]:
        """Sessions that count (`coach.history.activity`), per local day."""
        ...

    def moderate_seconds_by_day(self, first: date, last: date) -> dict[date, float]: ...

    def strength_days(self, first: date, last: date) -> set[date]: ...

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]: ...

    def water_on(self, day: date) -> int: ...

    def water_since(self, since: datetime) -> int:
        """Millilitres logged from `since` on."""
        ...

    def water_by_day(self, first: date, last: date) -> dict[date, int]: ...

    def reminders_by_day(
        self, first: date, last: date, kind: Literal["sitting", "water"]
    ) -> dict[date, ReminderCounts]: ...

    def max_pain_by_day(self, first: date, last: date) -> dict[date, int]: ...

    def pain_entries(self, first: date, last: date) -> list[PainRow]: ...

    def session_pain(self, first: date, last: date) -> list[SessionRow]: ...

    # ------------------------------------------------------------------ the weekly PEG

    def peg_entries(self, first: date | None = None, last: date | None = None) -> list[PegRow]:
        """PEG answers of those days (all by default), oldest first."""
        ...

    def peg_offered_on(self) -> date | None:
        """When the window last offered the PEG (None: never)."""
        ...

    # ------------------------------------------------------------------ undo

    def last_entries(self) -> dict[UndoKind, Entry]:
        """The last entry of each kind (session, activity, water, pain) there is one of."""
        ...

    # ------------------------------------------------------------------ settings

    def safety_acknowledged_at(self) -> datetime | None: ...


@runtime_checkable
class JournalWriter(Protocol):
    """Writes: a session step by step, reminders and their answers, water, pain, activity
    logged outside coach, time away, the weekly PEG; undoing the last entry of a kind."""

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        kind: str,
        planned_seconds: float,
        started_at: datetime,
        *,
        tags: Iterable[str] = (),
        planned_work_seconds: float | None = None,
    ) -> int: ...

    def record_step(
        self,
        session_id: int,
        step_index: int,
        name: str,
        status: Literal["done", "skipped"],
        active_seconds: float,
        ended_at: datetime,
        dose: str = "",
        *,
        exercise: str = "",
        planned_seconds: float | None = None,
        work_seconds: float | None = None,
    ) -> None: ...

    def finish_session(
        self,
        session_id: int,
        *,
        ended_at: datetime,
        status: Literal["completed", "quit"],
        active_seconds: float,
        pain_before: int | None,
        pain_after: int | None,
    ) -> None: ...

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        """A reminder that fired ("sitting" or "water") with its first answer; returns its id."""
        ...

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None: ...

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None: ...

    def log_pain(
        self,
        level: int,
        at: datetime,
        context: Literal["before", "after", "manual"],
        *,
        session_id: int | None = None,
    ) -> None: ...

    def log_activity(self, kind: str, seconds: float, at: datetime, source: str = "cli") -> int:
        """Activity done outside coach (`coach.history.activity.LOGGED_KINDS`)."""
        ...

    def log_peg(self, answers: Sequence[int], at: datetime, source: str = "cli") -> int:
        """The week's PEG answers (`coach.safety.PEG_QUESTIONS`, 0-10 each)."""
        ...

    def offer_peg(self, day: date) -> None:
        """Remember the day the window offered the PEG."""
        ...

    def log_away(self, start: datetime, end: datetime) -> None:
        """Time away from the computer that made a break (`break_length` or more)."""
        ...

    def remove_entry(self, entry: Entry) -> None:
        """Delete an entry `last_entries` gave (a session with its steps and check-ins)."""
        ...

    def correct_entry(self, entry: Entry, value: float) -> Entry:
        """Change its amount: ml of water, a pain level, seconds of activity."""
        ...

    def acknowledge_safety(self, at: datetime) -> None: ...


@runtime_checkable
class ReadWriteJournal(JournalReader, JournalWriter, Protocol):
    """Both: what the coach window is given."""

"""One reminder kind's live state (`Track`), and the `Reminder` a firing produces.

A Track is the timer of one kind (sitting, water): when it started, when it is
due, the snoozes in a row, a deferral for a meeting, a natural break going on,
and the last reminder with whether it was answered. Its methods apply the rules
of `coach.reminders.schedule.Plan`; nothing here reads a clock, runs a job or
writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from coach.durations import format_duration
from coach.reminders.schedule import Plan, can_snooze
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

# A job that runs this much before its due time is on time (scheduling jitter).
DUE_TOLERANCE = timedelta(seconds=1)


@dataclass(frozen=True)
class Action:
    """A button or key that answers a reminder."""

    answer: ReminderAnswer  # one of vocabulary.USER_ANSWERS
    label: str


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    title: str
    body: str
    due_at: datetime  # when it was first due (before any deferral)
    fired_at: datetime
    routine_id: str | None  # the break routine, for sitting reminders
    snoozes_in_a_row: int
    can_snooze: bool
    snooze_seconds: float
    record_id: int | None = None  # its journal row

    @property
    def brief(self) -> bool:
        """Shown for a moment and answered by nobody (the eye break)."""
        return self.kind is ReminderKind.EYES

    @property
    def actions(self) -> tuple[Action, ...]:
        if self.brief:
            return ()
        start = "Start break" if self.kind is ReminderKind.SITTING else "Drank a glass"
        actions = [Action(ReminderAnswer.STARTED, start)]
        if self.can_snooze:
            snooze = f"Snooze {format_duration(self.snooze_seconds)}"
            actions.append(Action(ReminderAnswer.SNOOZED, snooze))
        actions.append(Action(ReminderAnswer.SKIPPED, "Skip"))
        return tuple(actions)


@dataclass
class Track:
    """The live state of one reminder kind."""

    kind: ReminderKind
    anchor: datetime  # the timer started here (last break, last drink, last reminder)
    due_at: datetime | None = None
    snoozes: int = 0  # in a row
    after_snooze: bool = False  # the next firing is a snoozed reminder coming back
    waiting_since: datetime | None = None  # deferred (meeting): first due time
    waiting_reason: str = ""
    on_break: bool = False  # idle long enough: a natural break is going on
    away_since: datetime | None = None  # when that break began (the last input before it)
    last: Reminder | None = None
    last_answered: bool = True
    episode_start: datetime | None = None  # when the sitting spell of the last reminder began

    def restart(self, anchor: datetime, plan: Plan, *, not_before: datetime | None = None) -> None:
        """The timer starts at `anchor`: due one cadence later, inside the working window."""
        self.anchor = anchor.astimezone(UTC)
        self.after_snooze = False
        self.waiting_since, self.waiting_reason = None, ""
        self.move_to(plan.next_due(self.kind, self.anchor, not_before=not_before))

    def going_away(self, since: datetime) -> bool:
        """Idle long enough to count as a break since `since`; True the first time seen."""
        if self.on_break:
            return False
        self.on_break, self.away_since = True, since.astimezone(UTC)
        return True

    def move_to(self, due: datetime | None) -> None:
        self.due_at = due.astimezone(UTC) if due is not None else None

    def is_due(self, now: datetime) -> bool:
        return self.due_at is not None and now >= self.due_at - DUE_TOLERANCE

    def snooze(self, now: datetime, plan: Plan) -> None:
        """Snoozed: back after the snooze, or a fresh timer when the working day ends first."""
        self.snoozes += 1
        until = plan.snooze_until(now)
        if until is None:
            self.restart(now, plan)
        else:
            self.after_snooze = True
            self.move_to(until)

    def defer(self, reason: str) -> bool:
        """Waiting for a meeting to end; True when this is the first deferral of this reminder."""
        first = self.waiting_since is None
        if first:
            self.waiting_since = self.due_at
        self.waiting_reason = reason
        return first

    def begin_firing(self, due: datetime, plan: Plan) -> datetime:
        """A reminder due at `due` fires: returns when the sitting spell it is about began.

        A fresh reminder starts a new count of snoozes, and its spell began one
        interval before it was due (or at the last break, if later); a snoozed one
        coming back keeps both.
        """
        if not self.after_snooze:
            self.snoozes = 0
            span = timedelta(seconds=plan.spell_seconds(self.kind))
            self.episode_start = max(self.anchor, due - span)
        return self.episode_start or self.anchor

    def can_snooze(self, plan: Plan) -> bool:
        return can_snooze(self.snoozes, plan.config.max_snoozes)

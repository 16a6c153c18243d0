"""The journal's rows as Python values, and the small conversions between them and SQL.

Every moment is stored as UTC epoch seconds plus the UTC offset it was lived in;
`aware()` gives it back as the wall clock showed it. No Textual here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

from coach.history import activity

SessionStatus = Literal["running", "completed", "quit", "interrupted"]
StepStatus = Literal["done", "skipped"]
PainContext = Literal["before", "after", "manual"]
ReminderKind = Literal["sitting", "water"]
ReminderAnswer = Literal["started", "snoozed", "skipped", "deferred", "ignored", "pending"]


@dataclass(frozen=True)
class SessionRow:
    id: int
    routine_id: str
    routine_name: str
    kind: str
    tags: tuple[str, ...]
    day: date
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    planned_seconds: float
    active_seconds: float
    steps_done: int
    steps_skipped: int
    pain_before: int | None
    pain_after: int | None
    # What it did (coach.history.activity): work planned and done, walking in it.
    planned_work_seconds: float = 0.0
    work_seconds: float = 0.0
    moderate_seconds: float = 0.0

    @property
    def counts(self) -> bool:
        """A session at all (some real work done): shown and counted."""
        return activity.counts(self.work_seconds, self.planned_work_seconds)

    @property
    def mostly_done(self) -> bool:
        return activity.mostly_done(self.work_seconds, self.planned_work_seconds)

    @property
    def outcome(self) -> activity.Outcome:
        """completed, partly done, quit, interrupted, in progress, or no work."""
        return activity.outcome(self.status, self.work_seconds, self.planned_work_seconds)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["day"] = self.day.isoformat()
        data["started_at"] = self.started_at.isoformat(timespec="seconds")
        data["ended_at"] = self.ended_at.isoformat(timespec="seconds") if self.ended_at else None
        for name in (
            "planned_seconds",
            "active_seconds",
            "planned_work_seconds",
            "work_seconds",
            "moderate_seconds",
        ):
            data[name] = round(data[name], 1)
        data["outcome"] = self.outcome
        return data


@dataclass(frozen=True)
class PainRow:
    at: datetime
    day: date
    level: int
    context: PainContext
    session_id: int | None


@dataclass(frozen=True)
class PegRow:
    """One week's PEG answers (`coach.safety.peg`): pain, enjoyment, activity, 0-10 each."""

    at: datetime
    day: date
    answers: tuple[int, int, int]

    @property
    def score(self) -> float:
        from coach.safety.peg import peg_score

        return peg_score(self.answers)

    def to_dict(self) -> dict[str, Any]:
        from coach.safety.peg import PEG_QUESTIONS

        data: dict[str, Any] = {"day": self.day.isoformat()}
        data.update(zip((q.id for q in PEG_QUESTIONS), self.answers, strict=True))
        data["score"] = self.score
        return data


@dataclass(frozen=True)
class ReminderCounts:
    """One day's reminders of one kind.

    `offered` counts reminders the user saw: not the ones coach held back
    (deferred), and a snoozed one only once (it comes back as a new reminder).
    """

    offered: int = 0
    taken: int = 0  # drank; or took the break (coach.history.activity: a break taken)
    skipped: int = 0
    ignored: int = 0


# ----------------------------------------------------------------------------- SQL <-> rows

SESSION_COLUMNS = (
    "id, routine_id, routine_name, kind, tags, day, started_ts, started_offset, ended_ts,"
    " ended_offset, status, planned_seconds, active_seconds, steps_done, steps_skipped,"
    " pain_before, pain_after, planned_work_seconds, work_seconds, moderate_seconds"
)


def session_row(row: tuple[Any, ...]) -> SessionRow:
    (
        session_id,
        routine_id,
        routine_name,
        kind,
        tags,
        day,
        started_ts,
        started_offset,
        ended_ts,
        ended_offset,
        status,
        planned,
        active,
        done,
        skipped,
        before,
        after,
        planned_work,
        work,
        moderate,
    ) = row
    return SessionRow(
        id=session_id,
        routine_id=routine_id,
        routine_name=routine_name,
        kind=kind,
        tags=tuple(tags.split()),
        day=date.fromisoformat(day),
        started_at=aware(started_ts, started_offset),
        ended_at=aware(ended_ts, ended_offset) if ended_ts is not None else None,
        status=status,
        planned_seconds=float(planned),
        active_seconds=float(active),
        steps_done=int(done),
        steps_skipped=int(skipped),
        pain_before=before,
        pain_after=after,
        planned_work_seconds=float(planned_work),
        work_seconds=float(work),
        moderate_seconds=float(moderate),
    )


def aware(ts: float, offset: int | None) -> datetime:
    """The moment as the wall clock showed it where it happened."""
    return datetime.fromtimestamp(ts, timezone(timedelta(seconds=offset or 0)))


def check_pain(level: int) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 10:
        raise ValueError(f"pain is a whole number from 0 to 10, got {level!r}")

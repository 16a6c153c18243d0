"""The reminder service's jobs on an APScheduler 3 `AsyncIOScheduler`.

APScheduler is the alarm clock; the service's own state says when each reminder
is due. Each kind is one job (`coach-reminder-sitting`, `coach-reminder-water`)
whose trigger follows that state and, between updates, the configured cadence.
Two helper jobs: `coach-watch` (config file, suspend, the other coach process;
the window's only: the daemon is woken by `coach.reminders.wakeups` instead) and
`coach-idle` (natural breaks, only with an idle source), which runs only in the
minutes before the sitting reminder is due (`NearDueTrigger`): outside working
hours nothing wakes the daemon at all.

Every job is a coroutine run on the event loop (the daemon's, or Textual's in
the window), so the service's state is only ever touched on the loop's thread.

Jobs use coalesce=True and misfire_grace_time=None: after a suspend the runs
missed while asleep collapse into ONE late run, and that run (not APScheduler)
decides what lateness means: it sees the suspend and restarts the timers
instead of reminding. Never a burst, never a reminder the moment the lid opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from apscheduler.jobstores.base import JobLookupError
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from coach.reminders.vocabulary import ReminderKind

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

WATCH_JOB = "coach-watch"
IDLE_JOB = "coach-idle"

# coalesce: missed runs collapse into one. misfire_grace_time None: that one run
# still happens however late, so the service (not APScheduler) decides what a
# late run means: after a suspend it restarts the timers instead of reminding.
JOB_OPTIONS: dict[str, Any] = {
    "coalesce": True,
    "misfire_grace_time": None,
    "max_instances": 1,
    "replace_existing": True,
}


def reminder_job_id(kind: ReminderKind) -> str:
    return f"coach-reminder-{kind}"


class Timetable(Protocol):
    """What a reminder job's trigger asks the service."""

    def due_at(self, kind: ReminderKind) -> datetime | None: ...

    def cadence_after(self, kind: ReminderKind, previous: datetime) -> datetime | None: ...


class FollowTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints
    """Fires when the service says its reminder is due; otherwise at the cadence's times.

    The cadence part is what APScheduler walks through to list the runs missed
    during a suspend (coalesce then keeps one).
    """

    __slots__ = ("_kind", "_timetable")

    def __init__(self, timetable: Timetable, kind: ReminderKind) -> None:
        self._timetable = timetable
        self._kind = kind

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        due = self._timetable.due_at(self._kind)
        if previous_fire_time is None or (due is not None and due > previous_fire_time):
            return due
        return self._timetable.cadence_after(self._kind, previous_fire_time)

    def __str__(self) -> str:
        return f"coach {self._kind} reminder"


class NearDueTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints
    """Every `period` seconds from `lead` seconds before the kind's due time until it is due.

    After that it stops (APScheduler removes the job); the service adds it again for
    the next due time (`ReminderJobs.near_due`).
    """

    __slots__ = ("_kind", "_lead", "_period", "_timetable")

    def __init__(self, timetable: Timetable, kind: ReminderKind, lead: float, period: float):
        self._timetable = timetable
        self._kind = kind
        self._lead = timedelta(seconds=lead)
        self._period = timedelta(seconds=period)

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        due = self._timetable.due_at(self._kind)
        if due is None:
            return None
        start = due - self._lead
        if previous_fire_time is None:
            return max(start, now)
        following = max(previous_fire_time + self._period, start)
        return following if following < due else None

    def __str__(self) -> str:
        return f"coach: before the {self._kind} reminder"


class ReminderJobs:
    """Adds, moves and removes the service's jobs on its scheduler.

    `run(kind)` is the reminder job (`coach.reminders.firing.ReminderJob`).
    """

    def __init__(
        self, scheduler: AsyncIOScheduler, run: Callable[[ReminderKind], Awaitable[object]]
    ) -> None:
        self.scheduler = scheduler
        self._run = run
        # The idle check before the sitting reminder (`idle_checks`), when there is one.
        self._idle: tuple[Callable[[], Awaitable[object]], float, float] | None = None

    def idle_checks(self, run: Callable[[], Awaitable[object]], lead: float, period: float) -> None:
        """Run `run()` every `period` seconds in the `lead` seconds before a sitting reminder."""
        self._idle = (run, lead, period)

    def follow(self, kind: ReminderKind, due: datetime | None, timetable: Timetable) -> None:
        """The kind's job runs at `due`, then as `timetable` says (added if new, moved if
        not); None: no job."""
        job_id = reminder_job_id(kind)
        if kind is ReminderKind.SITTING and self._idle is not None:
            run, lead, period = self._idle
            trigger = NearDueTrigger(timetable, kind, lead, period)
            first = due - timedelta(seconds=lead) if due is not None else None
            self.near_due(IDLE_JOB, trigger, first, run, "coach: natural-break check")
        if due is None:
            self.remove(job_id)
        elif self.scheduler.get_job(job_id) is None:
            self.scheduler.add_job(
                self._run,
                FollowTrigger(timetable, kind),
                args=(kind,),
                id=job_id,
                name=f"coach: {kind} reminder",
                next_run_time=due,
                **JOB_OPTIONS,
            )
        else:
            self.scheduler.modify_job(job_id, next_run_time=due)

    def near_due(
        self,
        job_id: str,
        trigger: NearDueTrigger,
        first: datetime | None,
        run: Callable[[], Awaitable[object]],
        name: str,
    ) -> None:
        """A helper job running only in the minutes before a reminder, from `first` (added,
        or moved there; removed when None)."""
        if first is None:
            self.remove(job_id)
        elif self.scheduler.get_job(job_id) is None:
            self.scheduler.add_job(
                run, trigger, id=job_id, name=name, next_run_time=first, **JOB_OPTIONS
            )
        else:
            self.scheduler.modify_job(job_id, next_run_time=first)

    def every(
        self, job_id: str, seconds: float, run: Callable[[], Awaitable[object]], name: str
    ) -> None:
        """A helper job: `run()` every `seconds`, on the loop."""
        self.scheduler.add_job(
            run, IntervalTrigger(seconds=seconds), id=job_id, name=name, **JOB_OPTIONS
        )

    def remove(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    @staticmethod
    def ids() -> list[str]:
        return [*(reminder_job_id(kind) for kind in ReminderKind), WATCH_JOB, IDLE_JOB]

    def remove_all(self) -> None:
        for job_id in self.ids():
            self.remove(job_id)

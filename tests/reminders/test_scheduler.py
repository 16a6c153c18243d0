"""The service on real APScheduler schedulers: a suspend gives one run, never a burst.

APScheduler reads the real clock, so these tests put the service's fake clock
at the real "now" and move due times into the past instead of sleeping.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders import jobs
from coach.reminders.service import ReminderService, ServiceOptions
from coach.reminders.track import Reminder
from coach.reminders.vocabulary import ReminderKind

ANYTIME = Config(anytime=True, water_enabled=False)
SITTING_JOB = "coach-reminder-sitting"
QUIET = ServiceOptions(busy_check=None, watch_seconds=None)


async def run_after_suspend(
    monkeypatch: pytest.MonkeyPatch, *, coalesce: bool
) -> tuple[int, list[Reminder], ReminderService, FakeClock]:
    """Start 3.5 h ago (fake), sleep through three due times, wake the scheduler.

    Returns how many times APScheduler ran the job, and the reminders shown.
    """
    monkeypatch.setitem(jobs.JOB_OPTIONS, "coalesce", coalesce)
    real_now = datetime.now(UTC)
    clock = FakeClock(real_now - timedelta(hours=3, minutes=30))
    shown: list[Reminder] = []
    scheduler = AsyncIOScheduler(timezone=UTC)
    service = ReminderService(scheduler, clock, ANYTIME, on_reminder=shown.append, options=QUIET)
    service.start()  # sitting due 2.5 h ago, in real time
    clock.jump_wall(3 * 3600 + 30 * 60)  # the suspend: the wall clock moved, monotonic did not
    runs: list[JobExecutionEvent] = []
    done = asyncio.Event()

    def count(event: JobExecutionEvent) -> None:
        if event.job_id == SITTING_JOB:
            runs.append(event)
            done.set()

    scheduler.add_listener(count, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    scheduler.start()  # like the process waking up: everything missed is due now
    await asyncio.wait_for(done.wait(), 5)
    await asyncio.sleep(0.05)  # any further run (a burst) would be submitted by now
    scheduler.shutdown(wait=False)
    return len(runs), shown, service, clock


async def test_after_a_suspend_the_missed_runs_collapse_into_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs, shown, service, clock = await run_after_suspend(monkeypatch, coalesce=True)
    assert runs == 1
    assert shown == []  # and that one run sees the suspend: no reminder as the lid opens
    due = service.due_at(ReminderKind.SITTING)
    assert due == clock.now() + timedelta(hours=1)  # the sitting timer restarted at resume
    clock.advance(3600)
    assert await service.run_due(ReminderKind.SITTING) is not None
    clock.advance(60)
    assert await service.run_due(ReminderKind.SITTING) is None  # one reminder, then quiet


async def test_without_coalesce_apscheduler_would_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the setting prevents: three missed hours, three runs back to back.
    runs, shown, _, _ = await run_after_suspend(monkeypatch, coalesce=False)
    assert runs == 3
    assert shown == []  # the service still refuses to remind in a burst


def test_a_late_run_is_not_dropped_by_a_grace_time() -> None:
    # With APScheduler's default grace (1 s) the late run would be skipped as "missed",
    # and the service would never get to restart the timer from the resume.
    assert jobs.JOB_OPTIONS["misfire_grace_time"] is None
    assert jobs.JOB_OPTIONS["coalesce"] is True


async def test_on_an_asyncio_scheduler_reminders_arrive_on_the_loop_thread() -> None:
    clock = FakeClock(datetime.now(UTC))
    loop_thread = threading.get_ident()
    arrived: asyncio.Queue[tuple[Reminder, int]] = asyncio.Queue()
    scheduler = AsyncIOScheduler(timezone=UTC)
    service = ReminderService(
        scheduler,
        clock,
        ANYTIME,
        on_reminder=lambda reminder: arrived.put_nowait((reminder, threading.get_ident())),
        # a probe: runs in a worker thread
        options=ServiceOptions(busy_check=lambda config: None, watch_seconds=None),
    )
    scheduler.start()
    service.start()
    job = scheduler.get_job(SITTING_JOB)
    assert job is not None and asyncio.iscoroutinefunction(job.func)
    clock.advance(3600)  # the service's hour has passed...
    scheduler.modify_job(SITTING_JOB, next_run_time=datetime.now(UTC))  # ...and the alarm rings
    reminder, thread = await asyncio.wait_for(arrived.get(), 5)
    assert reminder.kind is ReminderKind.SITTING
    assert thread == loop_thread
    next_run = scheduler.get_job(SITTING_JOB).next_run_time
    assert next_run == service.due_at(ReminderKind.SITTING)
    service.stop()
    scheduler.shutdown(wait=False)


def test_the_idle_check_runs_only_in_the_minutes_before_the_break() -> None:
    """Issue 17: no idle probe wakes the daemon between reminders, nor outside working hours."""
    import itertools
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from coach.clock import FakeClock
    from coach.config import Config
    from tests.reminders.conftest import FakeIdle, Harness

    berlin = ZoneInfo("Europe/Berlin")
    saturday = datetime(2026, 1, 10, 11, 0, tzinfo=berlin)
    harness = Harness(FakeClock(saturday), Config(timezone="Europe/Berlin"), idle=FakeIdle())
    harness.service.start()
    job = harness.scheduler.get_job("coach-idle")
    monday_945 = datetime(2026, 1, 12, 9, 45, tzinfo=berlin)
    assert job.next_run_time == monday_945  # the sitting break is due Monday 10:00
    trigger = job.trigger
    runs = [monday_945]
    while (following := trigger.get_next_fire_time(runs[-1], runs[-1])) is not None:
        runs.append(following)
    assert runs[-1] == datetime(2026, 1, 12, 9, 59, tzinfo=berlin)
    assert all(b - a == timedelta(minutes=2) for a, b in itertools.pairwise(runs))

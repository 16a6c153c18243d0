"""Fakes and factories for the reminder tests: a journal, an idle source, a service."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeJournal as SharedFakeJournal
from scheduler_helpers import close_paused, paused_scheduler

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.handover import HandOver
from coach.reminders.service import ReminderService, ServiceOptions
from coach.reminders.track import Reminder
from coach.reminders.vocabulary import ReminderKind

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 5 January 2026, 09:00 in Berlin: a working day, in winter time.
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN)


class FakeJournal(SharedFakeJournal):
    """The shared fake (`coach.history.ports.ReadWriteJournal`), answering what the
    reminders ask: reminder rows by id, the last session's end, today's water, the days
    practised and those each routine was done, and a `data_version` tests move."""

    def __init__(self) -> None:
        super().__init__()
        self.reminders: dict[int, dict[str, Any]] = {}  # type: ignore[assignment]
        self.session_end: datetime | None = None
        self.water_today = 0
        self.version = 1  # bump it to say "another process wrote"
        self.days: list[date] = []
        self.done: dict[str, list[date]] = {}  # routine id -> days done, oldest first

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        row = len(self.reminders) + 1
        self.reminders[row] = {
            "kind": kind,
            "due_at": due_at,
            "fired_at": fired_at,
            "answer": answer,
        }
        return row

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None:
        self.reminders[reminder_id]["answer"] = answer

    def last_session_end(self) -> datetime | None:
        return self.session_end

    def water_on(self, day: date) -> int:
        return self.water_today

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None:
        self.water.append((ml, at, source))

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]:
        return [
            day
            for day in self.days
            if (first is None or day >= first) and (last is None or day <= last)
        ]

    def routine_days(self, routine_id: str, last: date) -> list[date]:
        return [day for day in self.done.get(routine_id, []) if day <= last]

    def data_version(self) -> int:
        return self.version

    def answers(self, kind: str = "sitting") -> list[str]:
        return [row["answer"] for row in self.reminders.values() if row["kind"] == kind]


class FakeIdle:
    name = "fake idle"

    def __init__(self, seconds: float | None = 0.0) -> None:
        self.seconds = seconds

    def idle_seconds(self) -> float | None:
        return self.seconds


class Harness:
    """A ReminderService on a real scheduler started paused: tests run the jobs by hand.

    Paused, the scheduler keeps real job stores (so `replace_existing` really
    replaces) but never runs a job on its own; `run_due` runs the reminder job on
    the harness's own event loop, as APScheduler would on the daemon's.
    """

    live: ClassVar[list[Harness]] = []

    def __init__(
        self,
        clock: FakeClock,
        config: Config,
        *,
        journal: FakeJournal | None = None,
        idle: FakeIdle | None = None,
        busy: Callable[[Config], str | None] | None = None,
        suppress: Callable[[], bool] | None = None,
        state_path: Path | None = None,
        config_path: Path | None = None,
        pause_path: Path | None = None,
        writer: str = "tui",
        pid: int | None = None,
    ) -> None:
        self.clock = clock
        self.shown: list[Reminder] = []
        self.events: list[str] = []
        self.config_errors: list[Any] = []
        self.loop = asyncio.new_event_loop()
        self.scheduler = paused_scheduler(self.loop)
        Harness.live.append(self)
        self.journal = journal
        self.service = ReminderService(
            self.scheduler,
            clock,
            config,
            on_reminder=self.shown.append,
            options=self.options(
                journal=journal,
                idle_source=idle,
                busy_check=busy,
                handover=HandOver(writer, state_path, suppress, pid=pid),
                config_path=config_path,
                pause_path=pause_path,
            ),
        )

    def options(self, **fields: Any) -> ServiceOptions:
        """Options that report to this harness (events, config errors), plus `fields`."""
        return ServiceOptions(
            on_event=self.events.append, on_config_error=self.config_errors.append, **fields
        )

    def run_due(self, kind: str = "sitting") -> Reminder | None:
        """Run the reminder job now (the clock as it is)."""
        return self.loop.run_until_complete(self.service.run_due(ReminderKind(kind)))

    def due(self, kind: str = "sitting") -> datetime | None:
        due = self.service.due_at(ReminderKind(kind))
        return due.astimezone(BERLIN) if due else None

    def job_time(self, kind: str = "sitting") -> datetime | None:
        job = self.scheduler.get_job(f"coach-reminder-{kind}")
        return job.next_run_time.astimezone(BERLIN) if job and job.next_run_time else None

    def run_at(self, kind: str = "sitting") -> Reminder | None:
        """Move the fake clock to the job's due time and run the job, as APScheduler would."""
        due = self.due(kind)
        assert due is not None
        now = self.clock.now()
        if due > now:
            self.clock.advance((due - now).total_seconds())
        return self.run_due(kind)


@pytest.fixture(autouse=True)
def _stop_schedulers() -> Iterator[None]:
    yield
    while Harness.live:
        harness = Harness.live.pop()
        close_paused(harness.scheduler, harness.loop)


@pytest.fixture
def berlin_clock() -> FakeClock:
    return FakeClock(MONDAY_9)


@pytest.fixture
def berlin_config() -> Config:
    return Config(timezone="Europe/Berlin", water_enabled=False)


def write_script(folder: Path, name: str, body: str) -> Path:
    """An executable shell script standing in for a system program."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on PATH for fake programs (pactl, loginctl, notify-send)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return folder

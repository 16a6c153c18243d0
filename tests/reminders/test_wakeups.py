"""The daemon sleeps (issue 17): woken by file changes, logind's sleep signal and clock
changes, never by a polling timer.

No `from __future__ import annotations` here: dbus-fast reads the D-Bus signatures of
the fake logind from the annotations.
"""

import asyncio
import errno
import io
import os
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import pytest
from dbus_fast.annotations import DBusSignature
from desktop_helpers import wait_until

from coach import paths
from coach.clock import FakeClock
from coach.config import Config
from coach.reminders import wakeups
from coach.reminders.daemon import EventLog, _wake_on_changes
from coach.reminders.handover import HandOver
from coach.reminders.pause import write_pause
from coach.reminders.service import ReminderService, ServiceOptions
from coach.reminders.vocabulary import ReminderKind
from coach.reminders.wakeups import ClockChange, FolderWatch, SleepSignal
from tests.reminders.conftest import BERLIN
from tests.reminders.test_notify import session_bus  # noqa: F401 - a fixture

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed"
)
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN)


class Side:
    """A service as the daemon builds it (no watch job), on the test's running loop."""

    def __init__(self, config_path: Path | None = None) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.clock = FakeClock(MONDAY_9)
        self.events: list[str] = []
        self.scheduler = AsyncIOScheduler(timezone="UTC", event_loop=asyncio.get_running_loop())
        self.scheduler.start(paused=True)
        self.service = ReminderService(
            self.scheduler,
            self.clock,
            Config(timezone="Europe/Berlin", water_enabled=False),
            on_reminder=lambda reminder: None,
            options=ServiceOptions(
                busy_check=None,
                watch_seconds=None,  # the daemon's way
                handover=HandOver("daemon", None, lambda: False),
                config_path=config_path,
                pause_path=paths.state_dir() / "pause.json",
                on_event=self.events.append,
            ),
        )
        self.service.start()

    def due(self) -> datetime | None:
        due = self.service.due_at(ReminderKind.SITTING)
        return due.astimezone(BERLIN) if due else None

    def close(self) -> None:
        self.service.stop()
        self.scheduler.shutdown(wait=False)


@pytest.fixture
async def side() -> AsyncIterator[Side]:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("work:\n  timezone: Europe/Berlin\nwater:\n  enabled: false\n")
    made = Side(config)
    yield made
    made.close()


# ---------------------------------------------------------------------- logind


def make_logind() -> Any:
    from dbus_fast.service import ServiceInterface, dbus_signal

    class Manager(ServiceInterface):
        def __init__(self) -> None:
            super().__init__("org.freedesktop.login1.Manager")

        @dbus_signal()
        def PrepareForSleep(self, start: bool) -> Annotated[bool, DBusSignature("b")]:
            return start

    return Manager()


@needs_dbus
async def test_prepare_for_sleep_skips_the_reminders_missed_while_asleep(
    session_bus: str,  # noqa: F811 - the fixture
) -> None:
    """logind says the machine sleeps, then wakes three hours later: every timer restarts
    at once, as the monotonic-vs-wall check would make it at the next job."""
    from dbus_fast.aio import MessageBus

    logind_bus = await MessageBus(bus_address=session_bus).connect()
    manager = make_logind()
    logind_bus.export("/org/freedesktop/login1", manager)
    await logind_bus.request_name("org.freedesktop.login1")
    side = Side()
    sleep = SleepSignal(session_bus, side.service.resumed)  # the session bus plays the system's
    try:
        assert await sleep.start()
        assert side.due() == datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN)
        manager.PrepareForSleep(True)
        side.clock.jump_wall(3 * 3600)  # asleep until 12:00: the 10:00 and 11:00 breaks missed
        manager.PrepareForSleep(False)
        await wait_until(lambda: side.due() is not None and side.due().hour == 13, "the resume")
        assert side.due() == datetime(2026, 1, 5, 13, 0, tzinfo=BERLIN)  # an hour from waking
        assert "resumed from sleep: timers restart" in side.events
        # The late run of the old job finds nothing due and, the clock check reset by the
        # signal, no second restart.
        assert await side.service.run_due(ReminderKind.SITTING) is None
        assert sum("restart" in event for event in side.events) == 1
    finally:
        sleep.close()
        logind_bus.disconnect()
        side.close()


async def test_without_a_system_bus_the_sleep_signal_says_no() -> None:
    sleep = SleepSignal("unix:path=/nonexistent/bus", lambda: None)
    assert await sleep.start() is False
    assert wakeups.system_bus_address({"DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/x"}) == (
        "unix:path=/x"
    )


# ---------------------------------------------------------------------- files


async def test_a_config_edit_is_picked_up_within_2_s_with_no_polling_timer(
    side: Side,
) -> None:
    loop = asyncio.get_running_loop()
    log = EventLog(io.StringIO(), side.clock)
    wakes = await _wake_on_changes(loop, side.service, FolderWatch(loop), log, paths.config_file())
    try:
        assert "file changes (inotify)" in wakes.describe()
        jobs = {job.id for job in side.scheduler.get_jobs()}
        assert jobs == {"coach-reminder-sitting"}  # no watch job, no interval at all
        paths.config_file().write_text(
            "work:\n  timezone: Europe/Berlin\nwater:\n  enabled: false\nsitting:\n  every: 45m\n"
        )
        await wait_until(
            lambda: side.service.config.sitting_interval == 45 * 60, "the reload", timeout=2.0
        )
        assert side.due() == datetime(2026, 1, 5, 9, 45, tzinfo=BERLIN)
        write_pause(datetime(2026, 1, 5, 11, 0, tzinfo=BERLIN))  # `coach pause until 11:00`
        await wait_until(lambda: side.service.paused_until is not None, "the pause", 2.0)
        assert side.due() == datetime(2026, 1, 5, 11, 45, tzinfo=BERLIN)
    finally:
        wakes.close()


async def test_a_burst_of_writes_is_one_call(tmp_path: Path) -> None:
    calls: list[int] = []
    watch = FolderWatch(asyncio.get_running_loop(), settle=0.05)
    try:
        assert watch.on(tmp_path, "config.yaml", lambda: calls.append(1))
        assert not watch.on(tmp_path / "missing", None, lambda: None)
        for text in ("a", "b", "c"):  # an editor: write, rename, touch…
            (tmp_path / "config.yaml.tmp").write_text(text)
            os.replace(tmp_path / "config.yaml.tmp", tmp_path / "config.yaml")
        (tmp_path / "other.txt").write_text("not watched")
        await wait_until(lambda: calls, "the call", 2.0)
        await asyncio.sleep(0.2)  # room for a second call, which must not come
        assert calls == [1]
    finally:
        watch.close()


# ---------------------------------------------------------------------- the clock


async def test_a_clock_change_runs_the_monotonic_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel cancels the timer when the clock is set or the machine resumes (it
    cannot be done from a test: the cancellation is played by its read)."""
    calls: list[int] = []
    clock = ClockChange(asyncio.get_running_loop(), lambda: calls.append(1))
    try:

        def cancelled(fd: int, size: int) -> bytes:
            raise OSError(errno.ECANCELED, "Operation canceled")

        monkeypatch.setattr(wakeups.os, "read", cancelled)
        clock._readable()
        assert calls == [1]
        assert clock.fd is not None  # armed again for the next change
    finally:
        clock.close()

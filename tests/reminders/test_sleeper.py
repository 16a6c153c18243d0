"""Outside working hours the daemon sleeps as a small process (`coach.reminders.sleeper`).

The rule (`may_sleep`) is a table; the sleeper's waiting is tested in-process on real
inotify and signals, with an `exec_` that records instead of replacing pytest; the whole
round trip (daemon → sleeper → daemon, one pid) runs in test_daemon.py.
"""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach import paths
from coach.reminders.locks import InstanceLock, daemon_lock_path, holder_pid, tui_lock_path
from coach.reminders.pause import pause_file
from coach.reminders.sleeper import (
    LINGER,
    SLEEP_BEFORE,
    WAKE_BEFORE,
    Sleep,
    asleep,
    command,
    daemon_command,
    main,
    may_sleep,
    wait,
)

NOW = datetime(2026, 1, 9, 18, 0, tzinfo=UTC)  # a Friday evening
MONDAY_10 = datetime(2026, 1, 12, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("dues", "last_notice", "quiet", "trying_out", "expected"),
    [
        # The weekend: the first reminder is on Monday; wake ten minutes before it.
        ((MONDAY_10, MONDAY_10 + timedelta(minutes=30)), None, False, False,
         Sleep(MONDAY_10 - WAKE_BEFORE, NOW)),
        # Reminders off (or none planned): only a change can make one due.
        ((None, None, None), None, False, False, Sleep(None, NOW)),
        # Due within the hour: stay awake.
        ((NOW + SLEEP_BEFORE - timedelta(seconds=1),), None, False, False, None),
        ((NOW + SLEEP_BEFORE,), None, False, False, Sleep(NOW + SLEEP_BEFORE - WAKE_BEFORE, NOW)),
        # A notice went out lately: its buttons reach only the daemon.
        ((MONDAY_10,), NOW - LINGER + timedelta(seconds=1), False, False, None),
        ((MONDAY_10,), NOW - LINGER, False, False, Sleep(MONDAY_10 - WAKE_BEFORE, NOW)),
        # The coach window reminds; `--every` / `--anytime` are being tried out.
        ((MONDAY_10,), None, True, False, None),
        ((MONDAY_10,), None, False, True, None),
    ],
)  # fmt: skip
def test_when_the_daemon_may_sleep(dues, last_notice, quiet, trying_out, expected) -> None:
    verdict = may_sleep(NOW, dues, last_notice=last_notice, quiet=quiet, trying_out=trying_out)
    assert verdict == expected


def test_the_command_lines_that_change_one_into_the_other() -> None:
    sleep = command(MONDAY_10 - WAKE_BEFORE, NOW)
    assert sleep[1:] == [
        "-m",
        "coach.reminders.sleeper",
        (MONDAY_10 - WAKE_BEFORE).isoformat(),
        "2026-01-09T18:00:00+00:00",
    ]
    assert command(None, NOW)[3:] == ["-", "2026-01-09T18:00:00+00:00"]
    assert daemon_command()[1:] == ["-m", "coach", "remind"]


def run_wait(change, until: datetime | None = None) -> tuple[bool, str]:
    """`wait(until)`, with `change()` made once it is waiting."""

    async def go() -> tuple[bool, str]:
        asyncio.get_running_loop().call_later(0.05, change)
        return await asyncio.wait_for(wait(until), 10)

    return asyncio.run(go())


FAR = datetime(2099, 1, 1, tzinfo=UTC)


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# changed\n")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda: touch(paths.config_file()), "config.yaml changed"),
        (lambda: touch(pause_file()), "paused or resumed"),
        (lambda: InstanceLock(tui_lock_path()).acquire(), "the coach window opened or closed"),
        (lambda: touch(paths.database_file()), "the history changed"),
        (lambda: os.kill(os.getpid(), signal.SIGHUP), "SIGHUP"),
    ],
)
def test_the_sleeper_wakes_the_daemon_when_something_may_change_the_plan(change, why) -> None:
    assert run_wait(change, FAR) == (True, why)


def test_a_change_made_while_the_daemon_went_to_sleep_wakes_it_at_once() -> None:
    """Between the daemon's last look and the sleeper's watches nobody watched: a file
    changed since the daemon decided wakes it (the history, which the daemon itself
    writes as it stops, does not)."""
    decided = datetime.now(UTC) - timedelta(seconds=1)
    touch(paths.database_file())

    async def go(since: datetime) -> tuple[bool, str]:
        return await asyncio.wait_for(wait(FAR, since), 0.5)

    with pytest.raises(TimeoutError):
        asyncio.run(go(decided))
    touch(paths.config_file())
    assert asyncio.run(go(decided)) == (True, "config.yaml changed")


def test_it_wakes_the_daemon_before_the_next_reminder() -> None:
    soon = datetime.now(UTC) + timedelta(milliseconds=100)
    assert run_wait(lambda: None, soon) == (True, "the next reminder is near")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_end_it(signum: signal.Signals) -> None:
    assert run_wait(lambda: os.kill(os.getpid(), signum), FAR) == (False, signum.name)


def test_it_holds_the_daemons_lock_and_starts_the_daemon_again(monkeypatch) -> None:
    import coach.reminders.sleeper as sleeper

    held: list[int | None] = []
    started: list[list[str]] = []

    async def woken(until: datetime | None, since: datetime | None) -> tuple[bool, str]:
        held.append(holder_pid(daemon_lock_path()))
        return True, "config.yaml changed"

    monkeypatch.setattr(sleeper, "wait", woken)
    lock = InstanceLock(daemon_lock_path())
    assert lock.acquire()
    lock.hand_over()  # as the daemon does before it becomes the sleeper
    assert main(["-"], exec_=lambda path, argv: started.append(argv)) == 0
    assert held == [os.getpid()]  # `coach status` sees coach remind running all along
    assert started == [daemon_command()]
    # Handed back to the daemon, never let go in between.
    assert holder_pid(daemon_lock_path()) == os.getpid()
    back = InstanceLock.taken_over(daemon_lock_path())
    assert back is not None
    back.release()
    assert holder_pid(daemon_lock_path()) is None


def test_a_second_daemon_that_took_the_lock_meanwhile_wins(monkeypatch) -> None:
    with InstanceLock(daemon_lock_path()):
        assert main(["-"], exec_=lambda path, argv: pytest.fail("started")) == 2


def test_a_daemon_that_cannot_start_again_is_said(monkeypatch, capsys) -> None:
    import coach.reminders.sleeper as sleeper

    async def woken(until: datetime | None, since: datetime | None) -> tuple[bool, str]:
        return True, "SIGHUP"

    def cannot(path: str, argv: list[str]) -> None:
        raise FileNotFoundError(2, "No such file or directory", path)

    monkeypatch.setattr(sleeper, "wait", woken)
    assert main(["-"], exec_=cannot) == 1
    assert "start `coach remind` by hand" in capsys.readouterr().err


def test_a_stop_wins_over_any_reason_to_wake(monkeypatch) -> None:
    """`systemctl stop` while the sleeper starts, and a config edit it must also look at:
    it stops (never starts the daemon again after being told to stop)."""
    import coach.reminders.sleeper as sleeper

    decided = datetime.now(UTC) - timedelta(seconds=1)
    touch(paths.config_file())
    monkeypatch.setattr(sleeper, "_EARLY", [signal.SIGTERM])
    assert asyncio.run(wait(FAR, decided)) == (False, "SIGTERM")


class FakeHandOver:
    def quiet(self) -> bool:
        return False


class FakeService:
    """What the daemon's Bedtime reads: due times and whether the window reminds."""

    def __init__(self, due: datetime) -> None:
        self.due = due
        self.parts = type("Parts", (), {"handover": FakeHandOver()})()

    def due_at(self, kind: object) -> datetime:
        return self.due


def test_the_daemon_goes_to_sleep_unless_told_to_stop() -> None:
    from types import SimpleNamespace

    from coach.clock import FakeClock
    from coach.reminders.daemon import Bedtime

    async def go(stop_first: bool) -> Sleep | None:
        """Sleep when it may; never after SIGTERM, before or after it found it may."""
        stop = asyncio.Event()
        desktop: Any = SimpleNamespace(last_shown=None)
        bedtime = Bedtime(
            asyncio.get_running_loop(), FakeClock(NOW), stop, desktop, trying_out=False
        )
        bedtime.service = FakeService(MONDAY_10)  # type: ignore[assignment]
        bedtime.consider()
        assert bedtime.sleep is None and not stop.is_set()  # not enabled yet: start-up
        bedtime.enabled = True
        if stop_first:
            bedtime.stop_here()  # SIGTERM
        bedtime.consider()
        assert stop.is_set()
        if not stop_first:
            assert bedtime.sleep is not None
            bedtime.stop_here()  # SIGTERM while it stops to go to sleep: it stops for good
            assert bedtime.sleep is None
            bedtime.consider()
        return bedtime.sleep

    assert asyncio.run(go(stop_first=False)) is None
    assert asyncio.run(go(stop_first=True)) is None


def test_after_a_notice_the_daemon_looks_again_once_its_buttons_stop_answering() -> None:
    from types import SimpleNamespace

    from coach.clock import FakeClock
    from coach.reminders.daemon import Bedtime
    from coach.reminders.wakeups import SETTLE_SECONDS

    async def go() -> None:
        loop = asyncio.get_running_loop()
        desktop: Any = SimpleNamespace(last_shown=NOW - LINGER + timedelta(seconds=5))
        bedtime = Bedtime(loop, FakeClock(NOW), asyncio.Event(), desktop, trying_out=False)
        bedtime.look_again()
        assert bedtime._timers == []  # not enabled (start-up, or no way to exec): nothing
        bedtime.enabled = True
        for _ in range(3):  # events keep coming: still one look of each kind pending
            bedtime.look_again()
        settle, linger = (timer.when() - loop.time() for timer in bedtime._timers)
        assert settle == pytest.approx(SETTLE_SECONDS, abs=0.2)
        assert linger == pytest.approx(5 + SETTLE_SECONDS, abs=0.2)
        for timer in bedtime._timers:
            timer.cancel()

    asyncio.run(go())


def test_which_process_is_the_daemon_asleep_and_until_when() -> None:
    """What `coach doctor` says: read from the sleeper's command line (`command`)."""
    import subprocess

    until = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    argv = command(until, NOW)
    sleeping = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while asleep(sleeping.pid) is None:
            assert datetime.now(UTC) < deadline
        assert asleep(sleeping.pid) == Sleep(until, NOW)
    finally:
        sleeping.terminate()
        sleeping.wait(10)
    assert asleep(os.getpid()) is None  # pytest is no sleeper
    assert asleep(2**22 + 1) is None  # no such process

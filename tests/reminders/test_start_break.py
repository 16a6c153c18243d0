""" "Start break" opens the routine (issue 15 item 1), with a real notification server.

dunst runs on Xvfb over a private D-Bus session bus (tests/support/desktop_helpers.py).
The daemon's side (`DesktopReminders`) shows a sitting reminder; the test presses
"Start break" the way a person would (dunst's menu, `dunstctl context`, or a click on
the body, `dunstctl action`), and the terminal command from the config, a script that
records its arguments, must be run with `coach run <routine>`. Inside tmux the button
opens a tmux window instead; with the coach window open, the break starts there.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from desktop_helpers import Desktop, desktop, missing_desktop, wait_until

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.daemon import DesktopReminders, EventLog
from coach.reminders.handover import HandOver
from coach.reminders.locks import break_request_path
from coach.reminders.opener import describe_opener, find_opener
from coach.reminders.service import ReminderService, ServiceOptions
from coach.reminders.vocabulary import ReminderKind
from tests.reminders.conftest import BERLIN, FakeJournal, write_script

MONDAY_10 = datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN)
needs_desktop = pytest.mark.skipif(missing_desktop() is not None, reason=str(missing_desktop()))
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Daemonside:
    """A ReminderService with the daemon's DesktopReminders, on the test's event loop."""

    def __init__(self, config: Config, env: dict[str, str], quiet: bool = False) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.clock = FakeClock(MONDAY_10.replace(hour=9))
        self.log = io.StringIO()
        self.journal = FakeJournal()
        self.scheduler = AsyncIOScheduler(timezone="UTC", event_loop=asyncio.get_running_loop())
        self.scheduler.start(paused=True)
        self.desktop = DesktopReminders(EventLog(self.log, self.clock), env=env)
        handover = HandOver("daemon", None, lambda: quiet, request_path=break_request_path())
        self.service = ReminderService(
            self.scheduler,
            self.clock,
            config,
            on_reminder=self.desktop.show,
            options=ServiceOptions(
                journal=self.journal, busy_check=None, watch_seconds=None, handover=handover
            ),
        )
        self.desktop.service = self.service
        self.service.start()

    async def remind(self) -> None:
        self.clock.advance(3600)  # 10:00: the break is due
        assert await self.service.run_due(ReminderKind.SITTING) is not None

    def close(self) -> None:
        self.desktop.close()
        self.service.stop()
        self.scheduler.shutdown(wait=False)


@pytest.fixture
def real_desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desktop]:
    with desktop(tmp_path / "desktop") as shown:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", shown.bus)
        monkeypatch.setenv("DISPLAY", shown.display)
        monkeypatch.delenv("TMUX", raising=False)
        yield shown


@pytest.fixture
def terminal(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in terminal: it records the command it was asked to run."""
    record = tmp_path / "terminal.args"
    script = write_script(tmp_path / "bin", "my-terminal", f'printf "%s\\n" "$@" > "{record}"')
    return script, record


@pytest.fixture
async def daemonside(
    real_desktop: Desktop, terminal: tuple[Path, Path]
) -> AsyncIterator[Daemonside]:
    script, _ = terminal
    config = Config(timezone="Europe/Berlin", water_enabled=False, terminal=(str(script), "-e"))
    side = Daemonside(config, real_desktop.env())
    yield side
    side.close()


def recorded(record: Path) -> list[str]:
    return record.read_text().splitlines()


@needs_desktop
async def test_start_break_from_dunsts_menu_runs_the_configured_terminal(
    real_desktop: Desktop, daemonside: Daemonside, terminal: tuple[Path, Path]
) -> None:
    _, record = terminal
    await daemonside.remind()
    await real_desktop.wait_displayed()
    await real_desktop.pick("Start break")
    await wait_until(record.exists, "the terminal to be started")
    args = recorded(record)
    assert args[0] == "-e"  # the configured terminal's own arguments come first
    assert args[-2:] == ["run", "desk-break"]  # then `coach run <routine>`
    assert "Start break" in real_desktop.menu_file.read_text()
    assert daemonside.journal.answers() == ["started"]
    assert f"opened: {shutil.which(str(terminal[0]))} -e" in daemonside.log.getvalue()


@needs_desktop
async def test_a_click_on_the_notification_starts_the_break_too(
    real_desktop: Desktop, daemonside: Daemonside, terminal: tuple[Path, Path]
) -> None:
    _, record = terminal
    await daemonside.remind()
    await real_desktop.wait_displayed()
    await real_desktop.click()  # dunst's default action: a click on the body
    await wait_until(record.exists, "the terminal to be started")
    assert recorded(record)[-2:] == ["run", "desk-break"]
    assert daemonside.journal.answers() == ["started"]


@needs_desktop
async def test_snooze_from_dunsts_menu_only_answers(
    real_desktop: Desktop, daemonside: Daemonside, terminal: tuple[Path, Path]
) -> None:
    _, record = terminal
    await daemonside.remind()
    await real_desktop.wait_displayed()
    await real_desktop.pick("Snooze 10m")
    await wait_until(lambda: daemonside.journal.answers() == ["snoozed"], "the snooze")
    assert not record.exists()


@needs_desktop
async def test_with_nothing_to_open_the_notification_says_what_to_type(
    real_desktop: Desktop,
) -> None:
    env = {**real_desktop.env(), "PATH": "/nonexistent"}  # no terminal anywhere
    env.pop("TMUX", None)
    side = Daemonside(Config(timezone="Europe/Berlin", water_enabled=False), env)
    try:
        await side.remind()
        await real_desktop.wait_displayed()
        notice = side.desktop.notice_for(side.desktop._shown[ReminderKind.SITTING])
        assert notice.body.endswith("Type `coach run desk-break` in a terminal.")
        assert notice.actions[0] == ("sitting:started", "Taking it now")
        assert notice.default_action is None
    finally:
        side.close()


# ---------------------------------------------------------------------- tmux


@pytest.fixture
def tmux_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A private tmux server (`tmux -L`), one session "work"; the daemon runs in its pane."""
    label = f"coach-test-{os.getpid()}"
    tmux = ["tmux", "-L", label]
    # The tmux server was started elsewhere: its windows see other folders than the daemon.
    server_env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "elsewhere")}
    server_env.pop("TMUX", None)
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "work", "-x", "100", "-y", "30"],
        check=True,
        env=server_env,
    )
    try:
        socket = subprocess.run(
            [*tmux, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        pane = subprocess.run(
            [*tmux, "display-message", "-p", "-t", "work", "#{pane_id}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        monkeypatch.setenv("TMUX", f"{socket},1,0")  # as inside that pane
        monkeypatch.setenv("TMUX_PANE", pane)
        yield label, socket
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def tmux_windows(label: str) -> list[str]:
    out = subprocess.run(
        ["tmux", "-L", label, "list-windows", "-a", "-F", "#{session_name} #{window_name}"],
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()


@needs_tmux
async def test_inside_tmux_start_break_opens_a_tmux_window_running_the_routine(
    tmux_session: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    label, _ = tmux_session
    assert find_opener((), os.environ) is not None
    assert describe_opener((), os.environ)[0].startswith("a new tmux window")
    record = tmp_path / "ran.args"
    coach = write_script(
        tmp_path / "bin",
        "coach",
        f'printf "%s\\n" "$XDG_DATA_HOME" "$@" > "{record}.tmp"; mv "{record}.tmp" "{record}";'
        " sleep 30",
    )
    side = Daemonside(
        Config(timezone="Europe/Berlin", water_enabled=False), {**os.environ, "DISPLAY": ""}
    )
    try:
        # The command the window runs is this coach's; here a script stands in for it.
        monkeypatch.setattr("coach.reminders.unit.coach_command", lambda: [str(coach)])
        await side.remind()
        side.desktop.pressed("sitting:started")  # the button (no server needed for this)
        await wait_until(record.exists, "the tmux window to run the routine")
        # The routine runs with the daemon's folders (its history, its locks).
        assert record.read_text().splitlines() == [os.environ["XDG_DATA_HOME"], "run", "desk-break"]
        assert "work coach" in tmux_windows(label)  # a new window in the daemon's session
        assert side.journal.answers() == ["started"]
        assert "opened: a new tmux window" in side.log.getvalue()
    finally:
        side.close()


# ---------------------------------------------------------------------- the window is open


async def test_with_the_coach_window_open_the_break_starts_there(tmp_path: Path) -> None:
    side = Daemonside(Config(timezone="Europe/Berlin", water_enabled=False), {}, quiet=False)
    try:
        await side.remind()
        side.service.parts.handover.other_reminds = lambda: True  # the window opened since
        side.desktop.pressed("sitting:started")
        window = HandOver.for_window(None, break_request_path())
        assert window.take_break_request() == "desk-break"  # the window starts it
        assert window.take_break_request() is None  # once
        assert side.journal.answers() == ["pending"]  # the window answers it, not the daemon
        assert "starts in the open coach window" in side.log.getvalue()
    finally:
        side.close()

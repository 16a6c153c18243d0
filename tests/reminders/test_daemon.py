"""`coach remind` as a real process, its lock, its systemd unit, and import hygiene."""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.clock import FakeClock
from coach.config import Config
from coach.reminders import unit as service_unit
from coach.reminders.daemon import DesktopReminders, EventLog
from coach.reminders.locks import InstanceLock, daemon_lock_path, holder_pid, is_held, tui_lock_path
from coach.reminders.service import ReminderService, ServiceOptions
from coach.reminders.vocabulary import ReminderKind
from tests.reminders.conftest import FakeJournal, Harness


class Daemon:
    """A `coach remind` subprocess whose stderr lines arrive on a queue."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coach", "remind", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": "", "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stderr,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}; saw:\n" + "\n".join(self.seen))

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.process.wait(10)


@pytest.fixture
def daemon() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for each in started:
        if each.process.poll() is None:
            each.process.kill()
            each.process.wait(5)


def test_the_daemon_reminds_and_a_second_one_exits_2(daemon: list[Daemon]) -> None:
    first = Daemon("--every", "1s", "--anytime")
    daemon.append(first)
    started = first.wait_for("started")
    assert "woken by: file changes (inotify)" in started and "(timerfd)" in started
    line = first.wait_for("reminder sitting due=")
    assert "late=" in line
    first.wait_for("sitting reminder shown: printed line")
    assert is_held(daemon_lock_path())
    assert holder_pid(daemon_lock_path()) == first.process.pid

    second = subprocess.run(
        [sys.executable, "-m", "coach", "remind"], capture_output=True, text=True, timeout=30
    )
    assert second.returncode == 2
    assert "already running" in second.stderr and f"pid {first.process.pid}" in second.stderr

    assert first.stop() == 0
    first.wait_for("stopped")
    assert not is_held(daemon_lock_path())


def test_sighup_reloads_the_config(daemon: list[Daemon], isolated_home: Path) -> None:
    process = Daemon("--anytime")
    daemon.append(process)
    process.wait_for("started")
    config = isolated_home / ".config" / "coach" / "config.yaml"
    assert "# coach settings" in config.read_text()  # written on first run
    config.write_text("sitting:\n  evry: 1h\n")
    process.process.send_signal(signal.SIGHUP)
    process.wait_for('sitting.evry: unknown setting (did you mean "every"?)')
    process.wait_for("config reloaded (with errors")
    assert process.stop(signal.SIGINT) == 0


def test_while_the_tui_holds_its_lock_the_daemon_keeps_quiet(daemon: list[Daemon]) -> None:
    with InstanceLock(tui_lock_path()):
        assert is_held(tui_lock_path())
        process = Daemon("--every", "1s", "--anytime")
        daemon.append(process)
        # The try-out flags cannot reach the window: the daemon says so plainly.
        line = process.wait_for("the coach window is open and reminds instead")
        assert "--every 1s and --anytime apply here once it closes" in line
        process.wait_for("sitting reminder left to the open coach window")
        assert process.stop() == 0
    assert not any("reminder sitting due=" in line for line in process.seen)
    assert process.process.stdout is not None
    assert process.process.stdout.read() == ""  # nothing printed for the user either


def test_outside_working_hours_it_sleeps_as_a_small_process_and_wakes(
    daemon: list[Daemon], isolated_home: Path
) -> None:
    """Daemon → sleeper → daemon in one process: the same pid holds the lock all along,
    a config change wakes it, and SIGTERM ends the sleeper as it ends the daemon."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    other_day = days[(datetime.now().weekday() + 3) % 7]
    config = isolated_home / ".config" / "coach" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"work:\n  days: [{other_day}]\n")
    process = Daemon()
    daemon.append(process)
    process.wait_for("started")
    line = process.wait_for("sleeping as a small process")
    assert f"pid {process.process.pid}" in line and "nothing due before" in line
    pid = process.process.pid

    def sleeper_holds_the_lock() -> bool:
        """The sleeper runs, holds the lock (`coach status` sees coach remind running
        all along: the same pid, the lock) and has its SIGTERM handler in place."""
        cmdline = Path(f"/proc/{pid}/cmdline").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(status.split("SigCgt:")[1].split()[0], 16)
        return (
            "coach.reminders.sleeper" in cmdline
            and holder_pid(daemon_lock_path()) == pid
            and bool(caught & (1 << (signal.SIGTERM - 1)))
        )

    deadline = time.monotonic() + 10
    while not sleeper_holds_the_lock():
        assert time.monotonic() < deadline, "the daemon did not become the sleeper"
        time.sleep(0.05)
    from coach.commands.doctor import _daemon_check

    _, ok, text = _daemon_check()
    assert ok and f"is running (pid {pid}), asleep as a small process until " in text

    config.write_text(f"work:\n  days: [{other_day}]\n# edited\n")
    process.wait_for("waking: config.yaml changed")
    assert f"started (pid {pid})" in process.wait_for("started")
    process.wait_for("sleeping as a small process")
    deadline = time.monotonic() + 10
    while not sleeper_holds_the_lock():
        assert time.monotonic() < deadline, "the daemon did not sleep again"
        time.sleep(0.05)
    assert process.stop() == 0
    process.wait_for("stopped")
    assert not is_held(daemon_lock_path())


def test_a_lock_handed_over_through_exec_is_held_all_along(tmp_path: Path) -> None:
    path, other = tmp_path / "x.lock", tmp_path / "y.lock"
    lock = InstanceLock(path)
    assert lock.acquire()
    lock.hand_over()
    lock.release()  # handed over: no longer this object's to let go
    assert is_held(path) and not InstanceLock(path).acquire()
    assert InstanceLock.taken_over(other) is None  # another lock's: left for its taker
    back = InstanceLock.taken_over(path)
    assert back is not None and back.acquire() and holder_pid(path) == os.getpid()
    assert InstanceLock.taken_over(path) is None  # the note was used up
    back.release()
    assert not is_held(path)


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    assert not is_held(path)
    first, second = InstanceLock(path), InstanceLock(path)
    assert first.acquire() and not second.acquire()
    assert is_held(path) and holder_pid(path) == os.getpid()
    first.release()
    assert second.acquire()
    second.release()
    assert not is_held(path)


def test_install_and_uninstall_the_systemd_unit(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = isolated_home / ".config" / "systemd" / "user" / "coach-remind.service"
    assert main(["remind", "--install"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {unit}" in out
    assert "systemctl --user enable --now coach-remind.service" in out
    text = unit.read_text()
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    command = exec_start.removeprefix("ExecStart=")
    assert command.endswith(" remind")
    assert Path(command.split()[0]).is_absolute()
    assert "WantedBy=default.target" in text and "RestartPreventExitStatus=2" in text

    wants = unit.parent / "default.target.wants"
    wants.mkdir()
    (wants / unit.name).symlink_to(unit)  # what `systemctl --user enable` does
    assert main(["remind", "--uninstall"]) == 0
    out = capsys.readouterr().out
    assert not unit.exists() and not (wants / unit.name).is_symlink()
    assert "systemctl --user stop coach-remind.service" in out
    assert main(["remind", "--uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_the_unit_runs_this_very_coach(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = tmp_path / "my venv" / "bin" / "coach"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script), "remind", "--install"])
    assert service_unit.coach_command() == [str(script)]
    assert f'ExecStart="{script}" remind' in service_unit.unit_text([str(script)])


def test_the_daemon_and_the_cli_never_import_textual() -> None:
    code = (
        "import sys\n"
        "import coach.reminders.daemon, coach.reminders.service, coach.reminders.notify\n"
        "import coach.config, coach.reminders.schedule\n"
        "import coach.commands.remind, coach.commands.status, coach.commands.doctor\n"
        "from coach.cli import build_parser\n"
        "build_parser()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_takes_a_duration(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["remind", "--every", "soon"])
    assert exit_info.value.code == 2
    assert "expected a duration like 30s" in capsys.readouterr().err


async def test_a_notification_button_answers_the_reminder_it_belongs_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, berlin_clock: FakeClock, berlin_config: Config
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # the notice is a printed line
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    log = io.StringIO()
    desktop = DesktopReminders(EventLog(log, berlin_clock), player=None)
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config)  # for its paused scheduler
    service = ReminderService(
        harness.scheduler,
        berlin_clock,
        berlin_config,
        on_reminder=desktop.show,
        options=ServiceOptions(journal=journal, busy_check=None, watch_seconds=None),
    )
    desktop.service = service
    service.start()
    berlin_clock.advance(3600)
    reminder = await service.run_due(ReminderKind.SITTING)
    assert reminder is not None
    assert desktop.notice_for(reminder).actions == (
        ("sitting:started", "Taking it now"),
        ("sitting:snoozed", "Snooze 10m"),
        ("sitting:skipped", "Skip"),
    )
    desktop.pressed("water:started")  # no water reminder shown: nothing to answer
    desktop.pressed("default")  # a click on the body: not an answer (yet)
    assert journal.answers() == ["pending"]
    desktop.pressed("sitting:snoozed")
    assert journal.answers() == ["snoozed"]
    assert service.due_at(ReminderKind.SITTING) == berlin_clock.now() + timedelta(minutes=10)
    assert "sitting reminder: snoozed from the notification" in log.getvalue()
    desktop.close()

"""`coach status` (reads state, starts nothing) and `coach doctor`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach import paths
from coach.cli import main
from coach.commands.status import gather, status_line
from coach.reminders.locks import InstanceLock, daemon_lock_path, tui_lock_path
from coach.reminders.outlook import BreakOutlook
from coach.reminders.state import PendingReminder, ReminderState, state_file, write_state

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def outlook(
    running: bool = True, next_break: datetime | None = None, deferred: str = "", **more: Any
) -> BreakOutlook:
    return BreakOutlook(reminding=running, next_break=next_break, deferred=deferred, **more)


@pytest.mark.parametrize(
    ("facts", "water", "streak", "line"),
    [
        (
            outlook(next_break=NOW + timedelta(minutes=23)),
            1000,
            4,
            "next break in 23m · water 1.0/2.0 L · streak 4d",
        ),
        (
            outlook(next_break=NOW + timedelta(minutes=65)),
            0,
            None,
            "next break in 1h5m · water 0.0/2.0 L",
        ),
        (outlook(next_break=NOW + timedelta(seconds=20)), None, 0, "next break in <1m"),
        (
            outlook(next_break=NOW - timedelta(seconds=5)),
            250,
            None,
            "break due now · water 0.2/2.0 L",
        ),
        (
            outlook(next_break=NOW, deferred="microphone in use"),
            0,
            None,
            "break waits (microphone in use) · water 0.0/2.0 L",
        ),
        (outlook(enabled=False), 0, None, "breaks off · water 0.0/2.0 L"),
        (outlook(), None, None, "no break planned"),
        (
            outlook(running=False, next_break=NOW + timedelta(minutes=5)),
            1500,
            2,
            "reminders off · water 1.5/2.0 L · streak 2d",
        ),
        # A reminder nobody answered yet: status bars show it (issue 15 item 5).
        (
            outlook(next_break=NOW + timedelta(minutes=57), due_since=NOW - timedelta(minutes=3)),
            None,
            None,
            "break due 3m",
        ),
        (
            outlook(next_break=NOW + timedelta(hours=1), due_since=NOW - timedelta(seconds=20)),
            None,
            None,
            "break due now",
        ),
    ],
    ids=[
        "countdown",
        "hours and minutes",
        "under a minute",
        "due now",
        "meeting",
        "sitting off",
        "nothing planned",
        "nothing runs",
        "waiting 3m",
        "just fired",
    ],
)
def test_status_line(facts: BreakOutlook, water: int | None, streak: int | None, line: str) -> None:
    got = status_line(NOW, facts, water_ml=water, water_goal_ml=2000, streak_days=streak)
    assert got == line


def test_a_break_tomorrow_shows_its_day_and_time() -> None:
    tomorrow = NOW + timedelta(hours=23)
    line = status_line(
        NOW, outlook(next_break=tomorrow), water_ml=None, water_goal_ml=2000, streak_days=None
    )
    assert line == "next break " + tomorrow.astimezone().strftime("%a %H:%M")


def test_a_break_after_working_hours_says_so() -> None:
    """Issue 18: "Next break Mon 10:00 — outside working hours"."""
    monday_10 = NOW + timedelta(days=2)
    line = status_line(
        NOW,
        outlook(next_break=monday_10, after_hours=True),
        water_ml=None,
        water_goal_ml=2000,
        streak_days=None,
    )
    assert line == f"next break {monday_10.astimezone():%a %H:%M} — outside working hours"


def test_a_pause_shows_until_when() -> None:
    until = NOW + timedelta(hours=2)
    facts = outlook(next_break=NOW + timedelta(hours=3), paused_until=until)
    line = status_line(NOW, facts, water_ml=None, water_goal_ml=2000, streak_days=None)
    assert line == f"paused until {until.astimezone():%H:%M}"
    after = until + timedelta(seconds=1)  # the pause is over: the countdown is back
    line = status_line(after, facts, water_ml=None, water_goal_ml=2000, streak_days=None)
    assert line == "next break in 1h"


def write_example_state(next_break: datetime) -> None:
    write_state(
        ReminderState(
            writer="daemon",
            pid=1,
            updated_at=NOW,
            next_sitting=next_break,
            next_water=None,
            water_goal_ml=3000,
            glass_ml=300,
            pending=PendingReminder("sitting", NOW, 7, "desk-break"),
        )
    )


def test_status_reads_the_state_while_a_daemon_runs(capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now(UTC)
    write_example_state(now + timedelta(minutes=23, seconds=10))
    with InstanceLock(daemon_lock_path()):
        facts = gather(now)
        assert facts["running"] == "daemon"
        assert facts["next_break_in"] == 23 * 60 + 10
        assert facts["water_goal_ml"] == 3000
        assert facts["pending"] == {"kind": "sitting", "fired_at": NOW.isoformat()}
        assert main(["status"]) == 0
        assert capsys.readouterr().out.startswith("next break in 23m · water 0.0/3.0 L")
        assert main(["status", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["running"] == "daemon" and data["line"].startswith("next break in 23m")
    with InstanceLock(tui_lock_path()):
        assert gather(now)["running"] == "tui"
    # nobody runs: an old state file says nothing about the next break
    facts = gather(now)
    assert facts["running"] is None and facts["next_break"] is None
    assert facts["line"] == "reminders off · water 0.0/3.0 L"


def test_status_uses_the_figures_of_the_running_coach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coach.commands import status

    now = datetime.now(UTC)
    today = now.astimezone().date().isoformat()
    state = ReminderState(
        "daemon",
        1,
        now,
        now + timedelta(minutes=5),
        None,
        2000,
        250,
        day=today,
        water_ml=1250,
        streak_days=3,
    )
    write_state(state)

    def no_database(now: datetime) -> tuple[int | None, int | None]:
        raise AssertionError("status opened the journal although the state had today's figures")

    monkeypatch.setattr(status, "_journal_figures", no_database)
    with InstanceLock(daemon_lock_path()):
        assert gather(now)["line"] == "next break in 5m · water 1.2/2.0 L · streak 3d"
    write_state(state._replace(day="2000-01-01"))  # yesterday's figures: ask the journal
    with InstanceLock(daemon_lock_path()), pytest.raises(AssertionError):
        gather(now)


def test_status_starts_nothing_and_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status"]) == 0
    assert capsys.readouterr().out == "reminders off · water 0.0/2.0 L\n"
    assert not state_file().exists()
    assert not paths.database_file().exists()
    assert not paths.config_file().exists()


def test_doctor_reports_each_part(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for name in (
        "config",
        "time zone",
        "sound",
        "voice",
        "notifications",
        "start break",
        "idle source",
        "meetings",
        "daemon",
        "database",
    ):
        assert f" {name} " in out
    assert "does not exist yet" in out
    assert "`coach remind` is not running" in out
    with InstanceLock(daemon_lock_path()):
        main(["doctor"])
        assert "`coach remind` is running" in capsys.readouterr().out


def test_doctor_shows_config_problems_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("water:\n  gaol: 2l\n")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f'{config}:2:3: water.gaol: unknown setting (did you mean "goal"?)' in out


def test_doctor_without_an_idle_source_says_the_feature_is_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no loginctl, no xprintidle, no pactl
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    main(["doctor"])
    out = capsys.readouterr().out
    assert "natural-break detection is off" in out
    assert "no pactl" in out


def test_doctor_says_where_start_break_opens_and_what_carries_reminders(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.reminders.conftest import write_script

    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    write_script(tmp_path / "bin", "foot", "exit 0")
    main(["doctor"])
    out = capsys.readouterr().out
    assert "start break    opens the routine in: nothing (no display" in out
    assert "printed lines only, with the terminal bell" in out
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('terminal: ["foot", "-e"]\n')
    main(["doctor"])
    assert "opens the routine in: foot -e (terminal: in config)" in capsys.readouterr().out
    # A tmux client attached: reminders reach its status line when no desktop answers.
    write_script(tmp_path / "bin", "tmux", "echo /dev/pts/3; exit 0")
    main(["doctor"])
    assert "tmux messages (1 client attached;" in capsys.readouterr().out


def test_status_shows_a_waiting_break_and_a_pause_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = datetime.now(UTC)
    write_state(
        ReminderState(
            writer="daemon",
            pid=1,
            updated_at=now,
            next_sitting=now + timedelta(minutes=57),
            next_water=None,
            water_goal_ml=2000,
            glass_ml=250,
            pending=PendingReminder("sitting", now - timedelta(minutes=3, seconds=5), 7),
            sitting_interval=3600,
        )
    )
    with InstanceLock(daemon_lock_path()):
        assert gather(now)["line"].startswith("break due 3m")
        assert main(["pause", "2h"]) == 0
        out = capsys.readouterr().out
        until = (now + timedelta(hours=2)).astimezone()
        assert out.startswith("Reminders paused until ")
        facts = gather(now)
        assert facts["line"].startswith(f"paused until {until:%H:%M}")
        assert facts["paused_until"] is not None
        assert main(["resume"]) == 0
        assert capsys.readouterr().out == "Reminders resumed: every timer starts now.\n"
        assert gather(now)["line"].startswith("break due 3m")
        assert main(["resume"]) == 0
        assert capsys.readouterr().out == "Reminders were not paused.\n"
    assert main(["pause", "soon"]) == 2
    assert "expected a duration like 2h or 30m" in capsys.readouterr().err
    assert main(["pause"]) == 0  # an hour by default
    assert "Nothing reminds right now" in capsys.readouterr().out


# ---------------------------------------------------------------------- --follow


def daemon_state(now: datetime) -> ReminderState:
    """A running daemon's state whose words stay put for hours (a break tomorrow)."""
    return ReminderState(
        writer="daemon",
        pid=1,
        updated_at=now,
        next_sitting=now + timedelta(days=1),
        next_water=None,
        water_goal_ml=2000,
        glass_ml=250,
        day=now.astimezone().date().isoformat(),
        water_ml=500,
        sitting_after_hours=True,
    )


def test_follow_prints_one_line_per_change_and_none_when_nothing_changes() -> None:
    import io

    from coach.commands.status import follow
    from coach.reminders.pause import clear_pause, write_pause

    now = datetime.now(UTC)
    until = now + timedelta(hours=2)
    write_state(daemon_state(now))
    out = io.StringIO()
    waits: list[float | None] = []
    changes = iter(
        [
            lambda: None,  # woken, but nothing changed
            lambda: write_state(daemon_state(now)),  # rewritten with the same figures
            lambda: write_pause(until),  # `coach pause 2h`
            lambda: write_pause(until),  # the same pause again
            lambda: clear_pause(),  # `coach resume`
            lambda: write_state(daemon_state(now)._replace(water_ml=750)),  # a glass
        ]
    )

    def wait(seconds: float | None) -> None:
        waits.append(seconds)
        next(changes)()  # StopIteration when the script is over: follow returns

    with InstanceLock(daemon_lock_path()):
        assert follow("plain", out, wait=wait) == 0
    tomorrow = f"{(now + timedelta(days=1)).astimezone():%a %H:%M}"
    assert out.getvalue().splitlines() == [
        f"next break {tomorrow} — outside working hours · water 0.5/2.0 L",
        f"paused until {until.astimezone():%H:%M} · water 0.5/2.0 L",
        f"next break {tomorrow} — outside working hours · water 0.5/2.0 L",
        f"next break {tomorrow} — outside working hours · water 0.8/2.0 L",
    ]
    # It sleeps until the words would change (the break in a day: at most until midnight).
    assert all(seconds is not None and seconds > 60 for seconds in waits)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("plain", "break due 3m · water 0.5/2.0 L"),
        ("tmux", "#[fg=red]break due 3m#[default] · water 0.5/2.0 L"),
    ],
)
def test_the_forms_a_bar_reads(form: str, expected: str) -> None:
    from coach.commands.status import render

    now = datetime.now(UTC)
    state = daemon_state(now)._replace(
        next_sitting=now + timedelta(minutes=57),
        sitting_after_hours=False,
        pending=PendingReminder("sitting", now - timedelta(minutes=3, seconds=1), 7),
        sitting_interval=3600,
    )
    write_state(state)
    with InstanceLock(daemon_lock_path()):
        facts = gather(now)
    assert render(facts, form) == expected
    waybar = json.loads(render(facts, "waybar"))
    assert waybar == {
        "text": "break due 3m · water 0.5/2.0 L",
        "tooltip": "break due 3m\nwater 0.5/2.0 L\nreminded by coach remind",
        "class": "due",
    }
    assert "_changes_in" not in json.loads(render(facts, "json"))


def test_follow_as_a_bar_runs_it(tmp_path: Path) -> None:
    """The real command in a pipe: the first line at once, the next when a file changes."""
    import queue
    import subprocess
    import sys
    import threading

    from coach.reminders.pause import write_pause

    now = datetime.now(UTC)
    write_state(daemon_state(now))
    with InstanceLock(daemon_lock_path()):
        process = subprocess.Popen(
            [sys.executable, "-m", "coach", "status", "--follow", "--format", "waybar"],
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in process.stdout or []], daemon=True
        ).start()
        try:
            first = json.loads(lines.get(timeout=15))
            assert first["class"] == "after-hours"
            write_pause(now + timedelta(hours=2))
            second = json.loads(lines.get(timeout=5))
            assert second["class"] == "paused" and second["text"].startswith("paused until")
        finally:
            process.terminate()
            process.wait(5)

"""`coach status` (reads state, starts nothing) and `coach doctor`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main
from coach.commands.status import gather, status_line
from coach.reminders.locks import InstanceLock, daemon_lock_path, tui_lock_path
from coach.reminders.state import PendingReminder, ReminderState, state_file, write_state

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("running", "next_break", "deferred", "water", "streak", "line"),
    [
        (
            True,
            NOW + timedelta(minutes=23),
            "",
            1000,
            4,
            "next break in 23m · water 1.0/2.0 L · streak 4d",
        ),
        (True, NOW + timedelta(minutes=65), "", 0, None, "next break in 1h5m · water 0.0/2.0 L"),
        (True, NOW + timedelta(seconds=20), "", None, 0, "next break in <1m"),
        (True, NOW - timedelta(seconds=5), "", 250, None, "break due now · water 0.2/2.0 L"),
        (
            True,
            NOW,
            "microphone in use",
            0,
            None,
            "break waits (microphone in use) · water 0.0/2.0 L",
        ),
        (True, None, "", 0, None, "breaks off · water 0.0/2.0 L"),
        (
            False,
            NOW + timedelta(minutes=5),
            "",
            1500,
            2,
            "reminders off · water 1.5/2.0 L · streak 2d",
        ),
    ],
)
def test_status_line(
    running: bool,
    next_break: datetime | None,
    deferred: str,
    water: int | None,
    streak: int | None,
    line: str,
) -> None:
    got = status_line(
        NOW,
        running=running,
        next_break=next_break,
        deferred=deferred,
        water_ml=water,
        water_goal_ml=2000,
        streak_days=streak,
    )
    assert got == line


def test_a_break_tomorrow_shows_its_day_and_time() -> None:
    tomorrow = NOW + timedelta(hours=23)
    line = status_line(
        NOW, running=True, next_break=tomorrow, water_ml=None, water_goal_ml=2000, streak_days=None
    )
    assert line == "next break " + tomorrow.astimezone().strftime("%a %H:%M")


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

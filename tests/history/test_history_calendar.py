"""One calendar: every surface puts a record on the user's day (`work.timezone`), not the
machine's.

The machine runs on UTC here, and the config says Honolulu (UTC-10). A session at 23:30
in Honolulu on Wednesday 4 March is already Thursday 09:30 on the machine's clock: the
window's Today panel and History screen, `coach history`, `coach stats` and `coach status`
all put it on Wednesday.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeLibrary, short_routine
from history_helpers import add_session
from tui_support import SIZE, text_of

import coach.clock
from coach import paths
from coach.cli import main
from coach.clock import FakeClock
from coach.commands import status
from coach.config import load_config_or_default
from coach.history.calendar import local_day, open_journal, user_zone
from coach.reminders import daemon
from coach.tui import launch
from coach.tui.app import build_app

HONOLULU = ZoneInfo("Pacific/Honolulu")
WEDNESDAY = date(2026, 3, 4)
SESSION_AT = datetime(2026, 3, 4, 23, 30, tzinfo=HONOLULU)
NOW = datetime(2026, 3, 4, 23, 45, tzinfo=HONOLULU)  # Thursday 09:45 on the machine


@pytest.fixture(autouse=True)
def machine_on_utc_user_in_honolulu(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("work:\n  timezone: Pacific/Honolulu\n")
    clock = FakeClock(NOW)
    monkeypatch.setattr(coach.clock, "SystemClock", lambda: clock)
    assert local_day(NOW) != WEDNESDAY  # the machine's day is Thursday already
    yield
    monkeypatch.undo()
    time.tzset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


async def test_a_session_at_2330_is_on_the_users_day_on_every_surface(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config, _ = load_config_or_default()
    assert user_zone(config) == HONOLULU
    journal = launch._open_journal(config, [])  # the window's journal
    assert journal is not None
    journal.acknowledge_safety(NOW)  # not the first run
    add_session(journal, SESSION_AT, minutes=10, kind="core")
    run(capsys, "drink", "250ml")  # a shell writes too

    app = build_app(
        library=FakeLibrary({"short": short_routine()}), clock=FakeClock(NOW), journal=journal
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 session" in text_of(app, "#today")
        await pilot.press("h")
        await pilot.pause()
        data = app.screen.data  # type: ignore[attr-defined]
        assert data.days[-1].day == WEDNESDAY and data.days[-1].practised
        assert data.water_today == 250
        assert data.sessions[0].day == WEDNESDAY
    journal.close()

    history = json.loads(run(capsys, "history", "--days", "1", "--json"))
    assert history["to"] == "2026-03-04"
    assert [s["day"] for s in history["sessions"]] == ["2026-03-04"]

    stats = json.loads(run(capsys, "stats", "--json"))
    assert stats["today"]["day"] == "2026-03-04"
    assert stats["today"]["water_ml"] == 250
    assert stats["streaks"]["practised_today"] is True

    facts = status.gather(NOW)
    assert (facts["water_ml"], facts["streak_days"]) == (250, 1)


def test_the_daemon_and_coach_show_open_the_journal_in_the_users_zone() -> None:
    config, _ = load_config_or_default()
    with open_journal() as journal:  # the config file is read when none is given
        assert journal.zone == HONOLULU
    opened = daemon._open_journal(daemon.EventLog(io.StringIO(), FakeClock(NOW)), config)
    assert opened is not None and opened.zone == HONOLULU
    opened.close()


def test_without_a_configured_zone_the_day_is_this_computers() -> None:
    paths.config_file().write_text("water:\n  goal: 2l\n")
    assert user_zone() is None  # the journal follows this computer's zone, DST and all
    with open_journal() as journal:
        journal.log_water(250, NOW)  # Thursday 09:45 on this (UTC) computer
        assert journal.water_on(date(2026, 3, 5)) == 250
        assert journal.water_on(WEDNESDAY) == 0


async def test_the_today_panel_and_coach_stats_show_the_same_minutes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Issue 13's second disagreement: the Today panel counted every kind of session (a
    # 10-minute breathing session added 10 "active minutes") while `coach stats` did not.
    config, _ = load_config_or_default()
    journal = launch._open_journal(config, [])
    assert journal is not None
    journal.acknowledge_safety(NOW)
    add_session(journal, SESSION_AT, minutes=10, kind="breathing", routine_id="box-breathing")
    add_session(journal, SESSION_AT, minutes=6, kind="posture", exercise="walk")
    run(capsys, "log", "walk", "20m")

    app = build_app(
        library=FakeLibrary({"short": short_routine()}), clock=FakeClock(NOW), journal=journal
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = text_of(app, "#today")
    journal.close()
    stats = json.loads(run(capsys, "stats", "--json"))
    minutes = round(stats["today"]["moderate_minutes"])
    assert minutes == 26  # the walking: 6 in a routine, 20 logged; breathing is no activity
    assert f"{minutes} min moderate activity" in panel
    assert f"moderate activity  {minutes} min" in run(capsys, "stats")


def test_a_session_starts_from_the_users_day(monkeypatch: pytest.MonkeyPatch) -> None:
    # The doses of the day (progression) are the user's day's, whatever zone the clock's
    # time is given in: the machine's clock says Thursday, the user's day is Wednesday.
    import coach.session.progression as progression
    from coach.routines.model import Progression
    from coach.session.prep import progressed

    seen: list[date] = []

    def history_for_routine(journal: object, routine_id: str, today: date) -> object:
        seen.append(today)
        return progression.ProgressHistory(None, {}, frozenset())

    monkeypatch.setattr(progression, "history_for_routine", history_for_routine)
    routine = short_routine()
    step = routine.steps[1]
    growing = replace(step, progression=Progression("hold", 5, 7, 60))
    routine = replace(routine, steps=(routine.steps[0], growing, *routine.steps[2:]))
    config, _ = load_config_or_default()
    with open_journal(config) as journal:
        progressed(routine, journal, FakeClock(NOW.astimezone(ZoneInfo("UTC"))))
    assert seen == [WEDNESDAY]

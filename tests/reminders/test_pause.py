"""Pausing reminders: what `coach pause` reads, the file, and the service while paused."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.pause import active_pause, clear_pause, parse_pause, read_pause, write_pause
from coach.reminders.state import read_state
from tests.reminders.conftest import BERLIN, Harness

CONFIG = Config(timezone="Europe/Berlin", water_enabled=False)


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=BERLIN)


MONDAY_1030 = berlin(5, 10, 30)
FRIDAY_1030 = berlin(9, 10, 30)


@pytest.mark.parametrize(
    ("text", "now", "until"),
    [
        ("2h", MONDAY_1030, berlin(5, 12, 30)),
        ("30m", MONDAY_1030, berlin(5, 11)),
        ("1h30m", MONDAY_1030, berlin(5, 12)),
        ("until 14:00", MONDAY_1030, berlin(5, 14)),
        ("until 9:00", MONDAY_1030, berlin(6, 9)),  # passed today: tomorrow's
        ("14:00", MONDAY_1030, berlin(5, 14)),
        ("until tomorrow", MONDAY_1030, berlin(6, 9)),  # the next working morning
        ("tomorrow", MONDAY_1030, berlin(6, 9)),
        ("until tomorrow", FRIDAY_1030, berlin(12, 9)),  # after the weekend
        ("Until  Tomorrow", MONDAY_1030, berlin(6, 9)),
    ],
)
def test_what_a_pause_may_say(text: str, now: datetime, until: datetime) -> None:
    assert parse_pause(text, now, CONFIG) == until


def test_until_tomorrow_with_work_always_is_midnight() -> None:
    config = Config(timezone="Europe/Berlin", anytime=True)
    assert parse_pause("until tomorrow", MONDAY_1030, config) == berlin(6, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "expected a duration like 2h or 30m, `until 14:00` or `until tomorrow`"),
        ("until", "expected a duration like 2h or 30m"),
        ("until 25:00", "expected a duration like 2h or 30m"),
        ("10s", "a pause lasts from 1m to 7 days"),
        ("200h", "a pause lasts from 1m to 7 days"),
    ],
)
def test_a_pause_that_cannot_be_read_says_what_would_do(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_pause(text, MONDAY_1030, CONFIG)


def test_the_pause_file_round_trips_and_ends(tmp_path: Path) -> None:
    path = tmp_path / "pause.json"
    assert read_pause(path) is None
    write_pause(berlin(5, 14), path)
    assert read_pause(path) == berlin(5, 14)
    assert active_pause(MONDAY_1030, path) == berlin(5, 14)
    assert active_pause(berlin(5, 14, 1), path) is None  # over
    path.write_text("{not json")
    assert read_pause(path) is None
    assert clear_pause(path) is True
    assert clear_pause(path) is False


def test_nothing_fires_during_a_pause_and_the_timers_start_afresh_after_it(
    tmp_path: Path,
) -> None:
    clock = FakeClock(berlin(5, 9))
    pause_path, state_path = tmp_path / "pause.json", tmp_path / "reminders.json"
    harness = Harness(clock, CONFIG, state_path=state_path, pause_path=pause_path)
    harness.service.start()
    assert harness.due() == berlin(5, 10)
    clock.advance(30 * 60)
    harness.service.pause(berlin(5, 12))  # 09:30: a pause until 12:00
    assert read_pause(pause_path) == berlin(5, 12)
    assert harness.due() == berlin(5, 13)  # a full interval after the pause
    assert harness.job_time() == berlin(5, 13)
    clock.set_wall(berlin(5, 10))
    assert harness.run_due() is None  # a late run of the old job: nothing
    harness.service.natural_break(berlin(5, 10, 5))  # a routine during the pause
    assert harness.due() == berlin(5, 13)  # still nothing before the pause ends
    state = read_state(state_path)
    assert state is not None and state.next_sitting == berlin(5, 13)
    assert "reminders paused until Mon 12:00" in harness.events
    reminder = harness.run_at()
    assert reminder is not None and reminder.fired_at == berlin(5, 13)


def test_a_pause_survives_a_restart_and_follows_the_file(tmp_path: Path) -> None:
    clock = FakeClock(berlin(5, 9))
    pause_path = tmp_path / "pause.json"
    write_pause(berlin(5, 11), pause_path)  # `coach pause until 11:00`, before coach started
    harness = Harness(clock, CONFIG, pause_path=pause_path)
    harness.service.start()
    assert harness.service.paused_until == berlin(5, 11)
    assert harness.due() == berlin(5, 12)
    clock.advance(10 * 60)
    clear_pause(pause_path)  # `coach resume` in a shell...
    harness.service.watch()  # ...seen by the window's watch (the daemon: a file event)
    assert harness.service.paused_until is None
    assert harness.due() == berlin(5, 10, 10)  # every timer starts now
    assert "reminders resumed: every timer starts now" in harness.events
    write_pause(berlin(5, 9, 5), pause_path)  # a pause already over means nothing
    harness.service.watch()
    assert harness.due() == berlin(5, 10, 10)


def test_resume_from_the_service_lifts_the_pause_everywhere(tmp_path: Path) -> None:
    clock = FakeClock(berlin(5, 9))
    pause_path = tmp_path / "pause.json"
    harness = Harness(clock, CONFIG, pause_path=pause_path)
    harness.service.start()
    harness.service.pause(clock.now() + timedelta(hours=2))
    assert pause_path.exists()
    harness.service.pause(None)
    assert not pause_path.exists()
    assert harness.due() == berlin(5, 10)

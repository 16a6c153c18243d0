"""Opening the coach window keeps the breaks the daemon planned (the hand-over on start)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.handover import handed_over_due
from coach.reminders.state import read_state
from tests.reminders.conftest import BERLIN, FakeJournal, Harness

HOUR = 3600.0


def local(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute, tzinfo=BERLIN)


NOW = local(9, 55)


@pytest.mark.parametrize(
    ("planned", "written_at", "gap", "kept"),
    [
        (local(10), local(9), None, True),  # due in 5 minutes: keep it
        (local(10), local(9), 0.4, True),  # scheduling jitter is no suspend
        (local(10), local(9), 1800.0, False),  # suspended since: timers restart
        (local(10), local(9), -120.0, False),  # clock set back since
        (None, local(9), None, False),  # disabled on the other side
        (local(9, 50), local(8, 50), None, False),  # overdue: not in the future
        (NOW, local(9), None, False),  # due this instant: not in the future
        (local(10, 55), local(9, 55), None, True),  # exactly one interval ahead
        (local(10, 56), local(9, 55), None, False),  # further than one interval
        (local(10), local(8, 50), None, False),  # written 65 minutes ago: stale
        (local(10), local(9, 56), None, False),  # written "later" than now
        (local(10).replace(tzinfo=None), local(9), None, False),  # naive: unreadable
        (local(10), datetime.min, None, False),  # no updated_at on file
    ],
)
def test_which_planned_due_times_are_kept(
    planned: datetime | None, written_at: datetime, gap: float | None, kept: bool
) -> None:
    result = handed_over_due(planned, now=NOW, written_at=written_at, interval=HOUR, gap=gap)
    assert result == (planned if kept else None)


@pytest.mark.parametrize(
    ("planned", "written_at", "gap", "kept"),
    [
        (local(10), local(9), None, True),  # the daemon slept 55 minutes: its plan stands
        (local(10), local(9).replace(day=2), None, True),  # slept over the weekend
        (local(12), local(9), None, True),  # three hours ahead: its own, not one interval
        (local(10), local(9), 1800.0, False),  # the machine was suspended: plan anew
        (local(9, 50), local(9), None, False),  # passed while it slept: plan anew
        (None, local(9), None, False),
    ],
)
def test_the_daemon_keeps_its_own_plan_from_before_it_slept(
    planned: datetime | None, written_at: datetime, gap: float | None, kept: bool
) -> None:
    result = handed_over_due(
        planned, now=NOW, written_at=written_at, interval=HOUR, gap=gap, own=True
    )
    assert result == (planned if kept else None)


def test_a_daemon_woken_from_its_sleep_carries_on_with_its_plan(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    """The sleeper hands the process back to the daemon (same pid): the break it planned
    stays; a daemon started anew (another pid) plans from its start, as always."""
    state_path = tmp_path / "reminders.json"
    me = os.getpid()
    before = Harness(berlin_clock, berlin_config, state_path=state_path, writer="daemon", pid=me)
    before.service.start()  # 09:00, the next break at 10:00
    assert before.due() == local(10)
    before.service.stop()  # it went to sleep
    berlin_clock.advance(40 * 60)  # woken at 09:40
    after = Harness(berlin_clock, berlin_config, state_path=state_path, writer="daemon", pid=me)
    after.service.start()
    assert after.due() == local(10)
    after.service.stop()
    anew = Harness(berlin_clock, berlin_config, state_path=state_path, writer="daemon", pid=me + 1)
    anew.service.start()
    assert anew.due() == local(10, 40)


def daemon_and_window(
    clock: FakeClock, config: Config, state_path: Path, journal: FakeJournal | None = None
) -> tuple[Harness, dict[str, bool]]:
    """A daemon that started at the clock's time and went quiet when the window opens."""
    window_open = {"held": False}
    daemon = Harness(
        clock,
        config,
        journal=journal,
        suppress=lambda: window_open["held"],
        state_path=state_path,
        writer="daemon",
    )
    daemon.service.start()
    return daemon, window_open


def test_opening_the_window_keeps_the_break_the_daemon_planned(
    berlin_clock: FakeClock, tmp_path: Path
) -> None:
    config = Config(timezone="Europe/Berlin")
    state_path = tmp_path / "reminders.json"
    daemon, window_open = daemon_and_window(berlin_clock, config, state_path)
    assert (daemon.due("sitting"), daemon.due("water")) == (local(10), local(10, 30))
    berlin_clock.advance(55 * 60)
    window_open["held"] = True  # 09:55: `coach` opens
    tui = Harness(berlin_clock, config, state_path=state_path)
    tui.service.start()
    assert tui.due("sitting") == local(10)  # not 10:55
    assert tui.job_time("sitting") == local(10)
    assert tui.due("water") == local(10, 30)
    assert any("keeps the daemon's time" in event for event in tui.events)
    state = read_state(state_path)
    assert state is not None and state.writer == "tui" and state.next_sitting == local(10)
    reminder = tui.run_at("sitting")
    assert reminder is not None and reminder.fired_at == local(10)
    assert "sitting for 1h." in reminder.body  # since 09:00, not since the window opened


def test_a_routine_finished_before_the_window_opened_still_counts_as_the_break(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    journal = FakeJournal()
    state_path = tmp_path / "reminders.json"
    daemon_and_window(berlin_clock, berlin_config, state_path, journal)
    journal.session_end = local(9, 20)  # done in a terminal; the daemon has not looked yet
    berlin_clock.advance(30 * 60)
    tui = Harness(berlin_clock, berlin_config, journal=journal, state_path=state_path)
    tui.service.start()
    assert tui.due() == local(10)
    assert tui.run_at() is None  # at 10:00 the 09:20 routine restarts the timer
    assert tui.due() == local(10, 20)


def test_after_a_suspend_the_window_plans_anew(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    daemon_and_window(berlin_clock, berlin_config, state_path)
    berlin_clock.advance(10 * 60)
    berlin_clock.jump_wall(20 * 60)  # lid closed 09:10-09:30; the daemon has not noticed yet
    tui = Harness(berlin_clock, berlin_config, state_path=state_path)
    tui.service.start()
    assert tui.due() == local(10, 30)  # an hour from the resume, as after any suspend


def test_a_plan_the_window_itself_left_is_not_kept(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    first = Harness(berlin_clock, berlin_config, state_path=state_path)
    first.service.start()
    first.service.stop()
    berlin_clock.advance(30 * 60)
    again = Harness(berlin_clock, berlin_config, state_path=state_path)
    again.service.start()
    assert again.due() == local(10, 30)  # only the daemon's plan is carried over


def test_a_far_or_stale_plan_is_not_kept(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    every_3h = replace(berlin_config, sitting_interval=3 * HOUR)
    Harness(berlin_clock, every_3h, state_path=state_path, writer="daemon").service.start()
    berlin_clock.advance(5 * 60)  # 09:05; the daemon planned 12:00
    far = Harness(berlin_clock, berlin_config, state_path=state_path)
    far.service.start()
    assert far.due() == local(10, 5)  # 12:00 is more than one (hourly) interval away
    far.service.stop()

    Harness(berlin_clock, every_3h, state_path=state_path, writer="daemon").service.start()
    berlin_clock.advance(2.5 * HOUR)  # 11:35; the daemon's plan, 12:05, is 2.5 h old
    stale = Harness(berlin_clock, berlin_config, state_path=state_path)
    stale.service.start()
    assert stale.due() == local(12, 35)

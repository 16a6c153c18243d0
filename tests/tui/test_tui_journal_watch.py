"""One truth, seen everywhere: what a shell writes shows in the open window within ~1 s.

The window polls the journal's `data_version` on a timer (`coach.tui.journal_watch`);
here the timer's tick is called by hand, as Textual would call it a second later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from fakes import FakeJournal, FakeLibrary, short_routine
from tui_support import SIZE

import coach.clock
from coach import paths
from coach.cli import main
from coach.clock import FakeClock
from coach.config import Config
from coach.history.calendar import open_journal
from coach.history.journal import Journal
from coach.tui.app import CoachApp, build_app
from coach.tui.journal_watch import EVERY_SECONDS, JournalWatch
from coach.tui.reminders import ReminderOptions
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import HomeScreen

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
CONFIG = Config(timezone="Europe/London")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The window's clock, and the shell's too (`coach drink` reads SystemClock)."""
    fake = FakeClock(MONDAY_9)
    monkeypatch.setattr(coach.clock, "SystemClock", lambda: fake)
    return fake


@pytest.fixture
def journal(clock: FakeClock) -> Iterator[Journal]:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("work:\n  timezone: Europe/London\n")
    opened = open_journal(CONFIG)
    opened.acknowledge_safety(clock.now())
    yield opened
    opened.close()


@pytest.fixture
def app(journal: Journal, clock: FakeClock) -> Iterator[CoachApp]:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    yield build_app(
        library=FakeLibrary({"short": short_routine()}),
        clock=clock,
        journal=journal,
        config=CONFIG,
        reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None),
    )
    scheduler.shutdown(wait=False)


def panel(app: CoachApp, selector: str) -> str:
    home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
    widget = home.query_one(selector)
    return str(widget.content) if widget.display else ""


async def test_three_drinks_in_a_shell_show_in_the_window(app: CoachApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watch = app.journal_watch
        assert watch is not None and watch.every <= 2  # "within about 2 s"
        assert "Water 0 ml of 2.0 L" in panel(app, "#reminder-status")
        assert panel(app, "#today") == ""  # no history yet
        for _ in range(3):
            assert main(["drink", "250ml"]) == 0
        assert "Water 0 ml" in panel(app, "#reminder-status")  # until the timer looks

        assert watch.check()  # the timer's next tick
        await pilot.pause()
        assert "Water 750 ml of 2.0 L" in panel(app, "#reminder-status")
        assert "0 sessions" in panel(app, "#today")
        assert not watch.check()  # nothing new since: nothing to do


async def test_the_history_screen_reads_itself_again(app: CoachApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.data is not None and screen.data.empty  # nothing to show yet
        assert not screen.query_one("#history-tabs").display
        assert main(["log", "walk", "30m"]) == 0
        assert app.journal_watch is not None and app.journal_watch.check()
        await pilot.pause()
        assert screen.data is not None
        assert screen.data.week.moderate_minutes == 30  # a walk alone is history enough
        assert screen.query_one("#history-tabs").display
        assert main(["drink", "250ml"]) == 0
        assert app.journal_watch.check()
        await pilot.pause()
        assert screen.data.water_today == 250


async def test_the_windows_own_writes_are_no_news(app: CoachApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")  # a glass, logged by the window itself: shown at once
        await pilot.pause()
        assert "Water 250 ml" in panel(app, "#reminder-status")
        assert app.journal_watch is not None and not app.journal_watch.check()


def test_the_watch_runs_on_a_timer_and_tolerates_a_locked_journal() -> None:
    calls: list[tuple[float, Callable[[], object]]] = []

    class Locked(FakeJournal):
        def data_version(self) -> int:
            from coach.history.journal import JournalError

            raise JournalError("the history database stayed busy for 5 s")

    app: Any = object()
    watch = JournalWatch(app, Locked(), schedule=lambda every, call: calls.append((every, call)))
    watch.start()
    assert calls == [(EVERY_SECONDS, watch.check)]
    assert not watch.check()  # busy now: it looks again on the next tick


async def test_without_a_journal_nothing_is_watched(make_app) -> None:
    app = make_app(journal=None)
    async with app.run_test(size=SIZE):
        assert app.journal_watch is None

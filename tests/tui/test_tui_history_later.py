"""The history opens just after the first frame, and start-up then goes on with it.

`coach` (not a first run, not `coach run X`) gives the app a way to open the journal
instead of the journal: the home screen is drawn first, then the history opens and
whatever reads it (the Reminders and Today panels, the window following other
processes' writes, the safety page a history without the acknowledgement still asks
for) reads it. A first run opens it before anything, so its safety page comes first.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from fakes import FakeLibrary, short_routine
from tui_support import SIZE

from coach import paths
from coach.clock import FakeClock
from coach.config import Config
from coach.history.calendar import open_journal
from coach.history.journal import Journal
from coach.tui.app import CoachApp, build_app
from coach.tui.reminders import ReminderOptions
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.widgets.reminder_status import ReminderFigures, water_text

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
CONFIG = Config(timezone="Europe/London")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_9)


@pytest.fixture
def journal(clock: FakeClock) -> Iterator[Journal]:
    opened = open_journal(CONFIG)
    yield opened
    opened.close()


@pytest.fixture
def scheduler() -> Iterator[BackgroundScheduler]:
    paused = BackgroundScheduler(timezone="UTC")
    paused.start(paused=True)
    yield paused
    paused.shutdown(wait=False)


class Opener:
    """Opens `journal` when the app asks, noting what the window showed until then."""

    def __init__(self, journal: Journal | None, problem: str = "") -> None:
        self.journal = journal
        self.problem = problem
        self.app: CoachApp | None = None
        self.seen: list[dict[str, Any]] = []

    def __call__(self, problems: list[str]) -> Journal | None:
        app = self.app
        assert app is not None
        home = app.screen_stack[0]
        self.seen.append(
            {
                "home mounted": isinstance(home, HomeScreen) and home.is_mounted,
                "journal": app.journal,
                "reminders panel": str(home.query_one("#reminder-status").content),
            }
        )
        if self.problem:
            problems.append(self.problem)
        return self.journal


def make_app(opener: Opener, clock: FakeClock, scheduler: BackgroundScheduler) -> CoachApp:
    app = build_app(
        library=FakeLibrary({"short": short_routine()}),
        clock=clock,
        config=CONFIG,
        reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None),
        open_journal=opener,
    )
    opener.app = app
    return app


def panel(app: CoachApp, selector: str) -> str:
    home = app.screen_stack[0]
    widget = home.query_one(selector)
    return str(widget.content) if widget.display else ""


async def test_home_is_drawn_first_then_the_history_fills_its_panels(
    journal: Journal, clock: FakeClock, scheduler: BackgroundScheduler
) -> None:
    journal.acknowledge_safety(clock.now())
    journal.log_water(500, clock.now())
    opener = Opener(journal)
    app = make_app(opener, clock, scheduler)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert opener.seen == [
            {
                "home mounted": True,
                "journal": None,
                # Not "history off": the history has not opened yet.
                "reminders panel": "Next break in 1h (10:00)\nWater goal 2.0 L",
            }
        ]
        assert app.journal is journal
        assert app.journal_watch is not None  # follows what other processes write
        assert "Water 500 ml of 2.0 L" in panel(app, "#reminder-status")
        assert "0 sessions" in panel(app, "#today")  # read from the history, once open
        assert isinstance(app.screen, HomeScreen)


async def test_a_history_without_the_acknowledgement_brings_the_safety_page_over_home(
    journal: Journal, clock: FakeClock, scheduler: BackgroundScheduler
) -> None:
    opener = Opener(journal)  # quit at the safety page last time: not acknowledged
    app = make_app(opener, clock, scheduler)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert isinstance(app.screen_stack[0], HomeScreen)
        await pilot.press("enter")  # I understand
        await pilot.pause()
        assert journal.safety_acknowledged_at() is not None


async def test_a_history_that_does_not_open_is_said_and_home_goes_on(
    clock: FakeClock, scheduler: BackgroundScheduler
) -> None:
    opener = Opener(None, problem="History is off for this run: the disk is full")
    app = make_app(opener, clock, scheduler)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "History is off for this run: the disk is full"
        ]
        assert app.journal is None and app.journal_watch is None
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (True, "Water goal 2.0 L"),  # the first frame: the history opens just after
        (False, "Water goal 2.0 L (history off)"),
    ],
)
def test_the_water_line_without_a_history(opening: bool, expected: str) -> None:
    figures = ReminderFigures(
        reminding=True,
        sitting_enabled=True,
        next_break=None,
        break_waiting=False,
        water_ml=None,
        water_goal_ml=2000,
        history_opening=opening,
    )
    assert water_text(figures) == expected


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeApp:
    """Runs as the window would: opening the history after its first frame, if asked."""

    return_code = 0

    def __init__(self, open_journal: Any) -> None:
        self.open_journal = open_journal
        self.problems: list[str] = []
        self.journal: Journal | None = None

    def run(self) -> None:
        if self.open_journal is not None:
            self.journal = self.open_journal(self.problems)

    def bell(self) -> None:
        pass


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `run_app` would build the app with, each time it is called."""
    import coach.tui.app
    import coach.tui.launch

    built: list[dict[str, Any]] = []

    def build(**arguments: Any) -> FakeApp:
        app = FakeApp(arguments["open_journal"])
        built.append({**arguments, "app": app})
        return app

    monkeypatch.setattr(coach.tui.app, "build_app", build)
    # In a terminal (pytest's own capture puts sys.stdout back for the test itself).
    monkeypatch.setattr(
        coach.tui.launch, "sys", SimpleNamespace(stdin=Terminal(), stdout=Terminal())
    )
    return built


def test_a_first_run_opens_the_history_before_the_window(launched) -> None:
    from coach.tui.launch import run_app

    assert not paths.database_file().exists()
    assert run_app() == 0
    (arguments,) = launched
    assert arguments["journal"] is not None and arguments["open_journal"] is None
    assert paths.database_file().exists()


def test_later_runs_open_it_after_the_first_frame(launched) -> None:
    from coach.tui.launch import run_app

    open_journal(CONFIG).close()  # a history from an earlier run
    assert run_app() == 0
    (arguments,) = launched
    assert arguments["journal"] is None
    app = arguments["app"]
    assert isinstance(app.journal, Journal) and app.problems == []
    # run_app closed what was opened for the window when the window closed.
    assert app.journal._conn is not None
    with pytest.raises(sqlite3.ProgrammingError):
        app.journal._conn.execute("select 1")


def test_coach_run_opens_it_before_the_session(launched) -> None:
    from coach.tui.launch import run_app

    open_journal(CONFIG).close()
    assert run_app(start_routine="desk-break") == 0
    (arguments,) = launched
    assert arguments["journal"] is not None and arguments["open_journal"] is None

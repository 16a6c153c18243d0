"""The home screen's Today panel: the day's breaks, routine, water and week; `t` starts
what is due next (issue 15 item 3)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fakes import NO_EXTRAS, FakeLibrary, exercise
from history_helpers import add_session
from scheduler_helpers import close_paused, paused_scheduler
from tui_support import SIZE, text_of

from coach.clock import FakeClock
from coach.config import Config
from coach.history.journal import Journal
from coach.reminders.vocabulary import ReminderKind
from coach.routines.model import Kind, Routine
from coach.routines.programme_days import enrol
from coach.routines.programmes import Programme, Stage
from coach.tui.app import CoachApp, build_app
from coach.tui.reminders import ReminderOptions
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
CONFIG = Config(timezone="Europe/London", water_enabled=False)


def desk_break() -> Routine:
    return Routine(
        "desk-break",
        "Desk break",
        Kind.POSTURE,
        (exercise("Chin tuck", hold=5), exercise("Standing back bend", hold=5)),
        defaults=NO_EXTRAS,
    )


@pytest.fixture
def library(library: FakeLibrary) -> FakeLibrary:
    library.routines["desk-break"] = desk_break()
    return library


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_9)


@pytest.fixture
def journal(tmp_path: Path, clock: FakeClock) -> Iterator[Journal]:
    made = Journal(tmp_path / "coach.db", zone=LONDON)
    made.acknowledge_safety(clock.now())
    add_session(made, MONDAY_9 - timedelta(hours=1), minutes=6, kind="core", routine_id="holds")
    made.log_water(500, MONDAY_9 - timedelta(minutes=30))
    yield made
    made.close()


@pytest.fixture
def scheduler() -> Iterator[AsyncIOScheduler]:
    loop = asyncio.new_event_loop()
    made = paused_scheduler(loop)
    yield made
    close_paused(made, loop)


@pytest.fixture
def make(library, clock, journal, sound, scheduler):  # type: ignore[no-untyped-def]
    def build(**options: Any) -> CoachApp:
        return build_app(
            library=library,
            clock=clock,
            journal=journal,
            sound=sound,
            config=CONFIG,
            reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None, **options),
        )

    return build


async def test_the_panel_lists_the_days_breaks_the_water_and_the_week(make) -> None:  # type: ignore[no-untyped-def]
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()  # the reminders plan the next break, and the panel shows it
        today = text_of(app, "#today")
        assert "1 session · 0 min moderate activity" in today
        assert "Breaks 0 of 0 · next 10:00" in today
        assert "Week: 0/150 min · strength 1/2 days" in today
        assert "t: take the next break now (Desk break)" in today
        assert "Routine" not in today  # no programme plans one


async def test_t_starts_the_break_that_is_due_and_answers_its_reminder(
    make, clock: FakeClock, journal: Journal
) -> None:  # type: ignore[no-untyped-def]
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        service = app.reminders.service
        assert service is not None
        clock.advance(3600)
        assert await service.run_due(ReminderKind.SITTING) is not None
        await pilot.pause()
        await pilot.press("x")  # the banner skipped: the break stays the next item
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "desk-break"


async def test_t_starts_the_programmes_routine_first(make, library, journal) -> None:  # type: ignore[no-untyped-def]
    library.programmes = {  # the library's own programmes, as a `kind: programme` file gives
        "breathe-daily": Programme("breathe-daily", "Breathe", (Stage("Calm", every_day=("box",)),))
    }
    enrol(journal, "breathe-daily", MONDAY_9.date())
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Routine: Box breathing" in text_of(app, "#today")  # by its name, as home lists it
        assert "t: start today's routine (Box breathing)" in text_of(app, "#today")
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "box"


async def test_with_every_break_done_t_logs_a_glass(library, clock, journal, sound) -> None:  # type: ignore[no-untyped-def]
    config = Config(timezone="Europe/London", sitting_enabled=False)
    app = build_app(library=library, clock=clock, journal=journal, sound=sound, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "t: log a glass of water" in text_of(app, "#today")
        await pilot.press("t")
        await pilot.pause()
        assert journal.water_on(MONDAY_9.date()) == 750

"""The coach app opens the History and safety screens: `h`, `?`, first run, the clinician note."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeJournal
from tui_support import SIZE, screen_text

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.tui.app import build_app
from coach.tui.screens.choice import ChoiceScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.care_note import CareNote

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZONE)


class RecordingJournal(FakeJournal):
    """The conftest fake plus the real journal's safety setting and pain per day."""

    def __init__(self, acknowledged_at: datetime | None = None) -> None:
        super().__init__()
        self.acknowledged_at = acknowledged_at
        self.pain_by_day: dict[Any, int] = {}

    def safety_acknowledged_at(self) -> datetime | None:
        return self.acknowledged_at

    def acknowledge_safety(self, at: datetime) -> None:
        self.acknowledged_at = at

    def max_pain_by_day(self, first: Any, last: Any) -> dict[Any, int]:
        return {day: level for day, level in self.pain_by_day.items() if first <= day <= last}


@pytest.fixture
def real_journal(tmp_path: Path) -> Any:
    journal = Journal(tmp_path / "coach.db", zone=ZONE, now=NOW)
    journal.acknowledge_safety(NOW - timedelta(days=30))
    yield journal
    journal.close()


async def test_h_opens_history_and_escape_comes_back(library, real_journal):
    app = build_app(library=library, clock=FakeClock(NOW), journal=real_journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert "No history yet." in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_question_mark_opens_the_safety_screen(library, real_journal):
    app = build_app(library=library, clock=FakeClock(NOW), journal=real_journal)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)  # acknowledged before: no first-run screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, SafetyScreen)
        assert not app.screen.first_run
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_first_run_asks_once_and_stores_the_answer(library):
    clock = FakeClock(NOW)
    journal = RecordingJournal()
    app = build_app(library=library, clock=clock, journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        assert app.screen.first_run
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)  # the water question, once
        await pilot.press("1")  # no fluid limit
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.acknowledged_at == NOW
    again = build_app(library=library, clock=clock, journal=journal)
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, HomeScreen)


async def test_a_first_run_session_waits_for_the_safety_screen(library):
    journal = RecordingJournal()
    app = build_app(library=library, clock=FakeClock(NOW), journal=journal, start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        assert "start_session" not in [name for name, _ in journal.calls]
        await pilot.click("#acknowledge")
        await pilot.pause()
        assert "start_session" not in [name for name, _ in journal.calls]
        await pilot.press("escape")  # the water question: Escape is "no"
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_without_a_journal_nothing_is_asked(make_app):
    app = make_app()  # the conftest fake journal has no safety setting
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)


async def test_home_shows_the_clinician_note_after_three_severe_days(library):
    journal = RecordingJournal(acknowledged_at=NOW)
    today = NOW.date()
    journal.pain_by_day = {today - timedelta(days=n): 8 for n in range(3)}
    app = build_app(library=library, clock=FakeClock(NOW), journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = app.screen.query_one(CareNote)
        assert note.display
        assert "Please see a clinician" in screen_text(app)


async def test_no_note_without_severe_days(library):
    app = build_app(library=library, clock=FakeClock(NOW), journal=RecordingJournal(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(CareNote).display

"""The home screen: routines by kind, starting one, finding one, problems, today, notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fakes import FakeJournal, FakeLibrary
from textual.widgets import OptionList
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.errors import CoachError, InvalidFile, LocatedError, Location
from coach.tui.app import build_app, expand_keymap
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen


async def test_routines_are_grouped_by_kind_with_lengths_and_user_routines_marked(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#routine-list", OptionList).options
        headings = [str(o.prompt) for o in options if o.disabled]
        assert headings == ["Stretching", "Posture breaks", "Breathing", "Ice and heat", "Mixed"]
        rows = {o.id: " ".join(str(o.prompt).split()) for o in options if not o.disabled}
        assert rows["holds"] == "Holds 3 min"
        assert rows["my-break"] == "My break ~30 s yours"
        assert rows["short"] == "Short test ~1 min"
        shown = screen_text(app)
        assert shown.index("Stretching") < shown.index("Holds") < shown.index("Posture breaks")


async def test_details_follow_the_highlighted_routine(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "Two stretches." in text_of(app, "#details")
        await pilot.press("down")
        details = text_of(app, "#details")
        assert "My break" in details
        assert "1. Chin tuck · 10 reps" in details


async def test_enter_starts_the_highlighted_routine(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "holds"


async def test_slash_finds_a_routine_by_name(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"box")
        await pilot.pause(0.3)  # the palette searches in a worker
        assert "Start Box breathing" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "box"


async def test_the_command_palette_lists_routines(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"cold")
        await pilot.pause(0.3)
        assert "Start Cold pack" in screen_text(app)


async def test_broken_routine_files_are_shown(library: FakeLibrary, clock: FakeClock):
    problem = InvalidFile(
        "/home/me/.config/coach/routines/mine.yaml",
        [
            LocatedError(
                Location("/home/me/.config/coach/routines/mine.yaml", 4, 11),
                "expected a duration like 30s",
                "steps[0].hold",
            )
        ],
    )
    library.problems.append(problem)
    app = build_app(library=library, clock=clock)
    async with app.run_test(size=(100, 30)):
        shown = screen_text(app)
        assert "1 routine file could not be loaded" in shown
        assert "mine.yaml:4:11: steps[0].hold:" in shown
        assert "expected a duration like 30s" in shown
        assert "fix, then `coach validate`" in shown
        assert "/home/me" not in shown  # the folder would only wrap the line


async def test_no_today_panel_before_any_history(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#today").display


@dataclass
class Row:
    status: str
    steps_done: int
    active_seconds: float


class JournalWithHistory(FakeJournal):
    def __init__(self, rows: list[Row], water_ml: int) -> None:
        super().__init__()
        self.rows = rows
        self.water_ml = water_ml

    def water_on(self, day: date) -> int:
        return self.water_ml

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[Row]:
        return self.rows[:limit]


async def test_today_panel_shows_sessions_minutes_and_water(library, clock):
    journal = JournalWithHistory(
        [Row("completed", 5, 300), Row("quit", 0, 20), Row("quit", 2, 130)], water_ml=750
    )
    app = build_app(library=library, clock=clock, journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the history is read just after the first frame
        assert app.screen.query_one("#today").display
        today = text_of(app, "#today")
        assert "2 sessions · 8 min active" in today
        assert "750 ml of 2.0 L water" in today


async def test_a_history_that_cannot_be_read_only_hides_the_panel(library, clock):
    class BrokenJournal(FakeJournal):
        def water_on(self, day: date) -> int:
            raise OSError("database is locked")

    app = build_app(library=library, clock=clock, journal=BrokenJournal())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#today").display


async def test_the_summary_returns_home(make_app, clock: FakeClock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")  # Box breathing
        assert app.screen.routine.id == "box"
        for _ in range(8):
            await advance(pilot, clock, 4)
        assert isinstance(app.screen, SummaryScreen)
        assert "Back to routines" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running


async def test_notices_are_shown_once_as_notifications(make_app):
    app = make_app(notices=["config.yaml:3:8: water.goal: expected an amount like 2l"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["config.yaml:3:8: water.goal: expected an amount like 2l"]


def test_an_unknown_routine_fails_before_any_screen(make_app):
    with pytest.raises(CoachError, match='unknown routine "hold" \\(did you mean "holds"\\?\\)'):
        make_app(start_routine="hold")


def test_resume_follows_pause_in_a_keymap_unless_given():
    assert expand_keymap({"pause": "p"}) == {"pause": "p", "resume": "p"}
    assert expand_keymap({"pause": "p", "resume": "o"}) == {"pause": "p", "resume": "o"}
    assert expand_keymap({"skip": "s"}) == {"skip": "s"}
